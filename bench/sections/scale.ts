/**
 * c. Scale: repository-scoped list page latency and resident memory at 1,000 / 10,000 /
 * 100,000 packages, one process per size (workers/scale.mjs), figures against the smallest.
 */
import { runWorker } from '../support/processes.ts'
import type { Mode, Section } from '../support/report.ts'
import { MiB } from '../support/stats.ts'

const settings = {
  full: { sizes: [1_000, 10_000, 100_000], repeats: 2_000 },
  smoke: { sizes: [500, 1_000], repeats: 20 },
}

interface ScaleResult {
  packageCount: number
  repositoryPackages: number
  buildMs: number
  loadMs: number
  rssBytes: number
  baseRssBytes: number
  heapUsedBytes: number
  heapTotalBytes: number
  maxRssBytes: number
  firstMs: number
  walkMs: number
  repeatMs: number
}

const RSS_LIMIT_MIB = 300

export async function scaleSection(mode: Mode): Promise<Section> {
  const s = settings[mode]
  const results: ScaleResult[] = []
  for (const packageCount of s.sizes)
    results.push(
      await runWorker<ScaleResult>('scale.mjs', { packageCount, repeats: s.repeats }, [
        '--expose-gc',
      ]),
    )
  const base = results[0]!
  const largest = results.at(-1)!
  const figures: Record<string, number> = {}
  const rows = results.map((r) => {
    const n = r.packageCount
    Object.assign(figures, {
      [`${n}.walkMs`]: r.walkMs,
      [`${n}.repeatMs`]: r.repeatMs,
      [`${n}.firstMs`]: r.firstMs,
      [`${n}.rssMiB`]: r.rssBytes / MiB,
      [`${n}.heapUsedMiB`]: r.heapUsedBytes / MiB,
      [`${n}.walkRatio`]: r.walkMs / base.walkMs,
      [`${n}.rssRatio`]: r.rssBytes / base.rssBytes,
    })
    return [
      n.toLocaleString('en-US'),
      r.repositoryPackages.toLocaleString('en-US'),
      r.walkMs,
      r.walkMs / base.walkMs,
      r.repeatMs,
      r.repeatMs / base.repeatMs,
      r.firstMs,
      r.rssBytes / MiB,
      r.rssBytes / base.rssBytes,
      r.heapUsedBytes / MiB,
      r.maxRssBytes / MiB,
      r.buildMs / 1000,
      r.loadMs / 1000,
    ]
  })
  const walkRatio = largest.walkMs / base.walkMs
  const rssMiB = largest.rssBytes / MiB
  const label = largest.packageCount.toLocaleString('en-US')
  return {
    id: 'c',
    title: 'Scale: packages in the dataset',
    method: [
      'One process per size (plain JavaScript over dist/, `--expose-gc`): the default dataset',
      'built with that many packages (`buildDefaultDataset({ packageCount })`), loaded with',
      '`createMock({ dataset })`, then list pages of `acme/platform` (the largest repository)',
      'through `mock.handle()` after a warm-up on another repository. *Page, first visit*: the',
      'mean of pages 2-9, each asked once (records serialised afresh); *page, again*: the mean of',
      `${s.repeats} requests cycling through those pages (cached record texts and page bytes);`,
      "*first list*: the repository's first list request, which sorts it once (later requests",
      'page through that view until the repository changes). Memory is read after a full',
      'collection, once loaded; *peak RSS* is the process high-water mark (build and load).',
      `Ratios are against the ${base.packageCount.toLocaleString('en-US')}-package figure.`,
    ].join(' '),
    tables: [
      {
        columns: [
          'packages',
          'in repo',
          'page, first visit ms',
          'ratio',
          'page, again ms',
          'ratio',
          'first list ms',
          'RSS MiB',
          'ratio',
          'heap used MiB',
          'peak RSS MiB',
          'build s',
          'load s',
        ],
        rows,
      },
    ],
    targets: [
      {
        target: `c. ${label} packages: page latency <= 3x the ${base.packageCount.toLocaleString('en-US')}-package figure`,
        measured: `${walkRatio.toFixed(2)}x (first visit), ${(largest.repeatMs / base.repeatMs).toFixed(2)}x (again)`,
        met: walkRatio <= 3 && largest.repeatMs / base.repeatMs <= 3,
      },
      {
        target: `c. ${label} packages: resident memory <= ${RSS_LIMIT_MIB} MB`,
        measured: `${rssMiB.toFixed(0)} MiB (heap used ${(largest.heapUsedBytes / MiB).toFixed(0)} MiB, process before data ${(largest.baseRssBytes / MiB).toFixed(0)} MiB)`,
        met: rssMiB <= RSS_LIMIT_MIB,
      },
    ],
    notes: [],
    figures,
  }
}
