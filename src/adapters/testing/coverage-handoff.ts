/**
 * The hand-off between test workers, where the mocks live, and the coverage reporter in the
 * runner's main process: the reporter names a directory in an environment variable before the
 * workers start; after each test file, a worker writes its run's counts there (one file per
 * worker realm, rewritten whole, so writing twice never counts twice); the reporter adds them up.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { addCounts, runCounts, type CoverageCounts } from '../../core/coverage.ts'

/** The variable the reporters set for their workers. */
export const COVERAGE_DIR_ENV = 'CLOUDSMITH_MOCK_COVERAGE_DIR'

const FILE_KEY = Symbol.for('cloudsmith-mock.coverage-file')

/**
 * Writes this realm's counts to `dir` (default: `$CLOUDSMITH_MOCK_COVERAGE_DIR`); does nothing
 * without one. Returns the file written, or null.
 */
export function handOffCoverage(dir = process.env[COVERAGE_DIR_ENV]): string | null {
  if (!dir) return null
  const holder = globalThis as { [FILE_KEY]?: string }
  const name = (holder[FILE_KEY] ??= `${process.pid}-${randomUUID()}.json`)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, name)
  // Renamed into place, so the reporter never reads half a file.
  writeFileSync(`${file}.tmp`, JSON.stringify(runCounts()))
  renameSync(`${file}.tmp`, file)
  return file
}

/** The counts every worker handed off in `dir`, added up (nothing there: `{}`). */
export function collectCoverage(dir: string): CoverageCounts {
  const total: CoverageCounts = {}
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return total
  }
  for (const name of names.filter((n) => n.endsWith('.json')).sort())
    addCounts(total, JSON.parse(readFileSync(join(dir, name), 'utf8')) as CoverageCounts)
  return total
}
