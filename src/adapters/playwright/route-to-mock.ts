/**
 * A Playwright page (or context) answered by the mock: `page.route` hands each request to the
 * mock's handlers, the very ones the Node adapter gives msw's `setupServer` (base URLs, the
 * http twin, the download and upload hosts, CORS, the 501 for other Cloudsmith hosts). No
 * Service Worker: it works with any app, built with or without the mock inside.
 */
import { getResponse } from 'msw'
import type { BrowserContext, Page, Request as PlaywrightRequest, Route } from '@playwright/test'
import type { CloudsmithMock } from '../../create-mock.ts'

/** Methods whose requests carry no body in fetch (a Request with one throws). */
const BODILESS = new Set(['GET', 'HEAD'])

interface BufferedInit {
  method: string
  headers: Headers
  body: Uint8Array<ArrayBuffer> | null
}

/**
 * A Request whose body is already in memory, and whose `clone()` builds a second one from the same
 * bytes instead of teeing the body stream. msw's handlers clone every request they run; with a
 * teed body, the mock's streaming multipart reader (the upload host) never finished: a form
 * upload through `getResponse` hung (found by the Playwright upload spec).
 */
class BufferedRequest extends Request {
  readonly #init: BufferedInit
  constructor(url: string, init: BufferedInit) {
    super(url, init)
    this.#init = init
  }
  override clone(): Request {
    return new BufferedRequest(this.url, this.#init)
  }
}

/** The Playwright request as a fetch Request, what the mock's handlers take. */
async function toFetchRequest(request: PlaywrightRequest): Promise<Request> {
  const method = request.method()
  const headers = new Headers()
  // HTTP/2 pseudo-headers (`:authority`) are not header names fetch accepts.
  for (const { name, value } of await request.headersArray())
    if (!name.startsWith(':')) headers.append(name, value)
  const body = BODILESS.has(method) ? null : request.postDataBuffer()
  return new BufferedRequest(request.url(), {
    method,
    headers,
    body: body ? new Uint8Array(body) : null,
  })
}

/** Only web requests can be the API's: data:, blob: and the like go their own way at once. */
const isHttp = (url: URL) => url.protocol === 'http:' || url.protocol === 'https:'

export interface MockRoute {
  /** Stops answering this page's requests with the mock. */
  unroute(): Promise<void>
}

/**
 * Answers `target`'s requests for the Cloudsmith API with `mock`; every other request (the
 * app's own pages and assets) goes on as before (`route.fallback()`, so your own routes still
 * apply). A network-error answer aborts the request (`fetch` rejects in the page).
 * @example
 * const mock = createMock({ seed: 1 })
 * const routed = await routeToMock(page, mock)
 * await page.goto('http://127.0.0.1:5173/')
 * await routed.unroute()
 */
export async function routeToMock(
  target: Page | BrowserContext,
  mock: CloudsmithMock,
): Promise<MockRoute> {
  const answer = async (route: Route, request: PlaywrightRequest) => {
    const response = await getResponse(mock.handlers, await toFetchRequest(request))
    if (!response) return route.fallback()
    if (response.type === 'error') return route.abort('failed')
    const headers: Record<string, string> = {}
    response.headers.forEach((value, name) => {
      headers[name] = value
    })
    await route.fulfill({
      status: response.status,
      headers,
      body: Buffer.from(await response.arrayBuffer()),
    })
  }
  const handler = (route: Route, request: PlaywrightRequest) =>
    answer(route, request).catch((error: unknown) => {
      // The page or Playwright dealt with the request while the mock was answering it (a page
      // that navigated or dropped it): nothing is left to answer, and no test should fail for
      // it. msw's own Playwright integration ignores the same error (mswjs/playwright#15, #40).
      if (error instanceof Error && error.message.includes('Route is already handled')) return
      throw error
    })
  await target.route(isHttp, handler)
  return { unroute: () => target.unroute(isHttp, handler) }
}
