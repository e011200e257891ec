/**
 * The browser runtime itself: the service worker registers and answers for the API origin,
 * `window.cloudsmithMock` drives the mock, and a tab keeps its scenario across reloads.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { launchChromium, newContext } from './support/chromium.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { bootPage, demoKey, openMockedPage, pageFetch } from './support/page.ts'

// Real Chromium on a shared two-core machine: allow for load, never for sleeps.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 })

let browser: Browser
let harness: Harness
let context: BrowserContext

beforeAll(async () => {
  ;[harness, browser] = await Promise.all([startHarness(), launchChromium()])
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

/** Boots the page that starts the mock itself, on this file's harness. */
const boot = (page: Page, query = '', options: object = {}) =>
  bootPage(page, harness.origin, query, options)

describe('startMockWorker', () => {
  it('registers mockServiceWorker.js, which then controls the page', async () => {
    const page = await openMockedPage(context, harness.origin, { seed: 1 })
    const worker = await page.evaluate(async () => {
      const registrations = await navigator.serviceWorker.getRegistrations()
      return {
        registered: registrations.map((r) => r.active?.scriptURL),
        controller: navigator.serviceWorker.controller?.scriptURL,
      }
    })
    expect(worker.registered).toEqual([`${harness.origin}/mockServiceWorker.js`])
    expect(worker.controller).toBe(`${harness.origin}/mockServiceWorker.js`)
  })

  it('answers a fetch to api.cloudsmith.io from the seeded data (no network involved)', async () => {
    const page = await openMockedPage(context, harness.origin, { seed: 1 })
    const self = await pageFetch(page, { url: '/v1/user/self/', headers: demoKey })
    expect(self.status).toBe(200)
    expect(self.body).toMatchObject({
      authenticated: true,
      slug: 'demo',
      email: 'demo@example.com',
    })
    expect(self.headers['x-ratelimit-limit']).toBeDefined()
    const journal = await page.evaluate(() => window.cloudsmithMock!.journal())
    expect(journal.map((e) => [e.operationId, e.status])).toEqual([['user_self', 200]])
  })

  it('answers for a custom baseUrl and leaves other origins alone', async () => {
    const page = await openMockedPage(context, harness.origin, {
      baseUrl: 'https://cloudsmith.internal.example',
    })
    const mocked = await pageFetch(page, {
      url: 'https://cloudsmith.internal.example/v1/user/self/',
      headers: demoKey,
    })
    expect(mocked.status).toBe(200)
    // The harness's own files still come from the harness server, not the mock.
    const own = await pageFetch(page, { url: `${harness.origin}/mockServiceWorker.js` })
    expect(own.status).toBe(200)
    expect(own.text).toContain('Mock Service Worker')
  })

  it('stops intercepting after stop() and removes the control', async () => {
    // The harness's own origin as the API: once stopped, its server answers (and knows no API).
    const page = await openMockedPage(context, harness.origin, { baseUrl: harness.origin })
    const status = `${harness.origin}/v1/status/check/basic/`
    const mocked = await pageFetch(page, { url: status })
    expect(mocked.status).toBe(200)
    expect(mocked.body).toMatchObject({ detail: 'Cloudsmith API is operational.' })
    await page.evaluate(() => window.mock!.stop())
    expect((await pageFetch(page, { url: status })).status).toBe(404)
    expect(await page.evaluate(() => window.cloudsmithMock === undefined)).toBe(true)
  })
})

describe('window.cloudsmithMock', () => {
  it('lists every built-in scenario with its description', async () => {
    const page = await openMockedPage(context, harness.origin)
    const scenarios = await page.evaluate(() => window.cloudsmithMock!.scenarios())
    const names = scenarios.map((s) => s.name)
    for (const name of [
      'happy',
      'unauthorized',
      'forbidden',
      'not-found',
      'validation-error',
      'rate-limited',
      'server-error',
      'service-unavailable',
      'slow',
      'upload-processing',
      'upload-sync-failed',
      'empty',
      'network-error',
    ])
      expect(names).toContain(name)
    expect(scenarios.every((s) => s.description.length > 0)).toBe(true)
  })

  it('switches scenario, replacing the previous choice, and back to happy', async () => {
    const page = await openMockedPage(context, harness.origin)
    await page.evaluate(() => window.cloudsmithMock!.use('forbidden'))
    expect((await pageFetch(page, { url: '/v1/repos/acme/', headers: demoKey })).status).toBe(403)
    await page.evaluate(() => window.cloudsmithMock!.use('not-found'))
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['not-found'])
    expect((await pageFetch(page, { url: '/v1/repos/acme/', headers: demoKey })).status).toBe(404)
    await page.evaluate(() => window.cloudsmithMock!.use('happy'))
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['happy'])
    expect((await pageFetch(page, { url: '/v1/repos/acme/', headers: demoKey })).status).toBe(200)
  })

  it('rejects an unknown scenario name and lists the valid ones', async () => {
    const page = await openMockedPage(context, harness.origin)
    const message = await page.evaluate(() => {
      try {
        window.cloudsmithMock!.use('nope')
        return 'accepted'
      } catch (error) {
        return (error as Error).message
      }
    })
    expect(message).toMatch(/Unknown scenario "nope"\. Valid scenarios: happy, unauthorized/)
  })

  it('runs the real clock unless told otherwise: a page a person uses waits in real time', async () => {
    const page = await context.newPage()
    await page.goto(`${harness.origin}/`)
    await page.waitForFunction(() => window.mockModule !== undefined)
    const modes = await page.evaluate(async () => {
      const mock = await window.mockModule!.startMockWorker({ quiet: true })
      const start = mock.clock.now()
      await new Promise((resolve) => setTimeout(resolve, 50))
      const moved = mock.clock.now() - start
      await mock.stop()
      const frozen = await window.mockModule!.startMockWorker({ quiet: true, clock: 'frozen' })
      const mode = [mock.clock.mode, frozen.clock.mode]
      await frozen.stop()
      return { mode, moved }
    })
    expect(modes.mode).toEqual(['real', 'frozen'])
    expect(modes.moved).toBeGreaterThanOrEqual(40)
  })

  it('advances the clock, which moves the rate-limit window reset', async () => {
    const page = await openMockedPage(context, harness.origin)
    const before = await pageFetch(page, { url: '/v1/rates/limits/', headers: demoKey })
    expect(await page.evaluate(() => window.cloudsmithMock!.now())).toBe('2026-01-01T00:00:00Z')
    await page.evaluate(() => window.cloudsmithMock!.advance(2 * 3_600_000))
    expect(await page.evaluate(() => window.cloudsmithMock!.now())).toBe('2026-01-01T02:00:00Z')
    const after = await pageFetch(page, { url: '/v1/rates/limits/', headers: demoKey })
    const reset = (r: typeof before) => Number(r.headers['x-ratelimit-reset'])
    // Default window is one hour (rate-limit.ts docs): two hours later the reset is two windows on.
    expect(reset(after) - reset(before)).toBe(7200)
  })

  it('resets data, scenario and journal', async () => {
    const page = await openMockedPage(context, harness.origin)
    const created = await pageFetch(page, {
      method: 'POST',
      url: '/v1/repos/acme/',
      headers: demoKey,
      json: { name: 'Temp' },
    })
    expect(created.status).toBe(201)
    await page.evaluate(() => window.cloudsmithMock!.use('server-error'))
    await page.evaluate(() => window.cloudsmithMock!.reset())
    expect(await page.evaluate(() => window.cloudsmithMock!.journal())).toEqual([])
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['happy'])
    const read = await pageFetch(page, { url: '/v1/repos/acme/temp/', headers: demoKey })
    expect(read.status).toBe(404)
  })
})

describe('scenario memory', () => {
  it('takes ?mock-scenario= at boot and keeps it across a reload without the parameter', async () => {
    const page = await context.newPage()
    expect(await boot(page, '?mock-scenario=unauthorized')).toBe('started')
    expect((await pageFetch(page, { url: '/v1/user/self/', headers: demoKey })).status).toBe(401)
    expect(await boot(page)).toBe('started')
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['unauthorized'])
    expect((await pageFetch(page, { url: '/v1/user/self/', headers: demoKey })).status).toBe(401)
  })

  it('keeps a scenario chosen from the control across a reload, until reset', async () => {
    const page = await context.newPage()
    await boot(page)
    await page.evaluate(() => window.cloudsmithMock!.use('not-found'))
    await page.reload()
    await page.waitForFunction(() => window.mockStarted !== undefined)
    expect(await page.evaluate(() => window.mockStarted!)).toBe('started')
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['not-found'])
    await page.evaluate(() => window.cloudsmithMock!.reset())
    await page.reload()
    await page.waitForFunction(() => window.mockStarted !== undefined)
    await page.evaluate(() => window.mockStarted!)
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['happy'])
  })

  it('keeps a scenario chosen through the object startMockWorker() returns across a reload', async () => {
    const page = await context.newPage()
    await boot(page)
    await page.evaluate(() => window.mock!.use('not-found'))
    expect((await pageFetch(page, { url: '/v1/repos/acme/', headers: demoKey })).status).toBe(404)
    await page.reload()
    await page.waitForFunction(() => window.mockStarted !== undefined)
    expect(await page.evaluate(() => window.mockStarted!)).toBe('started')
    expect(await page.evaluate(() => window.mock!.scenarios.active())).toEqual(['not-found'])
    expect((await pageFetch(page, { url: '/v1/repos/acme/', headers: demoKey })).status).toBe(404)
    // The returned object's reset forgets the choice as the control's does.
    await page.evaluate(() => window.mock!.reset())
    await page.reload()
    await page.waitForFunction(() => window.mockStarted !== undefined)
    await page.evaluate(() => window.mockStarted!)
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual(['happy'])
    expect((await pageFetch(page, { url: '/v1/repos/acme/', headers: demoKey })).status).toBe(200)
  })

  it('keeps each tab to its own choice (sessionStorage is per tab)', async () => {
    const first = await context.newPage()
    await boot(first, '?mock-scenario=forbidden')
    const second = await context.newPage()
    await boot(second)
    expect(await second.evaluate(() => window.cloudsmithMock!.active())).toEqual(['happy'])
  })

  it('stacks the tab choice above startup scenarios, several names allowed', async () => {
    const page = await context.newPage()
    await boot(page, '?mock-scenario=slow,upload-processing', { scenarios: ['empty'] })
    expect(await page.evaluate(() => window.cloudsmithMock!.active())).toEqual([
      'slow',
      'upload-processing',
      'empty',
    ])
  })

  it('refuses to start on an unknown ?mock-scenario= and names the valid ones', async () => {
    const page = await context.newPage()
    const outcome = await boot(page, '?mock-scenario=teapot')
    expect(outcome).toMatch(/^failed: .*unknown scenario "teapot".*Valid scenarios: happy/)
  })
})
