/**
 * node:http's IncomingMessage -> a Web Request for the core. The body is read chunk by chunk and
 * given up as soon as it passes the limit, so neither a huge nor a slow nor an abandoned upload
 * holds more than `limit` bytes, or anything once the client is gone.
 */
import type { IncomingMessage } from 'node:http'
import { errors, type MockError } from '../../core/errors.ts'
import { IncomingHeaders } from './incoming-headers.ts'

/** The body passed the limit (413). */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError'
  readonly limit: number
  constructor(limit: number) {
    super(`Request body exceeds the limit of ${limit} bytes.`)
    this.limit = limit
  }
}

/** The client went away before sending its whole body. */
export class ClientGoneError extends Error {
  override name = 'ClientGoneError'
}

const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS'])

export function readBody(
  incoming: IncomingMessage,
  limit: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(incoming.headers['content-length'])
  if (declared > limit) return Promise.reject(new BodyTooLargeError(limit))
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = []
    let size = 0
    const settle = (error: Error | null) => {
      incoming.off('data', onData)
      incoming.off('end', onEnd)
      incoming.off('error', onError)
      incoming.off('close', onClose)
      if (error) {
        chunks = []
        reject(error)
      }
      // One chunk (most JSON bodies) is the body: node:http hands each chunk over as its own
      // copy of the socket's bytes, so it is not copied again.
      else if (chunks.length === 1) resolve(chunks[0] as Uint8Array<ArrayBuffer>)
      else resolve(Buffer.concat(chunks, size) as Uint8Array<ArrayBuffer>)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        incoming.pause()
        settle(new BodyTooLargeError(limit))
      } else chunks.push(chunk)
    }
    const onEnd = () => settle(null)
    const onError = (error: Error) => settle(error)
    const onClose = () => {
      if (!incoming.complete) settle(new ClientGoneError('The client closed the connection.'))
    }
    incoming.on('data', onData)
    incoming.on('end', onEnd)
    incoming.on('error', onError)
    incoming.on('close', onClose)
  })
}

/**
 * The body as a Web stream for a consumer that handles bytes as they arrive (the upload target
 * hashes and counts them): the socket is read only when the consumer pulls, one chunk at a
 * time, so an upload in flight holds about one chunk however large the file. Past `limit`
 * bytes, or when the client goes away first, the stream fails with a MockError (413, 400) that
 * the core answers as it is.
 */
export function streamBody(incoming: IncomingMessage, limit: number): ReadableStream<Uint8Array> {
  let size = 0
  let settled = false
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const fail = (error: MockError) => {
          if (settled) return
          settled = true
          incoming.pause()
          controller.error(error)
        }
        incoming.on('data', (chunk: Buffer) => {
          if (settled) return
          size += chunk.length
          if (size > limit) return fail(errors.tooLarge(limit))
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))
          if ((controller.desiredSize ?? 0) <= 0) incoming.pause()
        })
        incoming.on('end', () => {
          if (settled) return
          settled = true
          controller.close()
        })
        const gone = () => fail(errors.bodyCutShort())
        incoming.on('error', gone)
        incoming.on('close', () => {
          if (!incoming.complete) gone()
        })
        incoming.pause()
      },
      pull() {
        incoming.resume()
      },
      cancel() {
        // The consumer has what it needs; the server drains the rest or closes the connection.
        settled = true
        incoming.pause()
      },
    },
    { highWaterMark: 1 },
  )
}

/**
 * Reads and drops what is left of a refused body. Closing at once would make the client's next
 * write fail (EPIPE) before it reads the 413; past `maxBytes` the connection is cut instead.
 */
export function discardBody(incoming: IncomingMessage, maxBytes: number): Promise<void> {
  let discarded = 0
  incoming.removeAllListeners('data')
  incoming.on('data', (chunk: Buffer) => {
    discarded += chunk.length
    if (discarded > maxBytes) incoming.socket.destroy()
  })
  const drained = new Promise<void>((resolve) => {
    incoming.once('end', resolve)
    incoming.once('close', resolve)
  })
  incoming.resume()
  return drained
}

/** Where a request was sent, as the server reads it: the whole URL and the parts it looks at. */
export interface RequestTarget {
  readonly href: string
  readonly pathname: string
  /** The query string with its `?`, or ''. */
  readonly search: string
}

/** A remembered target, and the Host and fallback origin it was read with. */
interface KnownTarget {
  host: string | undefined
  fallbackOrigin: string
  target: RequestTarget
}

/** By request target (the text after the method): parsed once, its hash kept by V8. */
const targets = new Map<string, KnownTarget>()
/** Targets remembered: clients ask for the same few URLs over and over; ever-new ones cost one. */
const MAX_TARGETS = 512
/** Longer targets are parsed every time: the memo stays within a few hundred KiB. */
const MAX_TARGET_LENGTH = 512

/**
 * `requestUrl`'s href, pathname and search, remembered per request target, Host and fallback
 * origin: parsing the URL was the largest cost of the server's own per request on a cached page
 * (bench/NOTES.md). The same strings `requestUrl` gives.
 */
export function requestTarget(incoming: IncomingMessage, fallbackOrigin: string): RequestTarget {
  const path = incoming.url ?? '/'
  const host = incoming.headers.host
  const known = targets.get(path)
  if (known && known.host === host && known.fallbackOrigin === fallbackOrigin) return known.target
  // A path the URL parser leaves as it is, sent to a Host it leaves as it is: the target is
  // their concatenation, without a parse, and not remembered (a path named by a new slug, as a
  // DELETE's, would only push the others out).
  const origin = PLAIN_PATH.test(path) && !path.includes('/.') ? plainOrigin(host) : null
  if (origin !== null) return { href: origin + path, pathname: path, search: '' }
  const url = requestUrl(incoming, fallbackOrigin)
  const target = Object.freeze({ href: url.href, pathname: url.pathname, search: url.search })
  if (path.length <= MAX_TARGET_LENGTH) {
    if (targets.size >= MAX_TARGETS && !known) targets.clear()
    targets.set(path, { host, fallbackOrigin, target })
  }
  return target
}

/**
 * Characters the URL parser keeps as they are in a path (unreserved ones and `/`), from a
 * leading `/`: no query, fragment, percent sign or backslash. Segments `.` and `..` (which it
 * resolves) are told by a `/.`, whichever way they are written.
 */
const PLAIN_PATH = /^\/[\w\-.~/]*$/

/** By Host header: `http://` and the Host when the URL parser keeps it as it is, else null. */
const plainOrigins = new Map<string | undefined, string | null>()

function plainOrigin(host: string | undefined): string | null {
  let origin = plainOrigins.get(host)
  if (origin === undefined) {
    origin = null
    if (host !== undefined && HOST.test(host)) {
      try {
        if (new URL(`http://${host}/`).host === host) origin = `http://${host}`
      } catch {
        // not a host the URL parser takes: requestUrl decides
      }
    }
    // Hosts are a handful; a client sending ever-new ones costs a parse per request, as before.
    if (plainOrigins.size >= 64) plainOrigins.clear()
    plainOrigins.set(host, origin)
  }
  return origin
}

const HOST = /^[\w.-]+(:\d{1,5})?$|^\[[\da-fA-F:.]+\](:\d{1,5})?$/

/** Where the request was sent: the Host it names when that parses, else the server's own address. */
export function requestUrl(incoming: IncomingMessage, fallbackOrigin: string): URL {
  const target = incoming.url ?? '/'
  // Origin-form is the norm; absolute-form (proxies) keeps only its path, so the origin stays ours.
  const path = target.startsWith('/') ? target : safePath(target)
  const host = incoming.headers.host
  if (host && HOST.test(host)) {
    try {
      return new URL(`http://${host}${path}`)
    } catch {
      // fall through to the server's own origin
    }
  }
  return new URL(`${fallbackOrigin}${path}`)
}

function safePath(target: string): string {
  try {
    const url = new URL(target)
    return `${url.pathname}${url.search}`
  } catch {
    return '/'
  }
}

/**
 * Builds the Request; `body` is ignored for methods that cannot carry one. It carries no abort
 * signal: a buffered body is read whole before it exists, a streamed one fails by itself when
 * the client goes, and a signal costs a dependent AbortSignal and a listener per request.
 *
 * A request without a body or with a buffered one is a BufferedRequest: the core reads its
 * method, URL, headers and at most its text, and a Web Request (undici parses the URL again and
 * builds its body stream and signal state, and `text()` reads the bytes back through that
 * stream) cost more than routing it (bench/NOTES.md, where the time goes). Its headers are
 * read from node:http's (IncomingHeaders), whose parser refused what fetch would.
 * @throws TypeError for what fetch forbids of a streamed request (CONNECT, TRACE)
 */
export function toRequest(
  incoming: IncomingMessage,
  url: RequestTarget,
  body: Uint8Array<ArrayBuffer> | ReadableStream<Uint8Array> | null,
): Request {
  const headers = new IncomingHeaders(incoming.rawHeaders)
  const method = incoming.method ?? 'GET'
  const sent = NO_BODY.has(method) || !body ? null : body
  if (!(sent instanceof ReadableStream))
    return new BufferedRequest(method, url.href, headers, sent) as unknown as Request
  return new Request(url.href, {
    method,
    headers,
    body: sent,
    // A stream body (the upload target's) is read while the request is handled.
    ...(sent instanceof ReadableStream ? { duplex: 'half' } : {}),
  })
}

/**
 * One for every request: `TextDecoder` is a lazy global, and a decoder without `stream` keeps
 * no state.
 */
const decoder = new TextDecoder()

/**
 * A Request whose body, if any, is already in memory, as far as the core reads one: `method`,
 * `url`, `headers` and the text readers (`text`, `json`, `arrayBuffer`, `bytes`, read once, as
 * a Request's body is) are its own; anything else (`body`, `formData`, `clone()`, `signal`...)
 * is the Web Request it stands for, built on first use with the same bytes, which from then on
 * answers every body read, so every member of Request still answers as a Request would.
 */
class BufferedRequest {
  readonly method: string
  readonly url: string
  readonly headers: Headers
  readonly #bytes: Uint8Array<ArrayBuffer> | null
  #used = false
  #full: Request | undefined

  constructor(
    method: string,
    url: string,
    headers: Headers,
    bytes: Uint8Array<ArrayBuffer> | null,
  ) {
    this.method = method
    this.url = url
    this.headers = headers
    this.#bytes = bytes
  }

  private get full(): Request {
    this.#full ??= new Request(this.url, {
      method: this.method,
      headers: this.headers,
      body: this.#used ? null : this.#bytes,
    })
    return this.#full
  }

  /** The bytes, once, as a Request's body reads them (a second read rejects, as fetch's does). */
  #take(): Uint8Array<ArrayBuffer> {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read')
    this.#used = true
    return this.#bytes ?? new Uint8Array(0)
  }

  get body() {
    return this.#bytes === null && !this.#full ? null : this.full.body
  }
  get bodyUsed() {
    return this.#full?.bodyUsed ?? this.#used
  }
  get signal() {
    return this.full.signal
  }
  get cache() {
    return this.full.cache
  }
  get credentials() {
    return this.full.credentials
  }
  get destination() {
    return this.full.destination
  }
  get integrity() {
    return this.full.integrity
  }
  get keepalive() {
    return this.full.keepalive
  }
  get mode() {
    return this.full.mode
  }
  get redirect() {
    return this.full.redirect
  }
  get referrer() {
    return this.full.referrer
  }
  get referrerPolicy() {
    return this.full.referrerPolicy
  }
  async text() {
    if (this.#full) return this.#full.text()
    return decoder.decode(this.#take())
  }
  async json() {
    if (this.#full) return this.#full.json()
    return JSON.parse(decoder.decode(this.#take())) as unknown
  }
  async arrayBuffer() {
    if (this.#full) return this.#full.arrayBuffer()
    return new Uint8Array(this.#take()).buffer
  }
  async bytes() {
    if (this.#full) return this.#full.bytes()
    return new Uint8Array(this.#take())
  }
  blob() {
    return this.full.blob()
  }
  formData() {
    return this.full.formData()
  }
  clone() {
    return this.full.clone()
  }
}
