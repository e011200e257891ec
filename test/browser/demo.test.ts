/**
 * The demo app (examples/browser) driven through its own UI in Chromium, as a developer would
 * click through it; ends with a screenshot in test-results/demo.png.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startDemoServer, type DemoServer } from '../../examples/browser/serve.ts'
import { launchChromium, newContext } from './support/chromium.ts'

// Real Chromium on a shared two-core machine: allow for load, never for sleeps.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 })

const results = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results')

let browser: Browser
let demo: DemoServer
let page: Page

beforeAll(async () => {
  ;[demo, browser] = await Promise.all([startDemoServer({ port: 0 }), launchChromium()])
  page = await (await newContext(browser)).newPage()
  await page.goto(demo.url)
  await page.waitForSelector('body[data-ready="true"]')
})
afterAll(async () => {
  await browser?.close()
  await demo?.close()
})

const text = (selector: string) => page.locator(selector).innerText()
const rows = () =>
  page
    .locator('#repo-list tr')
    .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.repo))
/** Waits until the panel shows this status for this request. */
const panelShows = (status: string, request: string) =>
  page.waitForFunction(
    ([s, r]) =>
      document.getElementById('last-status')?.textContent === s &&
      document.getElementById('last-request')?.textContent === r,
    [status, request] as const,
  )

it('lists acme repositories three per page from the pagination headers', async () => {
  expect(await text('#page-info')).toBe('Page 1 of 2 (6 repositories)')
  expect(await rows()).toHaveLength(3)
  const first = await rows()
  await page.click('#next-page')
  await page.waitForFunction(() =>
    document.getElementById('page-info')?.textContent?.startsWith('Page 2'),
  )
  const second = await rows()
  expect(second).toHaveLength(3)
  expect(new Set([...first, ...second]).size).toBe(6)
  expect(await page.locator('#next-page').isDisabled()).toBe(true)
  await page.click('#prev-page')
  await page.waitForFunction(() =>
    document.getElementById('page-info')?.textContent?.startsWith('Page 1'),
  )
})

it('creates a repository, which the panel reports as 201', async () => {
  await page.fill('#create-name', 'Demo Uploads')
  await page.click('#create-submit')
  await page.waitForSelector('#repo-list tr[data-repo="demo-uploads"].selected')
  expect(await text('#page-info')).toBe('Page 1 of 3 (7 repositories)')
  expect(await page.locator('#request-log').innerText()).toContain('POST /v1/repos/acme/ → 201')
})

it('uploads a raw package to it and watches the sync complete', async () => {
  await page.click('#upload-submit')
  await page.waitForSelector('#upload-status[data-done]')
  expect(await page.getAttribute('#upload-status', 'data-done')).toBe('true')
  expect(await text('#upload-status')).toBe('demo-notes 1.0.1: Completed (Fully Synchronised)')
  expect(
    await page.locator('#upload-progress').evaluate((p) => (p as HTMLProgressElement).value),
  ).toBe(100)
  await page.waitForFunction(() =>
    document.getElementById('package-list')?.textContent?.includes('demo-notes'),
  )
  expect(await text('#package-list')).toBe('demo-notes 1.0.1 (Completed)')
  // The repository row counts its new package (package_count).
  const cells = page.locator('#repo-list tr[data-repo="demo-uploads"] td')
  await page.waitForFunction(
    () =>
      document.querySelector('#repo-list tr[data-repo="demo-uploads"] td:nth-child(4)')
        ?.textContent === '1',
  )
  expect(await cells.nth(3).innerText()).toBe('1')
})

it('shows the 422 and the field error when the name is missing, and saves a screenshot', async () => {
  await page.click('#create-submit')
  await panelShows('422', 'POST /v1/repos/acme/')
  expect(await text('#last-detail')).toBe('Invalid input.')
  expect(await text('#last-fields')).toMatch(/^name: /)
  await mkdir(results, { recursive: true })
  const file = path.join(results, 'demo.png')
  const png = await page.screenshot({ path: file, fullPage: true })
  expect(png.subarray(1, 4).toString()).toBe('PNG')
})

it('switches to forbidden from the panel, then back to happy', async () => {
  await page.selectOption('#scenario-select', 'forbidden')
  await page.click('#scenario-apply')
  await panelShows('403', 'GET /v1/repos/acme/')
  expect(await text('#last-detail')).toBe('You do not have permission to perform this action.')
  expect(await text('#page-info')).toContain('Could not load repositories: 403')
  await page.selectOption('#scenario-select', 'happy')
  await page.click('#scenario-apply')
  await panelShows('200', 'GET /v1/repos/acme/')
})

it('deletes the repository it created', async () => {
  await page.click('#repo-list tr[data-repo="demo-uploads"] button.delete')
  await page.waitForSelector('#repo-list tr[data-repo="demo-uploads"]', { state: 'detached' })
  expect(await page.locator('#request-log').innerText()).toContain(
    'DELETE /v1/repos/acme/demo-uploads/ → 200',
  )
  expect(await text('#page-info')).toBe('Page 1 of 2 (6 repositories)')
})
