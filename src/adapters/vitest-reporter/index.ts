/**
 * `cloudsmith-mock/vitest-reporter`: prints the error-path coverage table at the end of a run,
 * writes it as JSON and fails the run when required statuses were never answered
 * (docs/coverage.md). The workers hand their counts over through `cloudsmith-mock/vitest`.
 *
 * @example
 * // vitest.config.ts
 * import CoverageReporter from 'cloudsmith-mock/vitest-reporter'
 * export default defineConfig({ test: {
 *   setupFiles: ['cloudsmith-mock/vitest'],
 *   reporters: ['default', new CoverageReporter({ outputFile: 'mock-coverage.json',
 *     requireStatuses: { packages_upload_raw: [201, 422, 429] } })],
 * } })
 */
import type { Reporter } from 'vitest/node'
import {
  CoverageRun,
  unmetError,
  type CoverageReporterOptions,
  type CoverageRunResult,
} from '../testing/coverage-run.ts'

export type { CoverageReporterOptions, CoverageRunResult }

export default class CloudsmithCoverageReporter implements Reporter {
  readonly #run: CoverageRun
  /** The last run's result (for tests of the reporter). */
  result: CoverageRunResult | null = null

  constructor(options: CoverageReporterOptions = {}) {
    // Set up now: vitest starts its workers after building the reporters, so they inherit it.
    this.#run = new CoverageRun(options)
  }

  onTestRunEnd(): void {
    this.result = this.#run.finish((text) => process.stdout.write(`\n${text}\n`))
    const error = unmetError(this.result)
    if (error) {
      process.stderr.write(`${error.message}\n`)
      process.exitCode = 1
    }
  }
}
