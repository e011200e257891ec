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
    extra: { fields?: FieldErrors; code?: string; headers?: Record<string, string> } = {},
  ) {
    super(`Failed to handle request: ${status} ${detail}`)
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
  methodNotAllowed: (method: string) => new MockError(405, `Method "${method}" not allowed.`),
  badRequest: (detail: string, fields?: FieldErrors) =>
    new MockError(400, detail, fields ? { fields } : {}),
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
  internal: () => new MockError(500, defaultDetail[500]!),
} as const

export function errorBody(error: MockError): ErrorBody {
  const body: ErrorBody = { detail: error.detail }
  if (error.fields) body.fields = error.fields
  if (error.code) body.code = error.code
  return body
}

/** Anything thrown inside the pipeline becomes a Cloudsmith-shaped error, never a stack trace. */
export function toMockError(thrown: unknown): MockError {
  if (thrown instanceof MockError) return thrown
  return errors.internal()
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
