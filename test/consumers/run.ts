/**
 * The consumer matrix (issue 11): packs cloudsmith-mock as published, installs it into a fresh
 * temporary project per environment (rows.ts) and runs the same checks (shared/*.cases.js) in
 * each. Prints one line per row and each failed check with its message; exits 1 when any row
 * fails. Run by `npm test` (`npm run test:consumers`).
 *
 *   node test/consumers/run.ts                  every row
 *   node test/consumers/run.ts jest-node vite-dev  some rows (by id)
 *
 * Environment: CONSUMERS_TARBALL=<file.tgz> skips `npm pack`; CONSUMERS_CONCURRENCY (default 3)
 * rows at a time; CONSUMERS_KEEP=1 keeps the temporary projects even when every row passes.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROWS, type Row, type Suite } from './rows.ts'
import { closeBrowser, runBrowserRow } from './lib/browser-rows.ts'
import { runTestRunner } from './lib/node-rows.ts'
import { runPlaywrightRow } from './lib/playwright-rows.ts'
import { condense, emptyOutcome, rowPassed, type Outcome } from './lib/outcome.ts'
import { CONSUMERS, createProject, depsCache, pack } from './lib/projects.ts'

interface Case {
  name: string
}

/** The names of the checks a suite defines: what a row running it must report as passed. */
async function checkNames(suite: Suite): Promise<string[]> {
  const file = pathToFileURL(path.join(CONSUMERS, 'shared', `${suite}.cases.js`)).href
  const module = (await import(file)) as Record<string, Case[]>
  const cases = suite === 'cloudsmith' ? module.cloudsmithCases : module.domClientCases
  if (!cases) throw new Error(`shared/${suite}.cases.js exports no cases`)
  return cases.map((check) => check.name)
}

/** Every check a row must report as passed: its suites' and its own. */
async function expectedChecks(row: Row): Promise<string[]> {
  return [...(await Promise.all(row.suites.map(checkNames))).flat(), ...(row.checks ?? [])]
}

async function runRow(row: Row, workDir: string, tarball: Promise<string>): Promise<Outcome> {
  const logFile = path.join(workDir, `${row.id}.log`)
  try {
    const expected = await expectedChecks(row)
    const dir = await createProject(row, workDir, await tarball, logFile)
    if (row.kind === 'vitest' || row.kind === 'jest')
      return await runTestRunner(row, dir, expected, logFile)
    if (row.kind === 'playwright') return await runPlaywrightRow(row, dir, expected, logFile)
    return await runBrowserRow(row, dir, expected, logFile)
  } catch (error) {
    const outcome = emptyOutcome()
    outcome.problems.push(condense(error instanceof Error ? error.message : String(error), 20))
    return outcome
  }
}

/** Runs `jobs` with at most `limit` at a time, keeping their order in the results. */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length)
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++
      results[index] = await jobs[index]!()
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker))
  return results
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`
const indent = (text: string, by: string) => text.replace(/^/gm, by)

async function main(): Promise<number> {
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter((id) => !ROWS.some((row) => row.id === id))
  if (unknown.length > 0) {
    console.error(
      `unknown row(s): ${unknown.join(', ')}; rows: ${ROWS.map((r) => r.id).join(', ')}`,
    )
    return 2
  }
  const rows = wanted.length > 0 ? ROWS.filter((row) => wanted.includes(row.id)) : ROWS
  const started = Date.now()
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'cloudsmith-mock-consumers-run-'))
  console.log(`consumer matrix: ${rows.length} rows in ${workDir}`)

  // Dependency caches install while the package packs; a failure is reported by the rows using them.
  for (const base of new Set(rows.map((row) => row.base)))
    depsCache(base, path.join(workDir, `deps-${base}.log`)).catch(() => undefined)
  const tarball = pack(workDir, path.join(workDir, 'pack.log'))
  await tarball.then(
    (file) =>
      console.log(
        process.env.CONSUMERS_TARBALL
          ? `  using ${file}`
          : `  packed ${path.basename(file)} in ${seconds(Date.now() - started)}`,
      ),
    () => undefined, // each row reports a failed pack as its own problem
  )

  const concurrency = Number(process.env.CONSUMERS_CONCURRENCY ?? 3)
  const results = await pool(
    rows.map((row) => async () => {
      const rowStarted = Date.now()
      const outcome = await runRow(row, workDir, tarball)
      const ms = Date.now() - rowStarted
      const expected = await expectedChecks(row)
      const ok = rowPassed(outcome, expected)
      console.log(
        `  ${ok ? 'PASS' : 'FAIL'}  ${row.title} (${outcome.passed.length}/${expected.length} checks, ${seconds(ms)})`,
      )
      return { row, outcome, ok, ms, expected }
    }),
    concurrency,
  )
  await closeBrowser()

  const failedRows = results.filter((result) => !result.ok)
  console.log(`\nConsumer matrix, ${seconds(Date.now() - started)} wall time:`)
  for (const { row, outcome, ok, ms, expected } of results) {
    const counts = `${outcome.passed.length}/${expected.length}`
    console.log(
      `  ${ok ? 'PASS' : 'FAIL'}  ${row.id.padEnd(17)} ${counts.padStart(5)}  ${seconds(ms)}`,
    )
    for (const problem of outcome.problems) console.log(indent(problem, '          ! '))
    for (const failure of outcome.failed) {
      console.log(`          x ${failure.name}`)
      console.log(indent(failure.message, '              '))
    }
  }
  if (failedRows.length > 0 || process.env.CONSUMERS_KEEP)
    console.log(`\nProjects and logs (<row>.log) kept in ${workDir}`)
  else await rm(workDir, { recursive: true, force: true })
  console.log(
    `consumers: ${results.length - failedRows.length} passed, ${failedRows.length} failed`,
  )
  return failedRows.length > 0 ? 1 : 0
}

process.exitCode = await main()
