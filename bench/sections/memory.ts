/**
 * e. Memory of the standalone server over a long run: resident memory after 50,000, 100,000,
 * 150,000 and 200,000 requests (a mix of list pages and create-then-delete pairs), read from
 * /proc, against the first sample.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCH_REPOSITORY } from '../fixtures/bench-dataset.ts'
import { startBenchServer } from '../support/bench-server.ts'
import { generatorName, load } from '../support/load.ts'
import { rssOf } from '../support/processes.ts'
import type { Mode, Section } from '../support/report.ts'
import { MiB } from '../support/stats.ts'
import { CONNECTIONS } from './http.ts'

const settings = {
  full: { perPhase: 50_000, phases: 4, packageCount: 2_000, settleMs: 1_000 },
  smoke: { perPhase: 100, phases: 4, packageCount: 400, settleMs: 0 },
}

export async function memorySection(mode: Mode): Promise<Section> {
  const s = settings[mode]
  const directory = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-bench-'))
  const server = await startBenchServer({ packageCount: s.packageCount, directory })
  const samples: { requests: number; rss: number; journal: number; failed: number }[] = []
  const startRss = rssOf(server.pid) ?? Number.NaN
  let requests = 0
  try {
    for (let phase = 0; phase < s.phases; phase++) {
      const result = await load({
        url: server.url,
        connections: CONNECTIONS,
        serverPid: server.pid,
        steps: [
          { get: '/v1/repos/acme/' },
          { get: `/v1/packages/acme/${BENCH_REPOSITORY}/?page=2` },
          { pair: 'acme' },
        ],
        amount: s.perPhase,
      })
      requests += result.requests
      await new Promise((resolve) => setTimeout(resolve, s.settleMs))
      const health = (await (await fetch(`${server.url}/__mock/health`)).json()) as {
        journal: { size: number }
      }
      samples.push({
        requests,
        rss: rssOf(server.pid) ?? Number.NaN,
        journal: health.journal.size,
        failed: result.non2xx + result.errors + result.timeouts,
      })
    }
  } finally {
    await server.stop()
    await rm(directory, { recursive: true, force: true })
  }
  const first = samples[0]!
  const last = samples.at(-1)!
  const growth = last.rss / first.rss
  const figures: Record<string, number> = { startRssMiB: startRss / MiB, growth }
  for (const sample of samples) figures[`rssMiB.${sample.requests}`] = sample.rss / MiB
  const failed = samples.reduce((n, sample) => n + sample.failed, 0)
  return {
    id: 'e',
    title: 'Memory over a long run',
    method: [
      `The standalone server (benchmark dataset, ${s.packageCount.toLocaleString('en-US')} packages)`,
      `under ${s.phases} runs of ${s.perPhase.toLocaleString('en-US')} requests, ${CONNECTIONS}`,
      `connections (${generatorName()}), cycling through \`GET /v1/repos/acme/\`, a package list page and`,
      'a create-then-delete pair. Resident memory is read from /proc after each run',
      s.settleMs ? `(${s.settleMs} ms after it ends)` : '',
      'and set against the first sample; the journal size comes from `GET /__mock/health`.',
    ]
      .filter(Boolean)
      .join(' '),
    tables: [
      {
        columns: ['requests', 'RSS MiB', 'ratio to first', 'journal entries'],
        rows: [
          ['0 (started)', startRss / MiB, startRss / first.rss, 0],
          ...samples.map((sample) => [
            sample.requests.toLocaleString('en-US'),
            sample.rss / MiB,
            sample.rss / first.rss,
            sample.journal,
          ]),
        ],
      },
    ],
    targets: [
      {
        target: `e. memory flat (within 10%) from ${first.requests.toLocaleString('en-US')} to ${last.requests.toLocaleString('en-US')} requests`,
        measured: `${((growth - 1) * 100).toFixed(1)}% (${(first.rss / MiB).toFixed(0)} -> ${(last.rss / MiB).toFixed(0)} MiB)`,
        met: growth <= 1.1,
      },
    ],
    notes: failed > 0 ? [`${failed} requests were not answered with a 2xx.`] : [],
    figures,
  }
}
