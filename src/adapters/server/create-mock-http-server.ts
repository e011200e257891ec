/**
 * The standalone server: node:http in front of the mock's core (`mock.reply`, the answer
 * `mock.handle` and the msw handlers wrap in a Response), so it behaves exactly as the mock does
 * in tests and in the browser. It calls the core directly rather than through msw's
 * `getResponse()`: with no user handlers to match, getResponse only cloned the request and built
 * an AbortController per request, and the Response and its body stream cost more than building
 * a cached list page (bench/RESULTS.md). The server adds only what a real HTTP server needs:
 * body limits, CORS, the admin API, persistence and a graceful close.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createMock, type CloudsmithMock } from '../../create-mock.ts'
import { parseOptions, pickMockOptions } from '../../core/options.ts'
import type { Reply } from '../../core/reply.ts'
import { errorBody, errors, MockError, toMockError } from '../../core/errors.ts'
import { ADMIN_PREFIX, handleAdmin, type AdminContext } from './admin-routes.ts'
import { createCorsPolicy } from '../../core/cors.ts'
import { createHostGuard } from './host-guard.ts'
import { fileStorage } from './file-spool.ts'
import {
  BodyTooLargeError,
  ClientGoneError,
  discardBody,
  readBody,
  requestTarget,
  streamBody,
  toRequest,
} from './incoming-request.ts'
import { errorResponse, isResponse, writeReply, writeResponse } from './outgoing-response.ts'
import { answerProtocolErrors } from './protocol-errors.ts'
import { createDurableSaves, type DurableSaves } from './durable-saves.ts'
import { mockHttpServerOptionsSchema, type MockHttpServerOptions } from './server-options.ts'
import { createStateFile, StateFileError, type StateFile } from './state-file.ts'
import { createUploadGate, DEFAULT_MAX_CONCURRENT_UPLOADS, isUploadTarget } from './uploads.ts'

/** 25 MiB: room for real package files, small enough that a runaway client cannot hurt. */
export const DEFAULT_MAX_BODY_SIZE = 25 * 1024 * 1024
/** 5 GiB, S3's limit for one PUT or POST: an upload is streamed, so its size costs no memory. */
export const DEFAULT_MAX_UPLOAD_SIZE = 5 * 1024 ** 3

export type { MockHttpServerOptions } from './server-options.ts'

export interface RequestLogEntry {
  method: string
  /** Path and query string. */
  path: string
  /** 0 when the connection was dropped on purpose (the `network-error` scenario). */
  status: number
  durationMs: number
  /** The scenario (or `code=NNN`) that decided the answer; null for natural behaviour. */
  scenario: string | null
  /** `api` for the mocked API, `admin` for `/__mock/`, `server` for the server's own answers. */
  kind: 'api' | 'admin' | 'server'
}

export interface MockHttpServer {
  readonly mock: CloudsmithMock
  readonly server: Server
  /** The origin once listening, e.g. `http://127.0.0.1:8787`. */
  readonly url: string
  /** True when the state was loaded from the `persist` file. */
  readonly restored: boolean
  /** Starts listening (port 0 picks a free port); resolves with the URL. */
  listen(port?: number, host?: string): Promise<string>
  /**
   * Stops accepting connections, lets requests in flight finish (up to `timeoutMs`, default
   * 10 s, then drops them), and saves the state.
   */
  close(timeoutMs?: number): Promise<void>
}

/** The admin token option was given but blank (a blank `X-Admin-Token` would pass). */
export class AdminTokenError extends Error {
  override name = 'AdminTokenError'
}

/** The answer when serving itself failed: still Cloudsmith's JSON, never a bare status line. */
const internalReply = (): Reply => ({
  status: 500,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(errorBody(errors.internal())),
})

/** How much of a refused body is read and dropped so the client sees the 413. */
const DISCARD_AT_MOST = 16 * 1024 * 1024
const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Bytes of large uploads a server keeps on disk for downloads by default (2 GiB). */
export const DEFAULT_SERVER_KEEP_BYTES = 2 * 1024 * 1024 * 1024

/**
 * Creates (without starting) the standalone mock server. Rejects with an `OptionsError` for a
 * bad option.
 * @example
 * const app = await createMockHttpServer({ seed: 1, persist: 'state.json' })
 * const url = await app.listen(8787, '127.0.0.1')
 * await fetch(`${url}/v1/user/self/`, { headers: { 'X-Api-Key': 'demo-api-key' } })
 * await app.close()
 */
export async function createMockHttpServer(
  input: MockHttpServerOptions = {},
): Promise<MockHttpServer> {
  const options = parseOptions(mockHttpServerOptionsSchema, input, 'createMockHttpServer')
  // Large uploads' bytes are kept on disk, not in memory: a server keeps more of them.
  const spoolStorage = fileStorage()
  const mockOptions = {
    ...pickMockOptions(options),
    keepBytes: options.keepBytes ?? DEFAULT_SERVER_KEEP_BYTES,
    spoolStorage,
  }
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE
  // A blank token would let a blank X-Admin-Token through: refuse it before anything starts.
  if (options.adminToken !== undefined && options.adminToken.trim() === '')
    throw new AdminTokenError('The admin token is empty: give a non-blank one, or none.')
  const maxUploadSize = options.maxUploadSize ?? DEFAULT_MAX_UPLOAD_SIZE
  const uploads = createUploadGate(options.maxConcurrentUploads ?? DEFAULT_MAX_CONCURRENT_UPLOADS)
  let mock: CloudsmithMock
  let saves: DurableSaves | null = null
  let stateFile: StateFile | null = null
  let restored = false
  let started = false
  const reportError = (error: unknown) =>
    options.onError?.(error instanceof Error ? error : new Error(String(error)))
  if (options.persist) {
    const file = (stateFile = createStateFile(options.persist))
    const saved = await file.load()
    const userHook = options.afterWrite
    const afterWrite = async (write: { sequence: number }) => {
      await saves!.save()
      await userHook?.(write)
    }
    // A saved state replaces the seeded data, so do not build a preset only to drop it.
    mock = createMock(
      saved
        ? { ...mockOptions, dataset: undefined, preset: 'empty', afterWrite }
        : { ...mockOptions, afterWrite },
    )
    if (saved) await mock.restore(saved)
    restored = saved !== null
    // Each save holds whole writes only: the changes are taken between two writes. Mostly they
    // are appended to the write log; now and then the whole state is written (state-file.ts).
    saves = createDurableSaves(
      async () => file.save(await mock.changes({ snapshot: file.wantsSnapshot() })),
      (error) =>
        started &&
        reportError(
          new StateFileError(`could not save the state to ${options.persist}: ${error.message}`),
        ),
    )
    // The whole loaded state is on disk before the first request (checkpoint waits for the
    // preset to load), and a file that cannot be written fails the start, not the first write.
    await saves.save().catch((error: Error) => {
      throw new StateFileError(`Cannot write state file ${options.persist}: ${error.message}`)
    })
  } else mock = createMock(mockOptions)
  await mock.ready()
  started = true

  const cors = options.cors === false ? null : createCorsPolicy(options.cors)
  // Unless origins are listed, only pages on this machine may read or drive the admin API.
  const adminCors =
    options.cors === false
      ? null
      : options.cors?.origins
        ? cors
        : createCorsPolicy({ scope: 'loopback' })
  const hosts = createHostGuard({ allowedHosts: options.allowedHosts })
  const log = options.onRequest
  if (log)
    mock.journal.subscribe((entry) =>
      log({
        method: entry.method,
        path: entry.path + entry.query,
        status: entry.status,
        durationMs: entry.durationMs,
        scenario: entry.scenario,
        kind: 'api',
      }),
    )

  /** Waits until everything done so far is on disk; a 503 when it cannot be saved. */
  const persist = async () => {
    await saves?.save().catch(() => {
      throw errors.notSaved()
    })
  }
  const adminContext: AdminContext = {
    mock,
    token: options.adminToken,
    version: options.version ?? '0.0.0',
    persist,
    saves: () => saves?.health() ?? null,
  }

  let origin = 'http://127.0.0.1'
  let inFlight = 0
  let closing = false
  let drained: (() => void) | null = null
  /** Requests that sent `Expect: 100-continue` and were refused without being told to. */
  const notContinued = new WeakSet<IncomingMessage>()

  /**
   * What is refused from the head alone, before any body is read or a `100 Continue` sent:
   * HTTP/1.1 without `Host` (node's check is off so that this answer is JSON), a declared body
   * past its limit, an upload beyond the concurrent ones allowed.
   */
  function refusal(incoming: IncomingMessage, upload: boolean): MockError | null {
    if (incoming.httpVersion === '1.1' && incoming.headers.host === undefined)
      return errors.missingHost()
    const limit = upload ? maxUploadSize : maxBodySize
    if (Number(incoming.headers['content-length']) > limit) return errors.tooLarge(limit)
    if (upload && uploads.full()) return errors.throttled(uploads.retryAfterSeconds)
    return null
  }

  async function serve(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const started = log ? performance.now() : 0
    const method = incoming.method ?? 'GET'
    const headers: Record<string, string> = {}
    let kind: RequestLogEntry['kind'] = 'server'
    let path = incoming.url ?? '/'
    let response: Response | Reply | null
    let entered = false
    try {
      const url = requestTarget(incoming, origin)
      path = url.pathname + url.search
      if (!hosts.allows(incoming.headers.host)) throw errors.hostRefused(incoming.headers.host!)
      const admin = options.admin !== false && url.pathname.startsWith(ADMIN_PREFIX)
      const policy = admin ? adminCors : cors
      const from = incoming.headers.origin
      // Refused before the body is read, so a page on another site cannot make the server act.
      if (policy && from !== undefined && !policy.allows(from)) {
        headers.Vary = 'Origin'
        throw errors.originRefused(from)
      }
      const allowed = from === undefined ? null : policy?.headers(from)
      if (allowed) Object.assign(headers, allowed)
      // After CORS, so that a browser app can read these refusals too.
      const upload = isUploadTarget(method, url.pathname)
      const refused = refusal(incoming, upload)
      if (refused) throw refused
      if (upload) {
        uploads.enter()
        entered = true
      }
      const body = NO_BODY.has(method)
        ? null
        : upload
          ? streamBody(incoming, maxUploadSize)
          : await readBody(incoming, maxBodySize)
      let request: Request
      try {
        request = toRequest(incoming, url, body)
      } catch {
        // Request() refuses what fetch forbids (CONNECT, TRACE, odd header bytes).
        throw errors.malformedRequest()
      }
      const preflight = policy?.preflight(method, request.headers)
      if (preflight) {
        // The preflight carries its own CORS headers; the ones for actual requests do not belong.
        for (const name of Object.keys(headers)) delete headers[name]
        response = preflight
      } else if (admin) {
        kind = 'admin'
        response = await handleAdmin(request, new URL(url.href), adminContext)
      } else {
        kind = 'api'
        // With --persist, a write's answer comes back once its change is on disk (afterWrite).
        response = await mock.reply(request)
      }
    } catch (thrown) {
      // A client gone before the answer is told nothing. node:http marks the response destroyed
      // when its socket closes; a 'close' listener per request (and its call at every finish)
      // cost more than reading that here.
      if (thrown instanceof ClientGoneError || outgoing.destroyed) return
      const where = kind === 'admin' ? 'the admin API' : `the server (${method} ${path})`
      kind = 'server'
      if (thrown instanceof BodyTooLargeError)
        response = errorResponse(errors.tooLarge(thrown.limit))
      else response = errorResponse(toMockError(thrown, where))
    } finally {
      if (entered) uploads.leave()
    }
    // An answer given before the whole body was read (a refusal, an upload to an unknown
    // identifier): the rest is read and dropped, as closing with unread bytes would reset the
    // connection and lose the answer. A client never told to continue sends no body at all, so
    // its connection, left expecting one, cannot carry a next request.
    if (!incoming.complete && !NO_BODY.has(method)) {
      const limit = Math.max(maxBodySize, DISCARD_AT_MOST)
      const drained = discardBody(incoming, limit)
      const declared = Number(incoming.headers['content-length'])
      if (notContinued.has(incoming)) headers.Connection = 'close'
      // The answer waits for a body of known, bounded length: with `Connection: close` the
      // socket closes once the answer is written, and closing with the client's bytes unread
      // resets the connection, which loses the answer (fuzz: a 4 MB PUT to an unknown upload).
      else if (declared <= limit) await drained
    }
    if (closing) headers.Connection = 'close'
    if (isResponse(response)) await writeResponse(outgoing, response, headers, method === 'HEAD')
    else {
      const writing = writeReply(outgoing, response, headers, method === 'HEAD')
      if (writing) await writing
    }
    // The mock's own answers are logged from its journal; these are the server's and the admin's.
    if (log && isResponse(response))
      log({
        method,
        path,
        status: response.type === 'error' ? 0 : response.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        scenario: null,
        kind,
      })
  }

  const served = () => {
    inFlight--
    if (inFlight === 0) drained?.()
  }
  const server = createServer(
    {
      // Slow or stalled clients are cut off rather than holding a connection forever.
      requestTimeout: 120_000,
      headersTimeout: 30_000,
      keepAliveTimeout: 5_000,
      // Node's own refusal is a bare 400; refusal() answers it in JSON.
      requireHostHeader: false,
    },
    (incoming, outgoing) => {
      inFlight++
      // One reaction for either outcome: a catch and a finally were two more promises per request.
      serve(incoming, outgoing).then(served, (error: unknown) => {
        try {
          reportError(error)
          if (outgoing.headersSent) outgoing.destroy()
          else void writeReply(outgoing, internalReply(), { connection: 'close' }, false)
        } finally {
          served()
        }
      })
    },
  )
  answerProtocolErrors(server)
  // Without this listener node sends `100 Continue` itself, before the limits are looked at.
  server.on('checkContinue', (incoming: IncomingMessage, outgoing: ServerResponse) => {
    const pathname = requestTarget(incoming, origin).pathname
    if (refusal(incoming, isUploadTarget(incoming.method ?? 'GET', pathname)))
      notContinued.add(incoming)
    else outgoing.writeContinue()
    // A refused request was told nothing yet: serve() answers it, and the body never comes.
    server.emit('request', incoming, outgoing)
  })

  return {
    mock,
    server,
    restored,
    get url() {
      return origin
    },
    listen(port = 8787, host = '127.0.0.1') {
      return new Promise((resolve, reject) => {
        const onError = (error: Error) => reject(error)
        server.once('error', onError)
        server.listen({ port, host }, () => {
          server.off('error', onError)
          // Later server errors (accept failing with EMFILE) must not end the process.
          server.on('error', reportError)
          const address = server.address() as AddressInfo
          const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
          origin = `http://${shown}:${address.port}`
          hosts.addListenHost(host)
          resolve(origin)
        })
      })
    },
    async close(timeoutMs = 10_000) {
      closing = true
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeIdleConnections()
      if (inFlight > 0) {
        const idle = new Promise<void>((resolve) => (drained = resolve))
        let timer: NodeJS.Timeout | undefined
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))
        await Promise.race([idle, late])
        clearTimeout(timer)
      }
      server.closeAllConnections()
      await closed
      // One whole snapshot left behind, the log folded into it. Reported through onError when
      // it fails.
      stateFile?.compact()
      await saves?.save().catch(() => undefined)
      spoolStorage.dispose()
    },
  }
}
