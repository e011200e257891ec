/**
 * Which origins the in-process mock answers, and what it says about a Cloudsmith host it does not
 * serve. A request to Cloudsmith that slipped past the mock would reach the real service with the
 * test's API key, and the user would see the real API's 401 or a bare `fetch failed`.
 */
import { errors, type MockError } from './errors.ts'

/** Cloudsmith's own domains: the API, the upload host, downloads (`dl.`), the web app. */
export function isCloudsmithHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  return ['cloudsmith.io', 'cloudsmith.com'].some(
    (domain) => host === domain || host.endsWith(`.${domain}`),
  )
}

/**
 * What is wrong with one `baseUrl`, or null when it is an absolute `http:`/`https:` URL (msw's `*`
 * and `:param` allowed) or, for a page in a browser, a path starting with `/`. The options schema
 * (src/core/options.ts) reports it: `api.cloudsmith.io` without a scheme would be taken as a path
 * and intercept nothing.
 * @example
 * baseUrlProblem('https://cloudsmith.internal.example') // null
 * baseUrlProblem('api.cloudsmith.io') // 'is not an absolute http(s) URL, ...: write "https://api.cloudsmith.io"'
 */
export function baseUrlProblem(value: string): string | null {
  if (/^https?:\/\/[^/]/i.test(value) || (value.startsWith('/') && !value.startsWith('//')))
    return null
  const bare = value.replace(/^[a-z][a-z0-9+.-]*:\/*|^\/+/i, '')
  return `is not an absolute http(s) URL, so it would intercept nothing: write "https://${bare}"`
}

/** `https://api.cloudsmith.io` for `http://api.cloudsmith.io`: a wrong scheme gets the same answers. */
export function httpTwin(base: string): string | null {
  let url: URL
  try {
    url = new URL(base)
  } catch {
    return null
  }
  if (url.protocol !== 'https:' || !isCloudsmithHost(url.hostname) || /[*:]/.test(url.host))
    return null
  return `http://${base.slice('https://'.length)}`
}

const DOCS = 'see "Requests the mock does not answer" in the README'

/**
 * The error for a request to a Cloudsmith host that no handler of the mock answers (501, code
 * `not_mocked`): what was asked, why the mock does not answer it, and how to answer it yourself.
 * @example
 * notMocked(new Request('https://cloudsmith.io/acme/'), ['https://api.cloudsmith.io'])
 */
export function notMocked(request: Request, bases: readonly string[]): MockError {
  const url = new URL(request.url)
  const asked = `${request.method} ${request.url}`
  const host = url.hostname.toLowerCase()
  const override = `mock.server.use(http.${request.method === 'GET' ? 'get' : 'all'}('${url.origin}/*', ...))`
  let why: string
  if (host === 'api.cloudsmith.io')
    why = `this mock answers ${bases.join(', ')}, not api.cloudsmith.io. Call that origin, or add "${url.origin}" to the baseUrl option`
  else why = 'cloudsmith-mock answers the Cloudsmith API only, not this host'
  return errors.notMocked(
    `${asked} was not sent to Cloudsmith: ${why}. To answer it yourself: ${override}; ${DOCS}.`,
  )
}
