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
  const args =
    row.kind === 'vitest'
      ? ['--reporter=default', '--reporter=json', `--outputFile=${reportFile}`]
      : ['--json', `--outputFile=${reportFile}`]
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
  noteMissing(outcome, expected)
  return outcome
}
