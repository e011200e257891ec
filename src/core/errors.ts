/**
 * The one error type of the mock and the one place that renders Cloudsmith's error body.
 * Handlers and guards throw a `MockError`; the pipeline turns it into a response with
 * `renderError`, so every error body in every runtime has the same shape.
 */
export type FieldErrors = Record<string, string[]>

export interface ErrorBody {
  detail: string
  fields?: FieldErrors
  code?: string
}

export class MockError extends Error {
  readonly status: number
  readonly detail: string
  readonly fields: FieldErrors | undefined
  readonly code: string | undefined
  readonly headers: Record<string, string>

  constructor(
    status: number,
    detail: string,
    extra: {
      fields?: FieldErrors
      code?: string
      headers?: Record<string, string>
      /** What was thrown when this error stands for a bug in the mock (see `toMockError`). */
      cause?: unknown
    } = {},
  ) {
    super(
      `Failed to handle request: ${status} ${detail}`,
      'cause' in extra ? { cause: extra.cause } : undefined,
    )
    this.name = 'MockError'
    this.status = status
    this.detail = detail
    this.fields = extra.fields
    this.code = extra.code
    this.headers = extra.headers ?? {}
  }
}

/** Cloudsmith's (Django REST framework's) wording for each status, used when nothing more specific applies. */
export const defaultDetail: Record<number, string> = {
  400: 'Bad request.',
  401: 'Authentication credentials were not provided.',
  402: 'Payment required.',
  403: 'You do not have permission to perform this action.',
  404: 'Not found.',
  405: 'Method not allowed.',
  409: 'Conflict.',
  413: 'Request entity too large.',
  415: 'Unsupported media type.',
  422: 'Invalid input.',
  429: 'Request was throttled.',
  500: 'A server error occurred.',
  502: 'Bad gateway.',
  503: 'Service temporarily unavailable, try again later.',
  504: 'Gateway timeout.',
}

export function detailFor(status: number): string {
  return defaultDetail[status] ?? (status >= 500 ? 'A server error occurred.' : 'Request failed.')
}

export const errors = {
  notAuthenticated: () => new MockError(401, defaultDetail[401]!),
  invalidToken: () => new MockError(401, 'Invalid token.'),
  invalidBasic: () => new MockError(401, 'Invalid username/password.'),
  forbidden: () => new MockError(403, defaultDetail[403]!),
  notFound: () => new MockError(404, defaultDetail[404]!),
  invalidPage: () => new MockError(404, 'Invalid page.'),
  /** 405 for a known path asked with another method; `allowed` fills the `Allow` header. */
  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new MockError(405, `Method "${method}" not allowed.`, {
      headers: { Allow: allowed.join(', ') },
    }),
  badRequest: (detail: string, fields?: FieldErrors) =>
    new MockError(400, detail, fields ? { fields } : {}),
  /** A JSON body that parsed but is not an object (Django REST framework's wording). */
  notADictionary: (got: string) =>
    new MockError(400, `Invalid data. Expected a dictionary, but got ${got}.`, {
      fields: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] },
    }),
  malformedJson: (reason: string) => new MockError(400, `JSON parse error - ${reason}`),
  invalid: (fields: FieldErrors, detail = 'Invalid input.') =>
    new MockError(422, detail, { fields, code: 'invalid' }),
  tooLarge: (limit: number) =>
    new MockError(413, `Request body exceeds the limit of ${limit} bytes.`),
  throttled: (retryAfterSeconds: number) =>
    new MockError(
      429,
      `Request was throttled. Expected available in ${retryAfterSeconds.toFixed(1)} seconds.`,
      { headers: { 'Retry-After': String(retryAfterSeconds) } },
    ),
  /** A `Range` outside a download of `size` bytes (RFC 9110 §15.5.17). */
  rangeNotSatisfiable: (size: number) =>
    new MockError(416, 'Requested range not satisfiable.', {
      headers: { 'Content-Range': `bytes */${size}` },
    }),
  /**
   * A download whose bytes the mock no longer has (an upload larger than it keeps, dropped for
   * room, or from before a restart): its size and checksums are still the upload's.
   */
  contentGone: () =>
    new MockError(
      410,
      'The mock did not keep the bytes of this file: it was uploaded larger than the mock keeps ' +
        '(the keepBytes option), dropped to make room for newer uploads, or before a restart.',
      { code: 'content_not_kept' },
    ),
  /** A request to a Cloudsmith host no handler answers (src/core/hosts.ts says why). */
  notMocked: (detail: string) => new MockError(501, detail, { code: 'not_mocked' }),
  /**
   * A documented operation the mock deliberately does not model (handlers/resources/not-modelled.ts):
   * a 501 that says so, never a 404 that reads as missing data.
   */
  notModelled: (operationId: string, reason: string) =>
    new MockError(
      501,
      `${operationId} is an operation of Cloudsmith's API that cloudsmith-mock does not model: ${reason}`,
      { code: 'not_modelled' },
    ),
  /** A scenario name (X-Mock-Scenario, `__scenario`) that no scenario has. */
  unknownScenario: (name: string, valid: readonly string[]) =>
    new MockError(
      400,
      `Unknown scenario "${name.slice(0, 100)}". Valid scenarios: ${valid.join(', ')}.`,
      { fields: { scenario: [`"${name.slice(0, 100)}" is not a valid choice.`] } },
    ),
  /** `Prefer: code=` (or `__code`) naming a status the operation cannot answer. */
  codeNotAllowed: (operationId: string, code: number, allowed: readonly number[]) =>
    new MockError(
      400,
      `Operation ${operationId} cannot answer ${code}. Valid codes: ${allowed.join(', ')}.`,
      { fields: { code: [`"${code}" is not a valid choice.`] } },
    ),
  /** `Prefer: code=` (or `__code`) that is not a 3-digit status. */
  badForcedCode: (raw: string) =>
    new MockError(400, `Invalid forced code "${raw.slice(0, 20)}": expected a 3-digit status.`, {
      fields: { code: ['A valid integer is required.'] },
    }),
  internal: () => new MockError(500, defaultDetail[500]!),
  /** Cloudsmith's body for a status a scenario or `Prefer: code=` forces, nothing more specific. */
  ofStatus: (status: number) => new MockError(status, detailFor(status)),
  /** A request the transport could not make sense of (fetch's Request refuses it). */
  malformedRequest: () => new MockError(400, defaultDetail[400]!),
  /** HTTP/1.1 without `Host` (RFC 9112 §3.2 makes it a 400). */
  missingHost: () =>
    new MockError(400, 'Bad request: an HTTP/1.1 request must have a Host header.'),
  /** The client went away while its body was arriving. */
  bodyCutShort: () =>
    new MockError(400, 'The client closed the connection before the whole body arrived.'),
  /** The standalone server's admin API (`/__mock/`) with its token missing or wrong. */
  adminTokenRefused: () =>
    new MockError(401, 'Admin token missing or invalid.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="cloudsmith-mock admin"' },
    }),
  /**
   * Refusals of node:http's parser, before any handler sees the request (see
   * src/adapters/server/protocol-errors.ts): Node's own answer is a bare status line.
   */
  // Grouped: each is one node:http parser failure.
  protocol: {
    unparseable: () => new MockError(400, 'Bad request: the request could not be parsed.'),
    timeout: () => new MockError(408, 'Request timeout: the request was not received in time.'),
    tooLarge: () => new MockError(413, defaultDetail[413]!),
    expectation: () =>
      new MockError(417, 'Expectation failed: only "Expect: 100-continue" is supported.'),
    headersTooLarge: () => new MockError(431, 'Request header fields too large.'),
  },
  /** A change made but not saved (--persist): the client must not take it as done. */
  notSaved: () =>
    new MockError(503, 'Service temporarily unavailable, try again later.', {
      code: 'not_saved',
      headers: { 'Retry-After': '5' },
    }),
  /** A browser page on an origin the CORS policy does not allow (src/core/cors.ts). */
  originRefused: (origin: string) =>
    new MockError(403, `Origin ${origin.slice(0, 200)} is not allowed.`),
  /** DNS rebinding guard of the standalone server: a `Host` that is not this machine's or listed. */
  hostRefused: (host: string) =>
    new MockError(
      403,
      `Host ${host.slice(0, 200)} is not allowed: use a loopback address, or allow it with --allowed-host.`,
    ),
  /** A state-changing admin request a page on another site could send without a preflight. */
  adminNeedsJson: () =>
    new MockError(
      415,
      'Admin requests that change state need "Content-Type: application/json" or an X-Admin-Token header, so that no web page can send them.',
    ),
  /**
   * A 500 that says it is the mock's fault: something the mock threw that is not a MockError.
   * Forced 500s (scenarios, `Prefer: code=500`) keep Cloudsmith's own wording instead.
   */
  mockBug: (where: string, thrown: unknown) =>
    new MockError(
      500,
      `cloudsmith-mock: internal error in ${where}: ${oneLine(thrown)}. ` +
        'This is a bug in the mock, not in your client; please report it.',
      { cause: thrown },
    ),
} as const

const MAX_MESSAGE = 300

/** One line naming what was thrown: its class and message, cut short. */
function oneLine(thrown: unknown): string {
  let text: string
  if (thrown instanceof Error) text = `${thrown.name}: ${thrown.message}`
  else {
    try {
      text = String(thrown)
    } catch {
      text = typeof thrown
    }
  }
  text = text.replace(/\s+/g, ' ').trim()
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text
}

export function errorBody(error: MockError): ErrorBody {
  const body: ErrorBody = { detail: error.detail }
  if (error.fields) body.fields = error.fields
  if (error.code) body.code = error.code
  return body
}

/** A MockError as a Response with Cloudsmith's JSON body, for transports that answer with one. */
export function errorResponse(error: MockError): Response {
  return new Response(JSON.stringify(errorBody(error)), {
    status: error.status,
    headers: { 'Content-Type': 'application/json', ...error.headers },
  })
}

/**
 * Anything thrown inside the pipeline becomes a Cloudsmith-shaped error, never a stack trace in
 * the body. A MockError is returned as it is. Anything else is a bug in the mock: it is logged
 * with `console.error` (the operation and the stack: in every runtime, since the pipeline runs
 * in the test process, the page or the server) and answered with `errors.mockBug`.
 *
 * @param thrown - what a `catch` caught
 * @param where - the operation id, or what ran when no operation was matched yet
 * @returns the error to render; a mock bug's carries `thrown` as its `cause`
 * @example
 * try { await route.handle(ctx) } catch (thrown) { return renderError(toMockError(thrown, 'packages_tag')) }
 */
export function toMockError(thrown: unknown, where = 'the request pipeline'): MockError {
  if (thrown instanceof MockError) return thrown
  console.error(`cloudsmith-mock: internal error in ${where}:`, thrown)
  return errors.mockBug(where, thrown)
}

/** The bug a mock-fault 500 stands for, one line, for the journal; null for any other error. */
export function bugOf(error: MockError): string | null {
  return Object.hasOwn(error, 'cause') ? oneLine(error.cause) : null
}

/**
 * A bad option given to `createMock`, `setupMockServer`, `startMockWorker`, `createMockHttpServer`
 * or the CLI's config file, thrown when the mock is created (never later, at the first request).
 * The message is one line naming the entry point, the option and what it accepts, e.g.
 * `createMock: unknown option "seeed" (did you mean "seed"?). Valid options: seed, preset, ...`.
 */
export class OptionsError extends Error {
  /** Where the options were given: `createMock`, `setupMockServer`, `config file /x/y.json`... */
  readonly entry: string
  /** The option at fault as a dotted path (`sync.outcome`, `scenarios.0`). */
  readonly option: string
  /** The message without the entry point. */
  readonly reason: string

  constructor(entry: string, option: string, reason: string) {
    super(`${entry}: ${reason}`)
    this.name = 'OptionsError'
    this.entry = entry
    this.option = option
    this.reason = reason
  }
}
