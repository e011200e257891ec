/**
 * The coverage table as text, for the end of a test run:
 *
 *   operation            answered              untested
 *   repos_create         201×2 422×1           400 401 402 403 404 429 500 503
 */
import type { CoverageRunResult } from './coverage-run.ts'

/** The table (when `full`) and the unmet requirements, as lines of text. */
export function coverageTable(result: CoverageRunResult, full = true): string {
  const lines: string[] = []
  if (full) {
    lines.push(
      `cloudsmith-mock coverage: ${result.requests} requests to ${result.operations.length} operations`,
    )
    const rows = result.operations.map((row) => [
      row.operationId,
      Object.entries(row.answered)
        .map(([status, count]) => `${status === '0' ? 'dropped' : status}×${count}`)
        .join(' '),
      row.untested.join(' ') || '-',
      row.undocumented.filter((s) => s !== 0).join(' '),
    ])
    const header = ['operation', 'answered', 'untested', 'undocumented']
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
    const line = (cells: string[]) =>
      cells
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()
    lines.push(line(header), ...rows.map(line))
  }
  const unmet = Object.entries(result.unmet)
  if (unmet.length) {
    lines.push('Required statuses never answered:')
    for (const [operation, statuses] of unmet) lines.push(`  ${operation}: ${statuses.join(', ')}`)
  }
  return lines.join('\n')
}
