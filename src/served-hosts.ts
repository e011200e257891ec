/**
 * Cloudsmith hosts the in-process mock serves besides the API: downloads (dl.cloudsmith.io)
 * and direct uploads (upload.cloudsmith.io), each routed to the path that answers it on the
 * mock's own origin, where the standalone server answers it directly.
 */
import { http, type HttpHandler } from 'msw'
import { DIRECT_UPLOAD_PATH } from '../handlers/direct-upload.ts'
import { DOWNLOAD_PREFIX } from '../handlers/download-urls.ts'

/**
 * Cloudsmith hosts the mock serves besides the API, and the path on the mock's own origin that
 * answers for each (the standalone server answers these paths directly).
 */
export const SERVED_HOSTS: Readonly<Record<string, string>> = {
  // dl.cloudsmith.io/{access}/{owner}/{repo}/...: the cdn_url of packages (handlers/downloads.ts)
  'dl.cloudsmith.io': DOWNLOAD_PREFIX,
  // upload.cloudsmith.io/{owner}/{repo}/{filename}: direct uploads (handlers/direct-upload.ts)
  'upload.cloudsmith.io': DIRECT_UPLOAD_PATH.slice(0, DIRECT_UPLOAD_PATH.indexOf('/{')),
}

/**
 * In-process handlers for SERVED_HOSTS (https and http): each request goes to the core with
 * its path under the host's own prefix, its body still streaming.
 */
export function hostHandlers(
  answer: (request: Request, respond: (request: Request) => Promise<Response>) => Promise<Response>,
  handle: (request: Request) => Promise<Response>,
): HttpHandler[] {
  return Object.entries(SERVED_HOSTS).map(([host, prefix]) =>
    http.all(
      ({ request }) => new URL(request.url).hostname.toLowerCase() === host,
      ({ request }) =>
        answer(request, (served) => {
          const url = new URL(served.url)
          const init: RequestInit & { duplex?: 'half' } = {
            method: served.method,
            headers: served.headers,
            body: served.body,
            signal: served.signal,
            duplex: 'half',
          }
          return handle(new Request(`${url.origin}${prefix}${url.pathname}${url.search}`, init))
        }),
    ),
  )
}
