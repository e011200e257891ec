/**
 * A Web Response -> node:http's ServerResponse. A network-error Response (`Response.error()`, the
 * `network-error` scenario) drops the socket, which is what a client sees of a network failure.
 */
import type { ServerResponse } from 'node:http'
import { cachedBody } from '../../../handlers/define-route.ts'
import { errorBody, type MockError } from '../../core/errors.ts'

export async function writeResponse(
  outgoing: ServerResponse,
  response: Response,
  extraHeaders: Record<string, string>,
  headOnly: boolean,
): Promise<void> {
  if (response.type === 'error') {
    outgoing.socket?.destroy()
    return
  }
  const cached = cachedBody(response)
  const body = cached
    ? Buffer.from(cached.buffer, cached.byteOffset, cached.byteLength)
    : response.body
      ? Buffer.from(await response.arrayBuffer())
      : null
  if (outgoing.destroyed) return
  const headers: Record<string, string | string[]> = {}
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value
  })
  const cookies = response.headers.getSetCookie()
  if (cookies.length) headers['set-cookie'] = cookies
  for (const [name, value] of Object.entries(extraHeaders)) headers[name.toLowerCase()] = value
  if (body) headers['content-length'] = String(body.length)
  outgoing.writeHead(response.status, headers)
  outgoing.end(headOnly ? undefined : body)
}

/** JSON answers of the server itself (admin API, 413, CORS refusals), shaped like Cloudsmith's. */
export function jsonResponse(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

export function errorResponse(error: MockError): Response {
  return jsonResponse(error.status, errorBody(error), error.headers)
}
