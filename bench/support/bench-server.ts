/**
 * `cloudsmith-mock serve` (dist/) with the benchmark dataset, handed over as a JSON config file
 * so that the server under test runs plain JavaScript only (a TypeScript config would load
 * Node's type stripper into it). The rate limit is out of reach: the mock's clock stands still,
 * so its default window of 100,000 requests would turn a long run into 429s.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { buildBenchDataset } from '../fixtures/bench-dataset.ts'
import { spawnMockServer, type Child } from './processes.ts'

export async function startBenchServer(options: {
  /** Packages of the benchmark dataset; without, the CLI's own default dataset (360). */
  packageCount?: number
  directory: string
  nodeOptions?: readonly string[]
  /** More `serve` arguments, e.g. `--persist FILE`. */
  args?: readonly string[]
}): Promise<Child> {
  const config = join(options.directory, `bench-config-${options.packageCount ?? 'default'}.json`)
  await writeFile(
    config,
    JSON.stringify({
      ...(options.packageCount === undefined
        ? {}
        : { dataset: buildBenchDataset({ packageCount: options.packageCount }) }),
      rateLimit: { limit: 1_000_000_000 },
    }),
  )
  return spawnMockServer(['--config', config, ...(options.args ?? [])], {
    nodeOptions: options.nodeOptions,
  })
}
