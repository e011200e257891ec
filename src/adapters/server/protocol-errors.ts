/**
 * Requests node:http refuses before any handler sees them (a malformed request line, bytes a
 * header may not hold, headers past the size limit, a broken chunked body, CONNECT, an `Expect`
 * it cannot meet). Node's own answer is a bare status line, or a dropped socket for CONNECT;
 * clients of the mock get a Cloudsmith-shaped JSON body for these too. A socket node hands over
 * (CONNECT) has no error listener of node's any more: without ours, one reset by the client
 * would end the process.
 */
import { STATUS_CODES, type Server } from 'node:http'
import type { Duplex } from 'node:stream'

const detailFor: Record<number, string> = {
  400: 'Bad request: the request could not be parsed.',
  405: 'Method "CONNECT" not allowed.',
  408: 'Request timeout: the request was not received in time.',
  413: 'Request entity too large.',
  417: 'Expectation failed: only "Expect: 100-continue" is supported.',
  431: 'Request header fields too large.',
}

function statusFor(code: string | undefined): number {
  if (code === 'HPE_HEADER_OVERFLOW') return 431
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return 413
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408
  return 400
}

function answer(socket: Duplex, status: number, headers: Record<string, string> = {}): void {
  const body = JSON.stringify({ detail: detailFor[status] })
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ]
  socket.end(`${lines.join('\r\n')}\r\n\r\n${body}`)
}

/** How long the rest of a refused request is read (and dropped) before the socket is cut. */
const DRAIN_MS = 5_000

/** Answers protocol-level failures with JSON instead of node's bare status lines. */
export function answerProtocolErrors(server: Server): void {
  const answered = new WeakSet<Duplex>()
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // More of a request already refused: node's parser reports each further chunk again.
    if (answered.has(socket)) return
    // Nothing to answer: the client is gone, or a response on this socket already began.
    const started = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage
    if (error.code === 'ECONNRESET' || !socket.writable || started?.headersSent) {
      socket.destroy()
      return
    }
    answer(socket, statusFor(error.code))
    answered.add(socket)
    // Reading on (and dropping) what the client still sends lets it receive the answer: closing
    // with unread bytes would reset the connection and lose it. A client that never stops is cut.
    setTimeout(() => socket.destroy(), DRAIN_MS).unref()
  })
  // A mock API is no proxy: CONNECT gets a 405 rather than a dropped socket.
  server.on('connect', (_request, socket: Duplex) => {
    // Node has taken its own listeners off this socket: a reset would be an uncaught error.
    socket.on('error', () => socket.destroy())
    answer(socket, 405, { Allow: 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS' })
    setTimeout(() => socket.destroy(), DRAIN_MS).unref()
  })
  // `Expect: 100-continue` is the only expectation HTTP defines; node answers others a bare 417.
  server.on('checkExpectation', (_request, response) => {
    const body = JSON.stringify({ detail: detailFor[417] })
    response.shouldKeepAlive = false
    response.writeHead(417, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    })
    response.end(body)
  })
}
