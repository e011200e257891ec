/**
 * a. The standalone server over real HTTP, against a bare node:http server that serves the bytes
 * the mock answered (captured first), measured alternately in the same run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCH_REPOSITORY } from '../fixtures/bench-dataset.ts'
import { capture } from '../support/capture.ts'
import { load, type LoadInput, type LoadResult } from '../support/load.ts'
import { startBenchServer } from '../support/bench-server.ts'
import { ROOT, spawnServer, type Child } from '../support/processes.ts'
import type { Mode, Section } from '../support/report.ts'
import { median } from '../support/stats.ts'

export const CONNECTIONS = 32
const KEY = { 'x-api-key': 'demo-api-key' }
const LIST = '/v1/repos/acme/'
const PACKAGES = `/v1/packages/acme/${BENCH_REPOSITORY}/?page=2&query=format:npm`

interface Endpoint {
  name: string
  kind: LoadInput['kind']
  paths: string[]
}

const endpoints: Endpoint[] = [
  { name: `GET ${LIST} (page of 30 repositories)`, kind: 'get', paths: [LIST] },
  { name: `GET ${PACKAGES}`, kind: 'get', paths: [PACKAGES] },
  { name: 'POST /v1/repos/acme/ then DELETE it (pairs)', kind: 'create-delete', paths: [] },
]

export const settings = {
  full: { warmupS: 3, durationS: 8, rounds: 3, packageCount: 2_000 },
  smoke: { warmupS: 0, amount: 100, rounds: 1, packageCount: 400 },
}

async function startBaseline(
  mock: Child,
  directory: string,
): Promise<{ bare: Child; bytes: number[] }> {
  const captured = [
    await capture(mock.url, { method: 'GET', path: LIST, headers: KEY }),
    await capture(mock.url, { method: 'GET', path: PACKAGES, headers: KEY }),
    await capture(
      mock.url,
      {
        method: 'POST',
        path: '/v1/repos/acme/',
        headers: { ...KEY, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'bench-capture', repository_type_str: 'Private' }),
      },
      '*',
    ),
    await capture(
      mock.url,
      { method: 'DELETE', path: '/v1/repos/acme/bench-capture/', headers: KEY },
      '*',
    ),
  ]
  for (const c of captured)
    if (c.status >= 300) throw new Error(`capture of ${c.method} ${c.path} answered ${c.status}`)
  const file = join(directory, 'captured.json')
  await writeFile(file, JSON.stringify(captured))
  const bare = await spawnServer([
    join(ROOT, 'bench/workers/bare-server.mjs'),
    JSON.stringify({ file }),
  ])
  return { bare, bytes: captured.map((c) => Buffer.from(c.body, 'base64').length) }
}

export async function httpSection(mode: Mode): Promise<Section> {
  const s = settings[mode]
  const directory = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-bench-'))
  const mock = await startBenchServer({ packageCount: s.packageCount, directory })
  const { bare, bytes } = await startBaseline(mock, directory).catch(async (error: unknown) => {
    await mock.stop()
    throw error
  })
  const run = (target: Child, endpoint: Endpoint, durationS: number) =>
    load({
      url: target.url,
      connections: CONNECTIONS,
      kind: endpoint.kind,
      paths: endpoint.paths,
      ...('amount' in s ? { amount: s.amount } : { durationS }),
    })

  const rows: (string | number)[][] = []
  const figures: Record<string, number> = {}
  const notes: string[] = []
  let listRatio = Number.NaN
  let listP99 = Number.NaN
  try {
    for (const [index, endpoint] of endpoints.entries()) {
      if (s.warmupS > 0) {
        await run(bare, endpoint, s.warmupS)
        await run(mock, endpoint, s.warmupS)
      }
      const rounds: { bare: LoadResult; mock: LoadResult }[] = []
      // Alternating rounds spread whatever else the machine does over both servers alike.
      for (let round = 0; round < s.rounds; round++) {
        const b = await run(bare, endpoint, 'durationS' in s ? s.durationS : 0)
        const m = await run(mock, endpoint, 'durationS' in s ? s.durationS : 0)
        rounds.push({ bare: b, mock: m })
      }
      for (const [who, results] of [
        ['mock', rounds.map((r) => r.mock)],
        ['bare', rounds.map((r) => r.bare)],
      ] as const) {
        const failed = results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0)
        if (failed > 0)
          notes.push(`${endpoint.name}: ${failed} non-2xx/errors/timeouts from the ${who} server.`)
      }
      const ratio = median(rounds.map((r) => r.mock.requestsPerSecond / r.bare.requestsPerSecond))
      const figure = (pick: (r: LoadResult) => number, who: 'mock' | 'bare') =>
        median(rounds.map((r) => pick(r[who])))
      const mockRps = figure((r) => r.requestsPerSecond, 'mock')
      const bareRps = figure((r) => r.requestsPerSecond, 'bare')
      const p50 = figure((r) => r.latencyMs.p50, 'mock')
      const p99 = figure((r) => r.latencyMs.p99, 'mock')
      const bareP50 = figure((r) => r.latencyMs.p50, 'bare')
      const bareP99 = figure((r) => r.latencyMs.p99, 'bare')
      rows.push([endpoint.name, mockRps, bareRps, ratio, p50, p99, bareP50, bareP99])
      const key = ['list', 'packages', 'pair'][index]!
      Object.assign(figures, {
        [`${key}.rps`]: mockRps,
        [`${key}.bareRps`]: bareRps,
        [`${key}.ratio`]: ratio,
        [`${key}.p50Ms`]: p50,
        [`${key}.p99Ms`]: p99,
      })
      if (index === 0) {
        listRatio = ratio
        listP99 = p99
      }
    }
  } finally {
    await Promise.all([mock.stop(), bare.stop()])
    await rm(directory, { recursive: true, force: true })
  }
  figures['list.bytes'] = bytes[0]!
  figures['packages.bytes'] = bytes[1]!
  notes.push(
    `Response bodies: the list ${bytes[0]!.toLocaleString('en-US')} bytes (30 repositories), the package page ${bytes[1]!.toLocaleString('en-US')} bytes, create ${bytes[2]!.toLocaleString('en-US')} bytes, delete ${bytes[3]} bytes.`,
  )
  return {
    id: 'a',
    title: 'Standalone server over HTTP',
    method: [
      `\`cloudsmith-mock serve\` (dist/, \`--config\` a JSON file holding the benchmark dataset: the default`,
      `dataset plus 30 repositories in acme, ${s.packageCount.toLocaleString('en-US')} packages) and`,
      'a bare `node:http` server that answers with the bytes captured from the mock for the same',
      `requests. autocannon (programmatic API) runs in its own process, ${CONNECTIONS} connections;`,
      'server and load generator each get a process, so on this machine they share its cores.',
      `Each figure is the median of ${s.rounds} alternating round(s) (bare, then mock) of`,
      'durationS' in s
        ? `${s.durationS} s after a ${s.warmupS} s warm-up of each.`
        : `${s.amount} requests (smoke mode).`,
      'A pair is two requests (POST creates a repository, DELETE removes it); each connection',
      'reuses its own slug. Ratio = mock requests/s ÷ bare requests/s.',
    ]
      .filter(Boolean)
      .join(' '),
    tables: [
      {
        columns: [
          'Endpoint',
          'mock req/s',
          'bare req/s',
          'ratio',
          'mock p50 ms',
          'mock p99 ms',
          'bare p50 ms',
          'bare p99 ms',
        ],
        rows,
      },
    ],
    targets: [
      {
        target: `a. list >= 0.5 of bare node:http throughput, p99 < 20 ms at ${CONNECTIONS} connections`,
        measured: `${listRatio.toFixed(2)}, p99 ${listP99.toFixed(1)} ms`,
        met: listRatio >= 0.5 && listP99 < 20,
      },
    ],
    notes,
    figures,
  }
}
