/**
 * The `@playwright/test` row (docs/playwright.md's complete example): the project's own
 * `npm test` (`playwright test` with the docs' config as written), its app served by the
 * config's `webServer` on a port given in `PORT`, and Playwright's JSON report read back spec by
 * spec. A spec counts as passed only when every run of it passed the first time: a skipped or a
 * flaky (passed on retry) test fails the row.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Row } from '../rows.ts'
import { freePort } from './browser-rows.ts'
import { exec, tail } from './exec.ts'
import { condense, emptyOutcome, noteMissing, type Outcome } from './outcome.ts'

/** The part of Playwright's JSON report (reporter `json`) read here. */
interface JsonReport {
  stats?: { expected: number; unexpected: number; flaky: number; skipped: number }
  errors?: { message?: string }[]
  suites?: JsonSuite[]
}
interface JsonSuite {
  suites?: JsonSuite[]
  specs?: {
    title: string
    tests: { status: string; results: { status: string; error?: { message?: string } }[] }[]
  }[]
}

const specsOf = (suites: JsonSuite[] = []): NonNullable<JsonSuite['specs']> =>
  suites.flatMap((suite) => [...(suite.specs ?? []), ...specsOf(suite.suites)])

export async function runPlaywrightRow(
  row: Row,
  dir: string,
  expected: string[],
  logFile: string,
): Promise<Outcome> {
  const reportFile = path.join(dir, 'results.json')
  // The report is the runner's addition, on the command line: the config stays the docs' one.
  // One worker: the machine's cores are shared with the other rows.
  const result = await exec('npm', ['test', '--', '--reporter=list,json', '--workers=1'], {
    cwd: dir,
    timeoutMs: 5 * 60_000,
    logFile,
    env: { PORT: String(await freePort()), PLAYWRIGHT_JSON_OUTPUT_FILE: reportFile, CI: '1' },
  })
  const outcome = emptyOutcome()
  let report: JsonReport | undefined
  try {
    report = JSON.parse(await readFile(reportFile, 'utf8')) as JsonReport
  } catch {
    outcome.problems.push(`no JSON report was written:\n${tail(result.output, 12)}`)
  }
  for (const error of report?.errors ?? [])
    outcome.problems.push(condense(error.message ?? 'an error outside the tests'))
  for (const spec of specsOf(report?.suites)) {
    const statuses = spec.tests.map((test) => test.status)
    if (statuses.length > 0 && statuses.every((status) => status === 'expected'))
      outcome.passed.push(spec.title)
    else {
      const errors = spec.tests.flatMap((test) =>
        test.results.map((run) => run.error?.message ?? ''),
      )
      outcome.failed.push({
        name: spec.title,
        message: condense([`status: ${statuses.join(', ')}`, ...errors].join('\n')),
      })
    }
  }
  const stats = report?.stats
  if (stats && (stats.unexpected || stats.flaky || stats.skipped))
    outcome.problems.push(`playwright stats: ${JSON.stringify(stats)}`)
  if (result.timedOut) outcome.problems.push('timed out after 5 minutes')
  else if (result.code !== 0 && outcome.failed.length === 0 && report)
    outcome.problems.push(`\`npm test\` exited ${result.code}:\n${tail(result.output, 12)}`)
  noteMissing(outcome, expected)
  return outcome
}
