/**
 * A Web Response -> node:http's ServerResponse. A network-error Response (`Response.error()`, the
 * `network-error` scenario) drops the socket, which is what a client sees of a network failure.
 */
import type { ServerResponse } from 'node:http'
import type { Reply } from '../../../handlers/index.ts'

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
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null
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

/** The core's answer as it is: its body bytes (a cached page, shared) are written, never copied. */
export function writeReply(
  outgoing: ServerResponse,
  reply: Reply | null,
  extraHeaders: Record<string, string>,
  headOnly: boolean,
): void {
  if (!reply) {
    outgoing.socket?.destroy()
    return
  }
  if (outgoing.destroyed) return
  const headers: Record<string, string> = { ...reply.headers }
  for (const [name, value] of Object.entries(extraHeaders)) headers[name.toLowerCase()] = value
  const body =
    reply.body === null
      ? null
      : typeof reply.body === 'string'
        ? Buffer.from(reply.body)
        : Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength)
  if (body) headers['content-length'] = String(body.length)
  outgoing.writeHead(reply.status, headers)
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

/** Rendered by the one error module, like every error of every runtime. */
export { errorResponse } from '../../core/errors.ts'
