/**
 * Error-path coverage: which statuses each operation was answered with, set against the statuses
 * the document says it can send. Built from the journal's counts (`Journal.tally()`), which keep
 * every answer since the start or the last reset, not only those still in the ring.
 */
import type { CoverageCounts } from './journal.ts'
import { isOperationId } from './openapi/index.ts'

export type { CoverageCounts } from './journal.ts'

/** One operation's row of the coverage table. */
export interface OperationCoverage {
  operationId: string
  /** How many answers had each status, e.g. `{ 201: 3, 422: 1 }`; 0 is a dropped connection. */
  answered: Record<number, number>
  /** Every status the operation can send: the document's, plus those any call can meet (401, 429, ...). */
  documented: number[]
  /** Documented statuses no request was answered with: the error paths no test went down. */
  untested: number[]
  /** Statuses answered that the document does not list (a dropped connection is 0). */
  undocumented: number[]
}

/**
 * The coverage table: one row per operation of the document that received at least one request,
 * by operation id. The mock's own routes (the upload host's form POST, downloads) are left out:
 * the document says nothing about them.
 */
export interface CoverageReport {
  /** Requests counted (those no route matched are not). */
  requests: number
  operations: OperationCoverage[]
}

/** The statuses an operation can send (`statusesFor` of handlers/define-route.ts). */
export type StatusesFor = (operationId: string) => number[]

/**
 * The table for `counts`.
 * @example
 * coverageReport({ repos_create: { 201: 1 } }, statusesFor).operations[0].untested // [400, 401, ...]
 */
export function coverageReport(counts: CoverageCounts, statusesFor: StatusesFor): CoverageReport {
  let requests = 0
  const operations = Object.keys(counts)
    .filter(isOperationId)
    .sort()
    .map((operationId): OperationCoverage => {
      const answered = counts[operationId]!
      const seen = Object.keys(answered).map(Number)
      for (const status of seen) requests += answered[status]!
      const documented = statusesFor(operationId)
      return {
        operationId,
        answered: { ...answered },
        documented,
        untested: documented.filter((status) => !seen.includes(status)),
        undocumented: seen.filter((status) => !documented.includes(status)).sort((a, b) => a - b),
      }
    })
  return { requests, operations }
}

/** Adds `more` into `into` (changes and returns `into`). */
export function addCounts(into: CoverageCounts, more: CoverageCounts): CoverageCounts {
  for (const [operationId, byStatus] of Object.entries(more)) {
    const target = (into[operationId] ??= {})
    for (const [status, count] of Object.entries(byStatus))
      target[Number(status)] = (target[Number(status)] ?? 0) + count
  }
  return into
}

/** Required statuses an operation never got: `{ packages_upload_raw: [422] }`; empty when all met. */
export function unmetStatuses(
  counts: CoverageCounts,
  required: Record<string, readonly number[]>,
): Record<string, number[]> {
  const unmet: Record<string, number[]> = {}
  for (const [operationId, statuses] of Object.entries(required)) {
    const missing = statuses.filter((status) => !(counts[operationId]?.[status] ?? 0))
    if (missing.length) unmet[operationId] = missing
  }
  return unmet
}

const RUN_KEY = Symbol.for('cloudsmith-mock.run-coverage')

/**
 * The counts of every mock in this JavaScript realm since it loaded, whatever their resets: what
 * a test worker hands to the coverage reporter (src/adapters/testing/coverage-handoff.ts). Kept on
 * `globalThis` so that module copies re-evaluated per test file still add to one tally.
 */
export function runCounts(): CoverageCounts {
  const holder = globalThis as { [RUN_KEY]?: CoverageCounts }
  return (holder[RUN_KEY] ??= {})
}

/** Counts one answer in the run's tally. */
export function countInRun(operationId: string | null, status: number): void {
  if (operationId === null) return
  const byStatus = (runCounts()[operationId] ??= {})
  byStatus[status] = (byStatus[status] ?? 0) + 1
}
