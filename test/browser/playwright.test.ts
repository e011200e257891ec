/**
 * `cloudsmith-mock/playwright` (issue 18, point 4) as a user runs it: the @playwright/test CLI,
 * in a child process, over the demo app (test/playwright/), importing the package from dist/.
 * Its JSON report must list every spec passed and none failed or skipped.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it, vi } from 'vitest'

vi.setConfig({ testTimeout: 300_000 })

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const cli = createRequire(import.meta.url).resolve('@playwright/test/cli')
const report = path.join(root, 'test-results/playwright/report.json')

/** A port free right now on 127.0.0.1, for the demo server the runner starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

interface Report {
  stats: { expected: number; unexpected: number; skipped: number; flaky: number }
  suites: Suite[]
}
interface Suite {
  title: string
  specs?: { title: string; ok: boolean }[]
  suites?: Suite[]
}

const specTitles = (suites: Suite[]): string[] =>
  suites.flatMap((suite) => [
    ...(suite.specs ?? []).filter((spec) => spec.ok).map((spec) => spec.title),
    ...specTitles(suite.suites ?? []),
  ])

it('runs @playwright/test over the demo app with every request answered by the fixture', async () => {
  if (!existsSync(path.join(root, 'dist/src/adapters/playwright/index.js')))
    throw new Error('dist/ is missing: run "npm run build" before this test')
  const port = await freePort()
  const child = spawn(
    process.execPath,
    [cli, 'test', '--config', 'test/playwright/playwright.config.ts'],
    { cwd: root, env: { ...process.env, DEMO_PORT: String(port), CI: '1' }, stdio: 'pipe' },
  )
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  expect(code, output).toBe(0)

  const result = JSON.parse(readFileSync(report, 'utf8')) as Report
  expect(result.stats).toMatchObject({ unexpected: 0, skipped: 0, flaky: 0, expected: 9 })
  expect(specTitles(result.suites).sort()).toEqual(
    [
      "the app lists the mock's repositories, and the journal has the request",
      'a scenario chosen in the test answers the page',
      'a repository created through the UI is in the mock, with the body the app sent',
      'each test has its own mock: the repository created before is gone',
      'a request that never came fails with the closest requests of the journal',
      "a network-error scenario makes the page's fetch reject",
      'test.use({ mockOptions }) starts the mock from another preset',
      'an upload through the UI reaches the upload host and syncs, all in the mock',
      'unrouting while an answer is on its way: the answer still arrives, nothing fails',
    ].sort(),
  )
})

it('types the fixtures for a TypeScript spec importing the built package', () => {
  if (!existsSync(path.join(root, 'dist/src/adapters/playwright/index.d.ts')))
    throw new Error('dist/ is missing: run "npm run build" before this test')
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  // The spec is left out of the root typecheck, which runs before dist/ may exist.
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', 'test/playwright'], {
    cwd: root,
    encoding: 'utf8',
  })
  expect(result.stdout + result.stderr).toBe('')
  expect(result.status).toBe(0)
})
