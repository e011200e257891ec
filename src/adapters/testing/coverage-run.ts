/**
 * What both coverage reporters do in the runner's main process: prepare the hand-off directory
 * before the workers start, then at the end add up the workers' counts, print the table, write
 * the JSON and say whether the required statuses were met.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { statusesFor } from '../../../handlers/define-route.ts'
import { coverageReport, unmetStatuses, type CoverageReport } from '../../core/coverage.ts'
import type { OperationId } from '../../core/openapi/index.ts'
import { collectCoverage, COVERAGE_DIR_ENV } from './coverage-handoff.ts'
import { coverageTable } from './coverage-table.ts'

/** Options of both reporters. */
export interface CoverageReporterOptions {
  /** Where to write the table as JSON (relative to the working directory); none by default. */
  outputFile?: string
  /**
   * Statuses operations must have been answered with; the run fails when one never was.
   * @example { packages_upload_raw: [201, 422, 429] }
   */
  requireStatuses?: Partial<Record<OperationId, readonly number[]>>
  /** Print the table (default true); unmet requirements are printed either way. */
  print?: boolean
  /**
   * The hand-off directory the workers write to (default: a fresh temporary one, removed at the
   * end). Also read from `CLOUDSMITH_MOCK_COVERAGE_DIR` by the workers.
   */
  dir?: string
}

/** The JSON the reporters write: the table, plus what was required and is unmet. */
export interface CoverageRunResult extends CoverageReport {
  required: Record<string, readonly number[]>
  /** Required statuses never answered, by operation; empty when the requirement is met. */
  unmet: Record<string, number[]>
}

export class CoverageRun {
  readonly dir: string
  readonly #options: CoverageReporterOptions
  readonly #temporary: boolean

  /** Prepares the directory and exports it to the workers (call before they start). */
  constructor(options: CoverageReporterOptions = {}) {
    this.#options = options
    this.#temporary = options.dir === undefined
    this.dir = options.dir
      ? resolve(options.dir)
      : mkdtempSync(join(tmpdir(), 'cloudsmith-mock-coverage-'))
    // Counts a previous run left there would count twice.
    rmSync(this.dir, { recursive: true, force: true })
    mkdirSync(this.dir, { recursive: true })
    process.env[COVERAGE_DIR_ENV] = this.dir
  }

  /** Adds up, prints (through `log`), writes the JSON; returns the result. */
  finish(log: (text: string) => void): CoverageRunResult {
    const counts = collectCoverage(this.dir)
    const required = Object.fromEntries(
      Object.entries(this.#options.requireStatuses ?? {}).filter(([, list]) => list !== undefined),
    ) as Record<string, readonly number[]>
    const result: CoverageRunResult = {
      ...coverageReport(counts, statusesFor),
      required,
      unmet: unmetStatuses(counts, required),
    }
    if (this.#options.print !== false || Object.keys(result.unmet).length)
      log(coverageTable(result, this.#options.print !== false))
    // Nothing handed over is most often a missing setup file, not a run without requests.
    if (!readdirSync(this.dir).some((name) => name.endsWith('.json')))
      log(
        'cloudsmith-mock coverage: no test worker handed counts over; is `cloudsmith-mock/vitest` ' +
          '(or `cloudsmith-mock/jest`) in your setup files?',
      )
    if (this.#options.outputFile) {
      const file = resolve(this.#options.outputFile)
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`)
    }
    if (this.#temporary) rmSync(this.dir, { recursive: true, force: true })
    return result
  }
}

/** The error a reporter fails the run with, or null when every requirement is met. */
export function unmetError(result: CoverageRunResult): Error | null {
  const entries = Object.entries(result.unmet)
  if (!entries.length) return null
  const lines = entries.map(([operation, statuses]) => `${operation}: ${statuses.join(', ')}`)
  return new Error(`cloudsmith-mock: required statuses never answered: ${lines.join('; ')}`)
}
