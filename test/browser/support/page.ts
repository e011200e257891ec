/**
 * Helpers that act from inside the page: the mock is started there and every request is a real
 * `fetch` from the page, answered by the service worker.
 */
import type { BrowserContext, Page } from 'playwright-core'
import type * as BrowserModule from '../../../src/adapters/browser/index.ts'

declare global {
  interface Window {
    mockModule?: typeof BrowserModule
    mock?: BrowserModule.MockWorker
    mockStarted?: Promise<string>
  }
}

export const API = 'https://api.cloudsmith.io'

/** Options that survive structured cloning into the page (no dataset builder functions). */
export type PageMockOptions = Omit<BrowserModule.StartMockWorkerOptions, 'dataset'>

/**
 * Loads the harness page that starts the mock at boot (options in the hash), as an app's entry
 * does; resolves to what the start came to ('started' or the error's message).
 */
export async function bootPage(
  page: Page,
  origin: string,
  query = '',
  options: object = {},
): Promise<string> {
  await page.goto(`${origin}/auto.html${query}#${encodeURIComponent(JSON.stringify(options))}`)
  await page.waitForFunction(() => window.mockStarted !== undefined)
  return page.evaluate(() => window.mockStarted!)
}

/** Opens the harness page and starts the mock in it, as an app would at boot. */
export async function openMockedPage(
  context: BrowserContext,
  origin: string,
  options: PageMockOptions = {},
): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${origin}/`)
  await page.waitForFunction(() => window.mockModule !== undefined)
  await page.evaluate(async (opts) => {
    // Tests run the frozen clock (the worker's default is real); `clock` in options overrides.
    window.mock = await window.mockModule!.startMockWorker({
      quiet: true,
      clock: 'frozen',
      ...opts,
    })
  }, options)
  return page
}

export interface PageRequest {
  method?: string
  /** Absolute, or a path on the API origin. */
  url: string
  headers?: Record<string, string>
  /** A JSON body, serialised in the page. */
  json?: unknown
}

export interface PageResponse {
  status: number
  headers: Record<string, string>
  text: string
  /** The parsed body when it is JSON, else null. */
  body: unknown
}

export async function pageFetch(page: Page, request: PageRequest): Promise<PageResponse> {
  const url = request.url.startsWith('http') ? request.url : `${API}${request.url}`
  const raw = await page.evaluate(
    async ({ url, method, headers, json }) => {
      const response = await fetch(url, {
        method,
        headers: json === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
        body: json === undefined ? undefined : JSON.stringify(json),
      })
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        text: await response.text(),
      }
    },
    { url, method: request.method ?? 'GET', headers: request.headers ?? {}, json: request.json },
  )
  const isJson = raw.headers['content-type']?.includes('json') && raw.text.length > 0
  return { ...raw, body: isJson ? JSON.parse(raw.text) : null }
}

export const demoKey = { 'X-Api-Key': 'demo-api-key' }
export const outsiderKey = { 'X-Api-Key': 'outsider-api-key' }
