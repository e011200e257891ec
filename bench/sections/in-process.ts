/**
 * b. In-process: mean time per `fetch` through setupMockServer, against a setupServer whose only
 * handler answers the same bytes. Both run in one child process (workers/in-process.mjs), one
 * listening at a time, alternating.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BENCH_REPOSITORY, buildBenchDataset } from '../fixtures/bench-dataset.ts'
import { runWorker } from '../support/processes.ts'
import type { Mode, Section } from '../support/report.ts'

const settings = {
  full: { iterations: 200, rounds: 8, packageCount: 2_000 },
  smoke: { iterations: 10, rounds: 1, packageCount: 400 },
}

type WorkerResult = Record<
  string,
  {
    mockMedianMs: number
    staticMedianMs: number
    mockMeanMs: number
    staticMeanMs: number
    fetches: number
    bytes: number
  }
>

const names: Record<string, string> = {
  list: 'GET /v1/repos/acme/ (page of 30 repositories)',
  packages: `GET /v1/packages/acme/${BENCH_REPOSITORY}/?page=2&query=format:npm`,
}

export async function inProcessSection(mode: Mode): Promise<Section> {
  const s = settings[mode]
  const directory = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-bench-'))
  const datasetFile = join(directory, 'dataset.json')
  await writeFile(datasetFile, JSON.stringify(buildBenchDataset({ packageCount: s.packageCount })))
  const result = await runWorker<WorkerResult>('in-process.mjs', {
    iterations: s.iterations,
    rounds: s.rounds,
    datasetFile,
    repository: BENCH_REPOSITORY,
  }).finally(() => rm(directory, { recursive: true, force: true }))
  const rows: (string | number)[][] = []
  const figures: Record<string, number> = {}
  for (const [key, r] of Object.entries(result)) {
    const mockUs = r.mockMedianMs * 1000
    const staticUs = r.staticMedianMs * 1000
    const ratio = mockUs / staticUs
    const meanRatio = r.mockMeanMs / r.staticMeanMs
    rows.push([
      names[key] ?? key,
      mockUs,
      staticUs,
      ratio,
      r.mockMeanMs * 1000,
      r.staticMeanMs * 1000,
      meanRatio,
      r.fetches,
      r.bytes,
    ])
    Object.assign(figures, {
      [`${key}.mockUs`]: mockUs,
      [`${key}.staticUs`]: staticUs,
      [`${key}.ratio`]: ratio,
      [`${key}.meanRatio`]: meanRatio,
    })
  }
  const listRatio = figures['list.ratio']!
  return {
    id: 'b',
    title: 'In-process (setupMockServer)',
    method: [
      'Time per `fetch()` (request, response, body read to the end) through',
      '`setupMockServer` (msw/node around the mock, benchmark dataset) against a `setupServer`',
      'with one static `http.get` handler answering the bytes captured from the mock. Both in one',
      'child process, one listening at a time, taking turns every 10 sequential fetches (which',
      `goes first alternates) for ${s.rounds} round(s) of ${s.iterations} fetches each, after a`,
      'warm-up round. Ratio = median time per fetch through the mock ÷ through the static',
      'handler (the means are shown too: a garbage collection weighs on whichever side it lands).',
    ].join(' '),
    tables: [
      {
        columns: [
          'Endpoint',
          'mock µs (median)',
          'static µs (median)',
          'ratio',
          'mock µs (mean)',
          'static µs (mean)',
          'ratio of means',
          'fetches each',
          'body bytes',
        ],
        rows,
      },
    ],
    targets: [
      {
        target: 'b. in-process <= 1.3x a single static msw handler',
        measured: `${listRatio.toFixed(2)}x (list)`,
        met: listRatio <= 1.3,
      },
    ],
    notes: [],
    figures,
  }
}
