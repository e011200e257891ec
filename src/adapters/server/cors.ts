/**
 * CORS for browser apps served from another origin (a dev server on :5173 calling the mock on
 * :8787). The allowed origin is always echoed, never `*`, so credentialed requests
 * (`credentials: 'include'`) work and a wildcard is never combined with credentials.
 */
export interface CorsOptions {
  /** Origins allowed to call the mock (default, or `*` listed: any origin, echoed back). */
  origins?: readonly string[]
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

const ALLOWED_METHODS = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS'
const ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'X-Api-Key',
  'X-Mock-Scenario',
  'Prefer',
  'X-Admin-Token',
].join(', ')

export interface CorsPolicy {
  /** Headers for an actual request from `origin`; null when there is no Origin or it is refused. */
  headers(origin: string | undefined): Record<string, string> | null
  /** The answer to a preflight, or null when the request is not one. */
  preflight(method: string, headers: Headers): Response | null
}

/** scheme://host[:port], as browsers send it: never `*`, `null`, a path or whitespace. */
const SERIALISED_ORIGIN = /^[a-z][a-z\d+.-]*:\/\/[^\s/?#*]+$/i

export function createCorsPolicy(options: CorsOptions = {}): CorsPolicy {
  const allowed = options.origins ? new Set(options.origins) : null
  const anyOrigin = !allowed || allowed.has('*')
  // The origin is echoed with credentials, so `Origin: *` never is (that would be the wildcard
  // CORS forbids with credentials), and `null` (sandboxed frames, file: pages) only when listed.
  const accepts = (origin: string) => {
    if (origin === '*' || origin.length > 2048) return false
    if (allowed?.has(origin)) return true
    return anyOrigin && SERIALISED_ORIGIN.test(origin)
  }

  const base = (origin: string) => ({
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    Vary: 'Origin',
  })

  return {
    headers(origin) {
      if (!origin || !accepts(origin)) return null
      return { ...base(origin), 'Access-Control-Expose-Headers': EXPOSED_HEADERS }
    },
    preflight(method, headers) {
      const origin = headers.get('origin')
      if (method !== 'OPTIONS' || !origin || !headers.has('access-control-request-method'))
        return null
      if (!accepts(origin))
        return new Response(
          JSON.stringify({ detail: `Origin ${origin.slice(0, 200)} is not allowed.` }),
          { status: 403, headers: { 'Content-Type': 'application/json', Vary: 'Origin' } },
        )
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
