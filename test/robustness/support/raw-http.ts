/**
 * A bare HTTP/1.1 client over node:net: it sends exactly the bytes it is given (methods fetch
 * refuses, raw non-UTF-8 paths, broken headers and framing) and reads the whole answer of a
 * `Connection: close` exchange, with a deadline so a hung server fails the test instead of it.
 */
import { connect } from 'node:net'

export interface RawReply {
  status: number
  headers: Record<string, string>
  body: Buffer
}

export type RawOutcome =
  | { kind: 'reply'; reply: RawReply }
  /** The server closed the connection without an answer. */
  | { kind: 'dropped' }
  /** No complete answer before the deadline. */
  | { kind: 'timeout'; received: number }

export interface RawRequest {
  method: string
  /** The request-target as bytes on the wire (origin-form), e.g. `/v1/repos/acme/`. */
  target: string | Buffer
  headers: readonly (readonly [string, string | Buffer])[]
  body: Buffer | null
  /** Default `HTTP/1.1`. */
  version?: string
}

/** The request's bytes: the Content-Length the body has, and `Connection: close`. */
export function encode(request: RawRequest, host: string): Buffer {
  const parts: Buffer[] = [
    Buffer.from(`${request.method} `, 'latin1'),
    Buffer.isBuffer(request.target) ? request.target : Buffer.from(request.target, 'latin1'),
    Buffer.from(
      ` ${request.version ?? 'HTTP/1.1'}\r\nHost: ${host}\r\nConnection: close\r\n`,
      'latin1',
    ),
  ]
  for (const [name, value] of request.headers)
    parts.push(
      Buffer.from(`${name}: `, 'latin1'),
      Buffer.isBuffer(value) ? value : Buffer.from(value, 'latin1'),
      Buffer.from('\r\n'),
    )
  if (request.body) parts.push(Buffer.from(`Content-Length: ${request.body.length}\r\n`))
  parts.push(Buffer.from('\r\n'))
  if (request.body) parts.push(request.body)
  return Buffer.concat(parts)
}

/** `head`: the answer to a HEAD, whose Content-Length describes a body never sent. */
function parse(raw: Buffer, head: boolean): RawReply | null {
  const end = raw.indexOf('\r\n\r\n')
  if (end < 0) return null
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n')
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')
  if (!match) return null
  const headers: Record<string, string> = {}
  for (const line of lines) {
    const colon = line.indexOf(':')
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  let body = raw.subarray(end + 4)
  const length = headers['content-length']
  if (!head && length !== undefined && body.length < Number(length)) return null
  if (!head && /chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const decoded = dechunk(body)
    if (!decoded) return null
    body = decoded
  }
  return { status: Number(match[1]), headers, body }
}

/** A chunked body's bytes, or null while the last chunk has not arrived. */
function dechunk(body: Buffer): Buffer | null {
  const parts: Buffer[] = []
  let at = 0
  for (;;) {
    const lineEnd = body.indexOf('\r\n', at)
    if (lineEnd < 0) return null
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16)
    if (!Number.isFinite(size)) return null
    if (size === 0) return Buffer.concat(parts)
    const start = lineEnd + 2
    if (body.length < start + size + 2) return null
    parts.push(body.subarray(start, start + size))
    at = start + size + 2
  }
}

/** Sends `bytes` on a fresh connection and collects the answer until the server closes it. */
export function exchange(
  port: number,
  host: string,
  bytes: Buffer,
  timeoutMs = 10_000,
): Promise<RawOutcome> {
  const head = bytes.subarray(0, 5).toString('latin1') === 'HEAD '
  return new Promise((resolve) => {
    const socket = connect(port, host)
    const chunks: Buffer[] = []
    let settled = false
    const finish = (outcome: RawOutcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(outcome)
    }
    const timer = setTimeout(() => {
      const received = Buffer.concat(chunks)
      const reply = parse(received, head)
      finish(reply ? { kind: 'reply', reply } : { kind: 'timeout', received: received.length })
    }, timeoutMs)
    socket.on('data', (chunk) => chunks.push(chunk))
    const done = () => {
      const reply = parse(Buffer.concat(chunks), head)
      finish(reply ? { kind: 'reply', reply } : { kind: 'dropped' })
    }
    socket.on('end', done)
    socket.on('close', done)
    // The server may answer (413, 431) and close before the whole request is written.
    socket.on('error', () => undefined)
    socket.write(bytes)
  })
}
