/**
 * The seed's eight status codes, each reproduced by a real fetch from the page: first the natural
 * way (the request itself causes it), then forced from the page's control. Expected bodies come
 * from API-NOTES.md (§2 auth, §3 errors, §5 rate limits, §6 endpoints) and the default dataset.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { launchChromium, newContext } from './support/chromium.ts'
import { startHarness, type Harness } from './support/harness.ts'
import {
  demoKey,
  openMockedPage,
  outsiderKey,
  pageFetch,
  type PageRequest,
  type PageResponse,
} from './support/page.ts'

// Real Chromium on a shared two-core machine: allow for load, never for sleeps.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 })

let browser: Browser
let harness: Harness
let context: BrowserContext
let page: Page

beforeAll(async () => {
  ;[harness, browser] = await Promise.all([startHarness(), launchChromium()])
  context = await newContext(browser)
  page = await openMockedPage(context, harness.origin, { seed: 1 })
})
afterAll(async () => {
  await browser?.close()
  await harness?.close()
})

const send = async (request: PageRequest) => {
  await page.evaluate(() => window.cloudsmithMock!.reset())
  return pageFetch(page, request)
}

interface Case {
  name: string
  request: PageRequest
  status: number
  check(response: PageResponse): void
}

const natural: Case[] = [
  {
    name: 'GET /v1/repos/acme/ as its owner -> 200 with the six acme repositories',
    request: { url: '/v1/repos/acme/', headers: demoKey },
    status: 200,
    check: (r) => {
      expect(r.body).toHaveLength(6)
      expect(r.headers['x-pagination-count']).toBe('6')
    },
  },
  {
    name: 'POST /v1/repos/acme/ {name} -> 201 with the new repository',
    request: {
      method: 'POST',
      url: '/v1/repos/acme/',
      headers: demoKey,
      json: { name: 'From Page' },
    },
    status: 201,
    check: (r) =>
      expect(r.body).toMatchObject({ name: 'From Page', slug: 'from-page', namespace: 'acme' }),
  },
  {
    name: 'POST /v1/files/acme/web-assets/ {filename} -> 202 with an upload URL',
    request: {
      method: 'POST',
      url: '/v1/files/acme/web-assets/',
      headers: demoKey,
      json: { filename: 'notes.txt' },
    },
    status: 202,
    check: (r) => {
      const body = r.body as { identifier: string; upload_url: string; upload_fields: object }
      expect(body.identifier).toMatch(/^\w+$/)
      expect(body.upload_url).toBe(`https://api.cloudsmith.io/__uploads/${body.identifier}/`)
      expect(body.upload_fields).toHaveProperty('key')
    },
  },
  {
    name: 'GET /v1/user/self/ with an unknown key -> 401 Invalid token.',
    request: { url: '/v1/user/self/', headers: { 'X-Api-Key': 'not-a-key' } },
    status: 401,
    check: (r) => expect(r.body).toEqual({ detail: 'Invalid token.' }),
  },
  {
    name: 'POST /v1/files/acme/releases/ as outsider (Read only) -> 403',
    request: {
      method: 'POST',
      url: '/v1/files/acme/releases/',
      headers: outsiderKey,
      json: { filename: 'notes.txt' },
    },
    status: 403,
    check: (r) =>
      expect(r.body).toEqual({ detail: 'You do not have permission to perform this action.' }),
  },
  {
    name: 'GET /v1/repos/acme/platform/ as outsider (private, no access) -> 404',
    request: { url: '/v1/repos/acme/platform/', headers: outsiderKey },
    status: 404,
    check: (r) => expect(r.body).toEqual({ detail: 'Not found.' }),
  },
  {
    name: 'POST /v1/repos/acme/ without a name -> 422 naming the field',
    request: {
      method: 'POST',
      url: '/v1/repos/acme/',
      headers: demoKey,
      json: { description: 'x' },
    },
    status: 422,
    check: (r) => {
      const body = r.body as { detail: string; code: string; fields: Record<string, string[]> }
      expect(body.code).toBe('invalid')
      expect(Object.keys(body.fields)).toEqual(['name'])
    },
  },
]

describe('natural status codes from the page', () => {
  it.each(natural)('$name', async ({ request, status, check }) => {
    const response = await send(request)
    expect(response.status).toBe(status)
    check(response)
  })

  it('GET /v1/user/self/ past a rate limit of 2 -> 429 with Retry-After and the throttled detail', async () => {
    const limited = await openMockedPage(context, harness.origin, {
      seed: 1,
      rateLimit: { limit: 2 },
      global: false,
    })
    const statuses: number[] = []
    let last: PageResponse | undefined
    for (let i = 0; i < 3; i++) {
      last = await pageFetch(limited, { url: '/v1/user/self/', headers: demoKey })
      statuses.push(last.status)
    }
    expect(statuses).toEqual([200, 200, 429])
    // The window is one hour from 2026-01-01T00:00:00Z: 3600 s to wait.
    expect(last!.headers['retry-after']).toBe('3600')
    expect(last!.headers['x-ratelimit-remaining']).toBe('0')
    expect(last!.body).toEqual({
      detail: 'Request was throttled. Expected available in 3600.0 seconds.',
    })
    await limited.close()
  })
})

describe('error codes forced from window.cloudsmithMock', () => {
  const forced = [
    ['unauthorized', 401, 'Authentication credentials were not provided.'],
    ['forbidden', 403, 'You do not have permission to perform this action.'],
    ['not-found', 404, 'Not found.'],
    ['validation-error', 422, 'Invalid input.'],
    ['rate-limited', 429, 'Request was throttled.'],
  ] as const

  it.each(forced)('use(%s) -> GET /v1/repos/acme/ answers %i', async (scenario, status, detail) => {
    await page.evaluate(() => window.cloudsmithMock!.reset())
    await page.evaluate((name) => window.cloudsmithMock!.use(name), scenario)
    const response = await pageFetch(page, { url: '/v1/repos/acme/', headers: demoKey })
    expect(response.status).toBe(status)
    expect((response.body as { detail: string }).detail).toContain(detail)
    const [entry] = await page.evaluate(() => window.cloudsmithMock!.journal())
    expect(entry).toMatchObject({ status, scenario })
  })

  it('Prefer: code=404 from the page overrides the natural 200', async () => {
    await page.evaluate(() => window.cloudsmithMock!.reset())
    const response = await pageFetch(page, {
      url: '/v1/repos/acme/',
      headers: { ...demoKey, Prefer: 'code=404' },
    })
    expect(response.status).toBe(404)
  })
})
