/**
 * The mock as MSW request handlers: what `mock.handlers` holds, for msw's setupServer and
 * setupWorker. Built on first read (createMock's `handlers` getter): the standalone server
 * answers through `mock.reply` and never loads msw (bench/NOTES.md, cold start).
 */
import { http, type HttpHandler } from 'msw'
import { createCorsPolicy, documentOrigin, withCors } from './core/cors.ts'
import { httpTwin, isCloudsmithHost } from './core/hosts.ts'
import { hostHandlers } from './served-hosts.ts'
import { releaseUnreadClone } from './unread-clone.ts'

/**
 * Any page origin, and also `null`: a test document without a URL (jsdom's `about:blank`, a
 * sandboxed frame) sends `Origin: null`, and nothing in a test process needs keeping out.
 */
const IN_PROCESS_CORS = { origins: ['*', 'null'] } as const

/** What the handlers hand their requests to (the composed mock). */
export interface MswHandlerTargets {
  /** API origins answered, e.g. `['https://api.cloudsmith.io']` (options.baseUrl). */
  baseUrls: readonly string[]
  /** The core's answer to one request (createMock's `handle`). */
  handle: (request: Request) => Promise<Response>
  /** The answer to a Cloudsmith host none of the handlers serves: never the network. */
  refuse: (request: Request) => Promise<Response>
}

/**
 * What the handler for `base` answers. An absolute base is a plain prefix test: msw's path
 * patterns refuse URLs over 8,192 characters with a 500 and a stack trace of their own. A
 * relative base (resolved against the page in a browser) or one with a wildcard keeps the pattern.
 */
function underBase(base: string): string | ((args: { request: Request }) => boolean) {
  const trimmed = base.replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return `${trimmed}/*`
  }
  if (/[*:]/.test(url.pathname) || url.hostname.includes('*')) return `${trimmed}/*`
  const root = `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  return ({ request }) =>
    request.url.startsWith(`${root}/`) || request.url === root || request.url.startsWith(`${root}?`)
}

/**
 * The handlers, in matching order: each base URL (and its http twin), the download and upload
 * hosts, then any other Cloudsmith host, refused so that neither the request nor its API key
 * reaches the network.
 * @example
 * const handlers = mswHandlers({ baseUrls: ['https://api.cloudsmith.io'], handle, refuse })
 * setupServer(...handlers).listen()
 */
export function mswHandlers({ baseUrls, handle, refuse }: MswHandlerTargets): HttpHandler[] {
  // DOM test environments (jsdom, happy-dom) enforce CORS like a browser: every handler answers
  // preflights and adds the same headers as the standalone server, from the same policy.
  const cors = createCorsPolicy(IN_PROCESS_CORS)
  const answer = (request: Request, respond: (request: Request) => Promise<Response>) => {
    releaseUnreadClone(request)
    return withCors(cors, request, respond, { pageOrigin: documentOrigin })
  }
  const handlers = baseUrls.map((base) =>
    http.all(underBase(base), ({ request }) => answer(request, handle)),
  )
  for (const base of baseUrls) {
    const twin = httpTwin(base)
    if (twin && !baseUrls.includes(twin))
      handlers.push(
        http.all(underBase(twin), ({ request }) =>
          answer(request, (plain) =>
            handle(new Request(`https:${plain.url.slice('http:'.length)}`, plain)),
          ),
        ),
      )
  }
  // Cloudsmith's download and upload hosts, served by the mock's own routes for them.
  handlers.push(...hostHandlers(answer, handle))
  // Last: a Cloudsmith host none of the above answers never reaches the network (nor the key).
  handlers.push(
    http.all(
      ({ request }) => isCloudsmithHost(new URL(request.url).hostname),
      ({ request }) => answer(request, refuse),
    ),
  )
  return handlers
}
