/**
 * Rows run by a Node test runner: the project's own `npm test` (vitest or jest), with a JSON
 * report next to the usual output, read back check by check.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Row } from '../rows.ts'
import { exec, tail } from './exec.ts'
import { condense, emptyOutcome, noteMissing, type Outcome } from './outcome.ts'

/** The part of the jest-style JSON report (jest --json, vitest --reporter=json) read here. */
interface JsonReport {
  testResults?: {
    name?: string
    message?: string
    assertionResults?: { title: string; status: string; failureMessages?: string[] }[]
  }[]
}

/** Lines of the output that explain a failing exit after the checks (e.g. unhandled errors). */
function explainExit(output: string): string {
  const lines = condense(output, 10_000).split('\n')
  const start = lines.findIndex((line) => /Unhandled|AssertionError|Error:|ERR_/.test(line))
  return start === -1 ? tail(output, 8) : lines.slice(start, start + 8).join('\n')
}

export async function runTestRunner(
  row: Row,
  dir: string,
  expected: string[],
  logFile: string,
): Promise<Outcome> {
  const reportFile = path.join(dir, 'results.json')
  // A --reporter on vitest's command line replaces the config's reporters: a row with its own
  // config names the JSON reporter there, and only its file here.
  const args =
    row.kind === 'jest'
      ? ['--json', `--outputFile=${reportFile}`]
      : row.config
        ? [`--outputFile.json=${reportFile}`]
        : ['--reporter=default', '--reporter=json', `--outputFile=${reportFile}`]
  if (row.config) args.unshift('--config', row.config)
  const result = await exec('npm', ['test', '--', ...args], {
    cwd: dir,
    timeoutMs: 5 * 60_000,
    logFile,
  })
  const outcome = emptyOutcome()
  let report: JsonReport | undefined
  try {
    report = JSON.parse(await readFile(reportFile, 'utf8')) as JsonReport
  } catch {
    outcome.problems.push(`no JSON report was written:\n${tail(result.output, 12)}`)
  }
  for (const file of report?.testResults ?? []) {
    const tests = file.assertionResults ?? []
    if (file.message && tests.every((test) => test.status === 'passed'))
      outcome.problems.push(
        `${path.basename(file.name ?? 'a test file')} failed to run:\n${condense(file.message)}`,
      )
    for (const test of tests) {
      if (test.status === 'passed') outcome.passed.push(test.title)
      else
        outcome.failed.push({
          name: test.title,
          message: condense(test.failureMessages?.join('\n') || test.status),
        })
    }
  }
  if (result.timedOut) outcome.problems.push('timed out after 5 minutes')
  else if (result.code !== 0 && outcome.failed.length === 0 && report)
    outcome.problems.push(
      `\`npm test\` exited ${result.code} although no check failed:\n${explainExit(result.output)}`,
    )
  if (row.coverageReport)
    outcome.problems.push(
      ...(await coverageProblems(path.join(dir, row.coverageReport), result.output)),
    )
  noteMissing(outcome, expected)
  return outcome
}

/** The coverage report's JSON (docs/coverage.md, "Options"), the part read here. */
interface CoverageReport {
  operations?: { operationId: string; answered: Record<string, number> }[]
  required?: Record<string, number[]>
  unmet?: Record<string, number[]>
}

/**
 * What is wrong with the coverage reporter's work: the table printed, the JSON written, every
 * required status answered (and so none unmet).
 */
async function coverageProblems(file: string, output: string): Promise<string[]> {
  const problems: string[] = []
  if (!output.includes('cloudsmith-mock coverage:'))
    problems.push('the coverage reporter printed no table')
  let report: CoverageReport
  try {
    report = JSON.parse(await readFile(file, 'utf8')) as CoverageReport
  } catch {
    return [...problems, `the coverage reporter wrote no ${path.basename(file)}`]
  }
  const required = Object.entries(report.required ?? {})
  if (required.length === 0) problems.push('the coverage report has no required statuses')
  for (const [operationId, statuses] of required) {
    const answered = report.operations?.find((row) => row.operationId === operationId)?.answered
    const missing = statuses.filter((status) => !answered?.[status])
    if (missing.length > 0)
      problems.push(`coverage: ${operationId} never answered ${missing.join(', ')}`)
  }
  if (Object.keys(report.unmet ?? {}).length > 0)
    problems.push(`coverage: unmet ${JSON.stringify(report.unmet)}`)
  return problems
}
