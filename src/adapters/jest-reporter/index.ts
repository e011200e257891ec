/**
 * `cloudsmith-mock/jest-reporter`: prints the error-path coverage table at the end of a run,
 * writes it as JSON and fails the run when required statuses were never answered
 * (docs/coverage.md). The workers hand their counts over through `cloudsmith-mock/jest`.
 *
 * @example
 * // jest.config.mjs
 * export default {
 *   setupFilesAfterEach: ['cloudsmith-mock/jest'],
 *   reporters: ['default', ['cloudsmith-mock/jest-reporter', { outputFile: 'mock-coverage.json',
 *     requireStatuses: { packages_upload_raw: [201, 422, 429] } }]],
 * }
 */
import {
  CoverageRun,
  unmetError,
  type CoverageReporterOptions,
  type CoverageRunResult,
} from '../testing/coverage-run.ts'

export type { CoverageReporterOptions, CoverageRunResult }

export default class CloudsmithCoverageReporter {
  readonly #run: CoverageRun
  #error: Error | null = null
  /** The last run's result (for tests of the reporter). */
  result: CoverageRunResult | null = null

  /** jest passes its global config first, then this reporter's options. */
  constructor(_globalConfig: unknown, options: CoverageReporterOptions = {}) {
    // Set up now: jest starts its workers after building the reporters, so they inherit it.
    this.#run = new CoverageRun(options)
  }

  onRunComplete(): void {
    this.result = this.#run.finish((text) => process.stdout.write(`\n${text}\n`))
    this.#error = unmetError(this.result)
    if (this.#error) process.stderr.write(`${this.#error.message}\n`)
  }

  /** jest fails the run (exit code 1) when a reporter returns an error here. */
  getLastError(): Error | undefined {
    return this.#error ?? undefined
  }
}
