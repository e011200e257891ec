/**
 * Rows in a real browser: Debian's Chromium (never a downloaded one) opens the project's page,
 * whose script starts the service worker mock and runs the shared checks (shared/run-in-page.js);
 * the results are read from `window.consumerResults`.
 */
import { createServer } from 'node:http'
import { copyFile, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import path from 'node:path'
import type { Browser } from 'playwright-core'
import { CHROMIUM, launchChromium } from '../../browser/support/chromium.ts'
import type { Row } from '../rows.ts'
import { mustExec, startService, tail, type Service } from './exec.ts'
import { condense, emptyOutcome, noteMissing, type Outcome } from './outcome.ts'

export { CHROMIUM }
const PAGE_TIMEOUT = 3 * 60_000

let browser: Promise<Browser> | undefined

// The same Chromium, flags and all, as the repository's own browser tests.
function launch(): Promise<Browser> {
  browser ??= launchChromium()
  return browser
}

/** Closes the shared Chromium, if a row started it. */
export async function closeBrowser(): Promise<void> {
  if (browser) await (await browser.catch(() => undefined))?.close()
}

interface PageResults {
  fatal?: string
  passed?: string[]
  failed?: { name: string; message: string }[]
}

/** Opens `url` in a fresh context (its own service workers) and waits for the page's results. */
async function runPage(url: string, expected: string[], service?: Service): Promise<Outcome> {
  const outcome = emptyOutcome()
  const context = await (await launch()).newContext()
  const pageErrors: string[] = []
  try {
    const page = await context.newPage()
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.goto(url, { timeout: 60_000 })
    const deadline = Date.now() + PAGE_TIMEOUT
    let results: PageResults | undefined
    // A dev server may reload the page once it has optimised new dependencies: wait again.
    while (!results && Date.now() < deadline) {
      try {
        const handle = await page.waitForFunction(
          () => (window as unknown as { consumerResults?: unknown }).consumerResults,
          undefined,
          { timeout: deadline - Date.now() },
        )
        results = (await handle.jsonValue()) as PageResults
      } catch (error) {
        if (!/context was destroyed|navigat/i.test(String(error))) throw error
      }
    }
    if (results?.fatal) outcome.problems.push(results.fatal)
    outcome.passed.push(...(results?.passed ?? []))
    outcome.failed.push(
      ...(results?.failed ?? []).map((failure) => ({
        name: failure.name,
        message: condense(failure.message),
      })),
    )
  } catch (error) {
    outcome.problems.push(`the page gave no results: ${condense(String(error), 4)}`)
  } finally {
    await context.close()
  }
  if (outcome.problems.length > 0 || outcome.failed.length > 0) {
    if (pageErrors.length > 0)
      outcome.problems.push(`errors in the page:\n${condense(pageErrors.join('\n'), 8)}`)
    if (service && outcome.problems.length > 0)
      outcome.problems.push(`server output:\n${tail(service.output(), 8)}`)
  }
  noteMissing(outcome, expected)
  return outcome
}

/** The check docs/devtools.md's complete example stands for, as a row result. */
export const DEVTOOLS_CHECK =
  'devtools.md: picking server-error in the panel answers the next request with 500'

/**
 * docs/devtools.md's complete example (public/devtools.html, the page as written there): what the
 * page says a user sees after picking `server-error` in the panel and clicking "Reload the list".
 */
async function checkDevtoolsPage(url: string, outcome: Outcome): Promise<void> {
  const context = await (await launch()).newContext()
  try {
    const page = await context.newPage()
    await page.goto(url, { timeout: 60_000 })
    const items = page.locator('#repos li')
    await items.first().waitFor({ timeout: 60_000 })
    const panel = page.locator('#cloudsmith-mock-devtools .panel')
    await panel.locator('select[name="scenario"]').selectOption('server-error')
    await page.click('#reload')
    await page.waitForFunction(
      () => document.querySelector('#repos li')?.textContent === '500: A server error occurred.',
      undefined,
      { timeout: 30_000 },
    )
    const line = panel.locator('section.log tr').first()
    const text = (await line.innerText({ timeout: 10_000 })).replace(/\s+/g, ' ')
    if (!/repos_namespace_list 500 server-error/.test(text))
      throw new Error(`the panel's newest log line is "${text}"`)
    outcome.passed.push(DEVTOOLS_CHECK)
  } catch (error) {
    outcome.failed.push({ name: DEVTOOLS_CHECK, message: condense(String(error), 6) })
  } finally {
    await context.close()
  }
}

/** A port free on 127.0.0.1 right now, for a server a row starts. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (!address || typeof address === 'string') throw new Error('no free port')
  return address.port
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
}

/** Any static file server would do for a page without a bundler: this is the smallest. */
async function serveStatic(root: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://x').pathname
    const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname)
    if (!file.startsWith(root)) return void response.writeHead(403).end()
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, {
            'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          })
          .end(body),
      () => response.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('static server did not bind')
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** `cloudsmith-mock init public/`, as docs/browser.md tells users to get msw's worker script. */
async function initWorkerScript(dir: string, logFile: string): Promise<void> {
  await mustExec('npm', ['exec', '--', 'cloudsmith-mock', 'init', 'public/'], {
    cwd: dir,
    timeoutMs: 60_000,
    logFile,
  })
}

export async function runBrowserRow(
  row: Row,
  dir: string,
  expected: string[],
  logFile: string,
): Promise<Outcome> {
  await initWorkerScript(dir, logFile)
  if (row.kind === 'script-page') {
    // The docs' `cp node_modules/cloudsmith-mock/dist/browser/cloudsmith-mock.js public/`,
    // found through the package's `cloudsmith-mock/browser/bundle` export.
    const bundle = createRequire(path.join(dir, 'package.json')).resolve(
      'cloudsmith-mock/browser/bundle',
    )
    await copyFile(bundle, path.join(dir, 'public', 'cloudsmith-mock.js'))
    const site = await serveStatic(path.join(dir, 'public'))
    try {
      const outcome = await runPage(`${site.origin}/`, expected)
      await checkDevtoolsPage(`${site.origin}/devtools.html`, outcome)
      return outcome
    } finally {
      await site.close()
    }
  }
  if (row.kind === 'vite-preview')
    await mustExec('npm', ['run', 'build'], { cwd: dir, timeoutMs: 3 * 60_000, logFile })
  const port = await freePort()
  const script = row.kind === 'vite-dev' ? 'dev' : 'preview'
  const origin = `http://127.0.0.1:${port}`
  const service = await startService(
    'npm',
    ['run', script, '--', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    `${origin}/`,
    { cwd: dir, timeoutMs: 2 * 60_000, logFile },
  )
  try {
    return await runPage(`${origin}/`, expected, service)
  } finally {
    await service.stop()
  }
}
