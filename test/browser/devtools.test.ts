/**
 * The devtools panel (issue 18, point 3) in Chromium: it renders in its shadow root whatever the
 * page's styles say, its controls change what the page's next requests get, and a reload keeps
 * its state. Screenshots land in test-results/devtools-*.png and are read back pixel by pixel.
 */
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { launchChromium, newContext } from './support/chromium.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { bootPage, demoKey, pageFetch } from './support/page.ts'

// Real Chromium on a shared two-core machine: allow for load, never for sleeps.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 })

const results = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results')

let browser: Browser
let harness: Harness
let context: BrowserContext

beforeAll(async () => {
  ;[harness, browser] = await Promise.all([startHarness(), launchChromium()])
  await mkdir(results, { recursive: true })
})
afterAll(async () => {
  await browser?.close()
  await harness?.close()
})
beforeEach(async () => {
  context = await newContext(browser)
})
afterEach(async () => {
  await context.close()
})

/** Boots the page that starts the mock itself, on this file's harness, and expects it started. */
async function boot(page: Page, query = '', options: object = {}): Promise<void> {
  expect(await bootPage(page, harness.origin, query, options)).toBe('started')
}

// Playwright's CSS locators pierce open shadow roots.
const panel = (page: Page) => page.locator('#cloudsmith-mock-devtools .panel')
const inPanel = (page: Page, selector: string) => panel(page).locator(selector)
const self = (page: Page) => pageFetch(page, { url: '/v1/user/self/', headers: demoKey })
/** The log's rows, newest first, as `operation status scenario` (time left out). */
const logRows = (page: Page) =>
  inPanel(page, 'tbody tr').evaluateAll((rows) =>
    rows.map((row) =>
      [...(row as HTMLTableRowElement).cells]
        .slice(1)
        .map((cell) => cell.textContent)
        .join(' ')
        .trim(),
    ),
  )

interface Pixels {
  width: number
  height: number
  /** Distinct colours in the image. */
  colours: number
  /** Share of pixels that differ from the top-left one (the background). */
  inked: number
}

/** Decodes a PNG screenshot in the page's own canvas: no image library needed in Node. */
async function pixels(page: Page, png: Buffer): Promise<Pixels> {
  return page.evaluate(async (base64) => {
    const image = new Image()
    image.src = `data:image/png;base64,${base64}`
    await image.decode()
    const canvas = document.createElement('canvas')
    canvas.width = image.width
    canvas.height = image.height
    const context2d = canvas.getContext('2d')!
    context2d.drawImage(image, 0, 0)
    const data = context2d.getImageData(0, 0, image.width, image.height).data
    const seen = new Set<number>()
    let inked = 0
    for (let i = 0; i < data.length; i += 4) {
      const rgb = (data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!
      seen.add(rgb)
      if (rgb !== ((data[0]! << 16) | (data[1]! << 8) | data[2]!)) inked++
    }
    return {
      width: image.width,
      height: image.height,
      colours: seen.size,
      inked: inked / (data.length / 4),
    }
  }, png.toString('base64'))
}

async function screenshot(locator: Locator | Page, name: string): Promise<Buffer> {
  return locator.screenshot({ path: path.join(results, `devtools-${name}.png`) })
}

describe('devtools panel', () => {
  it('stays out of the page unless asked for', async () => {
    const page = await context.newPage()
    await boot(page)
    expect(await page.locator('#cloudsmith-mock-devtools').count()).toBe(0)
  })

  it('renders with ?mock-devtools in a shadow root the page styles cannot reach', async () => {
    const page = await context.newPage()
    await boot(page, '?mock-devtools')
    // A page that hides every div, button and table and paints everything red.
    await page.addStyleTag({
      content:
        'div, section, button, table, select { display: none !important } ' +
        '* { color: red !important; background: red !important }',
    })
    await self(page)
    await inPanel(page, 'tbody tr').first().waitFor()

    const box = (await panel(page).boundingBox())!
    expect(box.width).toBe(360)
    expect(box.height).toBeGreaterThan(150)
    // Bottom right corner of the 1280 x 860 viewport, 12 px in.
    expect(box.x + box.width).toBe(1280 - 12)
    expect(box.y + box.height).toBe(860 - 12)
    expect(await inPanel(page, 'select[name="scenario"]').isVisible()).toBe(true)
    expect(await inPanel(page, 'button[name="force"]').isVisible()).toBe(true)

    const shot = await pixels(page, await screenshot(panel(page), 'panel'))
    expect(shot.width).toBe(360)
    // Text, borders, the dark header: many colours, much of it not background. A blank or a
    // red box would have a handful of colours.
    expect(shot.colours).toBeGreaterThan(50)
    expect(shot.inked).toBeGreaterThan(0.05)
    const header = await inPanel(page, 'header').evaluate(
      (h) => getComputedStyle(h).backgroundColor,
    )
    expect(header).toBe('rgb(36, 41, 47)')

    // The whole page: the panel is there on top of the red page.
    const page_ = await pixels(page, await screenshot(page, 'page'))
    expect(page_.colours).toBeGreaterThan(50)
  })

  it('also opens with startMockWorker({ devtools: true })', async () => {
    const page = await context.newPage()
    await boot(page, '', { devtools: true })
    expect(await panel(page).isVisible()).toBe(true)
    expect(await inPanel(page, '.active').textContent()).toBe('Active: happy')
  })

  it('switches the scenario with a click: the next request gets its status', async () => {
    const page = await context.newPage()
    await boot(page, '?mock-devtools')
    expect((await self(page)).status).toBe(200)
    await inPanel(page, 'select[name="scenario"]').selectOption('server-error')
    expect(await inPanel(page, '.active').textContent()).toBe('Active: server-error')
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['server-error'])

    const answer = await self(page)
    expect(answer.status).toBe(500)
    expect(answer.body).toEqual({ detail: 'A server error occurred.' })
    expect(await logRows(page)).toEqual(['user_self 500 server-error', 'user_self 200'])
    await screenshot(panel(page), 'server-error')

    // A reload keeps the scenario, the folded state and the log (earlier lines dimmed).
    await inPanel(page, 'button[name="fold"]').click()
    expect(await inPanel(page, 'section.log').isVisible()).toBe(false)
    await page.reload()
    await page.waitForFunction(() => window.mockStarted !== undefined)
    expect(await inPanel(page, 'select[name="scenario"]').inputValue()).toBe('server-error')
    expect(await inPanel(page, 'section.log').isVisible()).toBe(false)
    await inPanel(page, 'button[name="fold"]').click()
    expect(await inPanel(page, 'tbody tr.earlier').count()).toBe(2)
    expect((await self(page)).status).toBe(500)

    await inPanel(page, 'select[name="scenario"]').selectOption('happy')
    expect((await self(page)).status).toBe(200)
  })

  it('forces a status on the next N requests, across a reload, then lets go', async () => {
    const page = await context.newPage()
    await boot(page, '?mock-devtools')
    await inPanel(page, 'input[name="status"]').fill('503')
    await inPanel(page, 'input[name="times"]').fill('2')
    await inPanel(page, 'button[name="force"]').click()
    expect(await inPanel(page, '.pending').textContent()).toBe('503 for the next 2 requests')

    expect((await self(page)).status).toBe(503)
    await page.waitForFunction(
      () =>
        document.getElementById('cloudsmith-mock-devtools')?.shadowRoot?.querySelector('.pending')
          ?.textContent === '503 for the next 1 request',
    )
    await page.reload()
    await page.waitForFunction(() => window.mockStarted !== undefined)
    expect(await inPanel(page, '.pending').textContent()).toBe('503 for the next 1 request')
    expect((await self(page)).status).toBe(503)
    expect((await self(page)).status).toBe(200)
    expect(await inPanel(page, '.pending').textContent()).toBe('Nothing forced')
    expect((await logRows(page)).slice(0, 2)).toEqual([
      'user_self 200',
      'user_self 503 forced-status',
    ])
  })

  it('shows a status no operation can send as a refusal, and forces nothing', async () => {
    const page = await context.newPage()
    await boot(page, '?mock-devtools')
    await inPanel(page, 'input[name="status"]').fill('418')
    await inPanel(page, 'button[name="force"]').click()
    expect(await inPanel(page, '.error').textContent()).toContain('418')
    expect(await inPanel(page, '.pending').textContent()).toBe('Nothing forced')
    expect((await self(page)).status).toBe(200)
  })

  it('advances the clock and resets the data', async () => {
    const page = await context.newPage()
    await boot(page, '?mock-devtools', { now: '2024-05-01T10:00:00Z' })
    expect(await inPanel(page, '.now').textContent()).toBe('Now 2024-05-01 10:00:00')
    await inPanel(page, 'button[data-ms="3600000"]').click()
    expect(await inPanel(page, '.now').textContent()).toBe('Now 2024-05-01 11:00:00')
    expect(await page.evaluate(() => window.cloudsmithMock!.now())).toBe('2024-05-01T11:00:00Z')

    const created = await pageFetch(page, {
      method: 'POST',
      url: '/v1/repos/acme/',
      headers: demoKey,
      json: { name: 'from-devtools' },
    })
    expect(created.status).toBe(201)
    await inPanel(page, 'select[name="scenario"]').selectOption('rate-limited')
    await inPanel(page, 'button[name="reset"]').click()
    await page.waitForFunction(
      () =>
        document.getElementById('cloudsmith-mock-devtools')?.shadowRoot?.querySelector('tbody')
          ?.childElementCount === 0,
    )
    expect(await inPanel(page, '.active').textContent()).toBe('Active: happy')
    expect(await inPanel(page, '.now').textContent()).toBe('Now 2024-05-01 10:00:00')
    const gone = await pageFetch(page, { url: '/v1/repos/acme/from-devtools/', headers: demoKey })
    expect(gone.status).toBe(404)
  })
})
