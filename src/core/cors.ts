/**
 * The one CORS policy of the mock, for every runtime: the standalone server, and the in-process
 * msw handlers that DOM test environments (jsdom, happy-dom) check like a browser does. The
 * allowed origin is always echoed, never `*`, so credentialed requests (`credentials: 'include'`)
 * work and a wildcard is never combined with credentials.
 *
 * Own code rather than a library: the CORS packages on npm (`cors`, `@koa/cors`, `@fastify/cors`,
 * `@hattip/cors`, `hono/cors`, itty-router's `cors`) are middleware bound to one framework's
 * request object or to building a Response per request. This policy must also decorate the
 * standalone server's plain-data replies (no Response is built for those, bench/RESULTS.md), refuse
 * `Origin: *` and `null` with credentials, answer Chrome's Private Network Access preflight and
 * render its refusal through the mock's error module; none of them covers those.
 */
import { errorResponse, errors } from './errors.ts'

export interface CorsOptions {
  /** Origins allowed to call the mock (default: any; a listed `*` means any origin, echoed back). */
  origins?: readonly string[]
}

export interface CorsPolicyOptions extends CorsOptions {
  /**
   * What "any origin" admits when `origins` is absent or lists `*` (default `any`): `loopback`
   * keeps it to pages served from this machine (`localhost`, `127.x.x.x`, `[::1]`), which the
   * standalone server's admin API uses so that other web sites cannot read or drive it.
   */
  scope?: 'any' | 'loopback'
}

/** What a browser app must be able to read: pagination, rate limits, retry hints, upload ETags. */
export const EXPOSED_HEADERS = [
  'Link',
  'Retry-After',
  'ETag',
  'Location',
  'X-Pagination-Count',
  'X-Pagination-Page',
  'X-Pagination-PageTotal',
  'X-Pagination-PageSize',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'X-RateLimit-Interval',
].join(', ')

export const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Api-Key',
  'X-Mock-Scenario',
  'Prefer',
  'X-Admin-Token',
].join(', ')

/** Where request headers are read from: a `Headers`, or a view of one. */
export interface HeaderSource {
  get(name: string): string | null
}

export interface CorsPolicy {
  /** Whether a request carrying this `Origin` may be answered. */
  allows(origin: string): boolean
  /**
   * Headers for an actual (non-preflight) request: null without an Origin or for a refused one
   * (answer those with `refusal`).
   */
  headers(origin: string | null | undefined): Record<string, string> | null
  /** The answer to a preflight (204, or 403 for a refused origin); null when it is not one. */
  preflight(method: string, headers: HeaderSource): Response | null
  /** The 403 for an actual request from an origin the policy does not allow. */
  refusal(origin: string): Response
}

/** scheme://host[:port], as browsers send it: never `*`, `null`, a path or whitespace. */
const SERIALISED_ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^\s/?#*]+$/i
/** http(s) origins on this machine: localhost (and its subdomains), 127.0.0.0/8, [::1]. */
const LOOPBACK_ORIGIN =
  /^https?:\/\/(?:(?:[a-z\d-]+\.)*localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i

/**
 * Creates a CORS policy.
 * @param options `origins` (default any), `scope` (what "any" means, default `any`).
 * @example
 * const cors = createCorsPolicy({ origins: ['http://localhost:5173'] })
 * cors.headers('http://localhost:5173') // { 'Access-Control-Allow-Origin': 'http://localhost:5173', ... }
 * cors.headers('https://evil.example') // null
 */
export function createCorsPolicy(options: CorsPolicyOptions = {}): CorsPolicy {
  const allowed = options.origins ? new Set(options.origins) : null
  const anyOrigin = !allowed || allowed.has('*')
  const anyPattern = options.scope === 'loopback' ? LOOPBACK_ORIGIN : SERIALISED_ORIGIN
  // The origin is echoed with credentials, so `Origin: *` never is (that would be the wildcard
  // CORS forbids with credentials), and `null` (sandboxed frames, file: pages) only when listed.
  const allows = (origin: string) => {
    if (origin === '*' || origin.length > 2048) return false
    if (allowed?.has(origin)) return true
    return anyOrigin && anyPattern.test(origin)
  }

  const base = (origin: string) => ({
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  })
  const refusal = (origin: string) => {
    const response = errorResponse(errors.originRefused(origin))
    response.headers.set('Vary', 'Origin')
    return response
  }

  return {
    allows,
    refusal,
    headers(origin) {
      if (!origin || !allows(origin)) return null
      return { ...base(origin), 'Access-Control-Expose-Headers': EXPOSED_HEADERS }
    },
    preflight(method, headers) {
      const origin = headers.get('origin')
      if (method !== 'OPTIONS' || !origin || headers.get('access-control-request-method') === null)
        return null
      if (!allows(origin)) return refusal(origin)
      const requested = headers.get('access-control-request-headers')
      const answer: Record<string, string> = {
        ...base(origin),
        Vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        'Access-Control-Allow-Methods': ALLOWED_METHODS,
        // Echoing what was asked lets apps send their own headers too (tracing ids and the like).
        'Access-Control-Allow-Headers': requested?.trim() || ALLOWED_HEADERS,
        'Access-Control-Max-Age': '600',
      }
      // Chrome asks before a public page may reach a loopback address.
      if (headers.get('access-control-request-private-network') === 'true')
        answer['Access-Control-Allow-Private-Network'] = 'true'
      return new Response(null, { status: 204, headers: answer })
    },
  }
}

export interface WithCorsOptions {
  /**
   * The origin of the document the code runs in (default: none), used when a request carries no
   * `Origin`. A DOM emulation may drop it: happy-dom's `Request`, which msw's interceptor builds
   * requests with in a happy-dom test environment, removes the forbidden headers `Origin` and
   * `Access-Control-Request-*` (capricorn86/happy-dom#1488, #1489), yet checks the answer
   * against its document's origin. A request to another origin is then taken as coming from
   * that document, and an OPTIONS to it as its preflight, which is all a page can send.
   */
  pageOrigin?: () => string | undefined
}

/** The http(s) origin of the current document (a page, jsdom, happy-dom); undefined elsewhere. */
export function documentOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: unknown } }).location?.origin
  return typeof origin === 'string' && /^https?:\/\//.test(origin) ? origin : undefined
}

/** The request's headers, with what the page must have sent when the environment dropped it. */
function seenHeaders(request: Request, options: WithCorsOptions): HeaderSource {
  if (request.headers.get('origin') !== null) return request.headers
  const page = options.pageOrigin?.()
  if (!page || new URL(request.url).origin === page) return request.headers
  return {
    get(name) {
      const value = request.headers.get(name)
      if (value !== null) return value
      if (name === 'origin') return page
      if (name === 'access-control-request-method' && request.method === 'OPTIONS') return 'GET'
      return null
    },
  }
}

/**
 * Runs `next` under the policy, for transports that answer with a Response (the msw handlers):
 * a preflight is answered here, a refused origin gets the 403, and an allowed one's answer
 * carries the CORS headers. Requests without an Origin (Node's fetch) pass through untouched.
 * @example
 * http.all('https://api.cloudsmith.io/*', ({ request }) => withCors(cors, request, mock.handle))
 */
export async function withCors(
  policy: CorsPolicy,
  request: Request,
  next: (request: Request) => Promise<Response>,
  options: WithCorsOptions = {},
): Promise<Response> {
  const seen = seenHeaders(request, options)
  const preflight = policy.preflight(request.method, seen)
  if (preflight) return preflight
  const origin = seen.get('origin')
  if (!origin) return next(request)
  const headers = policy.headers(origin)
  if (!headers) return policy.refusal(origin)
  const response = await next(request)
  // A dropped connection (`Response.error()`, the network-error scenario) has nothing to decorate.
  if (response.type === 'error') return response
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value)
  return response
}
