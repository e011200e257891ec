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
import { errorBody, errors, type MockError } from '../../core/errors.ts'

function errorFor(code: string | undefined): MockError {
  if (code === 'HPE_HEADER_OVERFLOW') return errors.protocol.headersTooLarge()
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return errors.protocol.tooLarge()
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return errors.protocol.timeout()
  return errors.protocol.unparseable()
}

/** What a proxy would be asked for: a mock API is none. */
const CONNECT_REFUSED = () =>
  errors.methodNotAllowed('CONNECT', ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

function answer(socket: Duplex, error: MockError): void {
  const body = JSON.stringify(errorBody(error))
  const lines = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status]}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...Object.entries(error.headers).map(([name, value]) => `${name}: ${value}`),
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
    answer(socket, errorFor(error.code))
    answered.add(socket)
    // Reading on (and dropping) what the client still sends lets it receive the answer: closing
    // with unread bytes would reset the connection and lose it. A client that never stops is cut.
    setTimeout(() => socket.destroy(), DRAIN_MS).unref()
  })
  // A mock API is no proxy: CONNECT gets a 405 rather than a dropped socket.
  server.on('connect', (_request, socket: Duplex) => {
    // Node has taken its own listeners off this socket: a reset would be an uncaught error.
    socket.on('error', () => socket.destroy())
    answer(socket, CONNECT_REFUSED())
    setTimeout(() => socket.destroy(), DRAIN_MS).unref()
  })
  // `Expect: 100-continue` is the only expectation HTTP defines; node answers others a bare 417.
  server.on('checkExpectation', (_request, response) => {
    const error = errors.protocol.expectation()
    const body = JSON.stringify(errorBody(error))
    response.shouldKeepAlive = false
    response.writeHead(error.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      Connection: 'close',
    })
    response.end(body)
  })
}
