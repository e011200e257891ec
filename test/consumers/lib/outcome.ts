/** What one row of the matrix ended with, and how the report condenses failure messages. */

export interface Failure {
  /** The check's name (a case of shared/*.cases.js). */
  name: string
  message: string
}

export interface Outcome {
  passed: string[]
  failed: Failure[]
  /** Anything else that makes the row fail: set-up, a crash, a non-zero exit, checks not run. */
  problems: string[]
}

export const emptyOutcome = (): Outcome => ({ passed: [], failed: [], problems: [] })

/** A row passes when every expected check passed and nothing else went wrong. */
export function rowPassed(outcome: Outcome, expected: string[]): boolean {
  return (
    outcome.problems.length === 0 &&
    outcome.failed.length === 0 &&
    expected.every((name) => outcome.passed.includes(name))
  )
}

/** Adds a problem naming the expected checks that neither passed nor failed. */
export function noteMissing(outcome: Outcome, expected: string[]): void {
  const seen = new Set([...outcome.passed, ...outcome.failed.map((failure) => failure.name)])
  const missing = expected.filter((name) => !seen.has(name))
  if (missing.length === 0) return
  if (seen.size > 0)
    outcome.problems.push(`${missing.length} check(s) never ran: ${missing.join('; ')}`)
  else if (outcome.problems.length === 0) outcome.problems.push('no check ran')
}

const ANSI = new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g')

/** A failure message without colours, stack frames or blank lines, at most `lines` lines. */
export function condense(message: string, lines = 14): string {
  const kept = message
    .replace(ANSI, '')
    .split('\n')
    .filter((line) => line.trim() && !/^\s+at /.test(line))
  const shown = kept.slice(0, lines)
  if (kept.length > lines) shown.push(`  ... (${kept.length - lines} more lines in the log)`)
  return shown.join('\n')
}
