/**
 * A request's URL, parsed once per distinct URL text. Clients ask for the same few URLs over and
 * over, and `new URL()` for each request was the pipeline's largest single cost on a cached page
 * (~1.3 µs of a packages-page answer's ~30 µs of user time on the standalone server; perf,
 * bench/NOTES.md). A remembered URL also gives the same `href`, `pathname` and `search` strings
 * each time, whose hashes V8 keeps, so the maps keyed by them (routes, cached answers) skip
 * hashing a new string.
 */

interface Parsed {
  url: URL
  /** The URL's `href` as parsed: a different one now means a caller changed it. */
  href: string
}

const parsed = new Map<string, Parsed>()
/** URLs remembered; past this many, they are forgotten and remembered afresh. */
const MAX_URLS = 512
/** Longer URLs are parsed every time: the memo stays within a few hundred KiB. */
const MAX_URL_LENGTH = 512

/**
 * Methods whose URLs (here) and route matches (src/core/router.ts) are remembered: reads ask for
 * the same few URLs over and over; writes name new ones (a DELETE per created slug) that would
 * only push the others out.
 */
export const REMEMBERED_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD'])

/**
 * The URL `href` names. For a read (`method` GET or HEAD), shared between the requests that send
 * the same text: the pipeline only reads it (copy it, `new URL(url)`, to change one); one
 * changed anyway is parsed again. For other methods, parsed each time.
 * @throws TypeError when `href` is not a URL (as `new URL(href)`)
 * @example
 * requestUrl('GET', 'http://localhost/v1/repos/acme/?page=2').searchParams.get('page') // '2'
 */
export function requestUrl(method: string, href: string): URL {
  if (!REMEMBERED_METHODS.has(method)) return new URL(href)
  const known = parsed.get(href)
  if (known !== undefined && known.url.href === known.href) return known.url
  const url = new URL(href)
  if (href.length <= MAX_URL_LENGTH) {
    if (parsed.size >= MAX_URLS && known === undefined) parsed.clear()
    parsed.set(href, { url, href: url.href })
  }
  return url
}
