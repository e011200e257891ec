/**
 * A Web Response -> node:http's ServerResponse. A network-error Response (`Response.error()`, the
 * `network-error` scenario) drops the socket, which is what a client sees of a network failure.
 */
import type { ServerResponse } from 'node:http'
import type { Reply } from '../../core/reply.ts'

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

/**
 * The core's answer as it is: its body bytes (a cached page, shared) are written, never copied;
 * a streamed body (a download) is written a chunk at a time as the socket drains. A promise only
 * for a stream (or one cancelled): the bytes of a JSON answer are handed to the socket at once,
 * and an await per response cost a turn of the microtask queue.
 */
export function writeReply(
  outgoing: ServerResponse,
  reply: Reply | null,
  extraHeaders: Record<string, string>,
  headOnly: boolean,
): Promise<void> | undefined {
  if (!reply) {
    outgoing.socket?.destroy()
    return
  }
  const stream = reply.body instanceof ReadableStream ? reply.body : null
  if (outgoing.destroyed) return stream?.cancel()
  // The reply is this request's own (render builds its headers per answer): without headers to
  // add, they are written as they are, not copied.
  let headers = reply.headers
  for (const name in extraHeaders) {
    if (headers === reply.headers) headers = { ...reply.headers }
    headers[name.toLowerCase()] = extraHeaders[name]!
  }
  if (stream) return writeStream(outgoing, reply.status, headers, stream, headOnly)
  if (typeof reply.body === 'string') {
    const text = reply.body
    headers['content-length'] = String(Buffer.byteLength(text))
    outgoing.writeHead(reply.status, headers)
    // A JSON text goes to the socket as it is: node:http sends it with the head as one string,
    // instead of an encoded copy (Buffer.from) beside it. The head is then encoded as UTF-8,
    // not Latin-1, so a header value with a byte past 0x7f takes the copy's way.
    if (headOnly) outgoing.end()
    else if (asciiValues(headers)) outgoing.end(text)
    else outgoing.end(Buffer.from(text))
    return
  }
  const body =
    reply.body === null
      ? null
      : Buffer.from(
          (reply.body as Uint8Array).buffer,
          (reply.body as Uint8Array).byteOffset,
          (reply.body as Uint8Array).byteLength,
        )
  if (body) headers['content-length'] = String(body.length)
  outgoing.writeHead(reply.status, headers)
  outgoing.end(headOnly ? undefined : body)
}

const NOT_ASCII = /[\u0080-\uffff]/

function asciiValues(headers: Record<string, string>): boolean {
  for (const name in headers) if (NOT_ASCII.test(headers[name]!)) return false
  return true
}

async function writeStream(
  outgoing: ServerResponse,
  status: number,
  headers: Record<string, string>,
  stream: ReadableStream<Uint8Array>,
  headOnly: boolean,
): Promise<void> {
  outgoing.writeHead(status, headers)
  if (headOnly) {
    await stream.cancel()
    outgoing.end()
  } else await pipeStream(stream, outgoing)
}

/** Writes `stream` with backpressure; a client gone stops the reading. */
async function pipeStream(stream: ReadableStream<Uint8Array>, outgoing: ServerResponse) {
  const reader = stream.getReader()
  try {
    for (;;) {
      if (outgoing.destroyed) return void (await reader.cancel())
      const { done, value } = await reader.read()
      if (done) break
      if (!outgoing.write(value))
        await new Promise<void>((resolve) => {
          const go = () => {
            outgoing.off('drain', go)
            outgoing.off('close', go)
            resolve()
          }
          outgoing.on('drain', go)
          outgoing.on('close', go)
        })
    }
    outgoing.end()
  } finally {
    reader.releaseLock()
  }
}

/**
 * Whether the answer is a fetch Response (the server's own and the admin API's) rather than the
 * core's Reply record. Asked without `instanceof Response`: the global's first use loads undici
 * (tens of ms of a cold start, bench/NOTES.md), which an API answer never needs.
 */
export function isResponse(answer: Response | Reply | null): answer is Response {
  return typeof (answer as Partial<Response> | null)?.arrayBuffer === 'function'
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
