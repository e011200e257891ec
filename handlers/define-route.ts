/**
 * The request pipeline, identical in every runtime: journal, forced responses (scenarios),
 * authentication, rate limit, request validation, the operation, latency. Routes are declared
 * with `defineRoute` and dispatched through one table (src/core/router.ts).
 */
import { authenticate, readCredentials, type Identity } from '../src/core/auth.ts'
import { bugOf, detailFor, errorBody, errors, MockError, toMockError } from '../src/core/errors.ts'
import { QueryDict } from '../src/core/query-params.ts'
import { retryAfter } from '../src/core/rate-limit.ts'
import { Router } from '../src/core/router.ts'
import { universalStatuses } from '../src/core/scenarios/engine.ts'
import { DEFAULT_THROTTLE_RETRY_AFTER, type Rule } from '../src/core/scenarios/types.ts'
import {
  getOperation,
  isOperationId,
  validateQuery,
  validateRequestBody,
} from '../src/core/openapi/index.ts'
import { exampleFields } from './forced.ts'
import { JsonText } from './json-text.ts'
import type { Reply } from '../src/core/reply.ts'
import type { MockState } from '../src/core/state.ts'
import type { RouteContext, RouteResult } from './context.ts'

export type { Reply } from '../src/core/reply.ts'

export type Access =
  /** No credentials needed; bad credentials are still a 401 (status check ignores them). */
  | 'public'
  /** Anonymous allowed (public reads); invalid credentials are 401. */
  | 'optional'
  /** Credentials required. */
  | 'required'

export interface RouteDefinition {
  operationId: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  access: Access
  /**
   * JSON request body validated against the operation's schema (default for POST/PUT/PATCH).
   * `raw`: the handler reads the body itself, buffered first when the route writes. `stream`:
   * the handler reads the body as it arrives (the upload target), outside the write queue, and
   * makes its change through `ctx.write`, so a slow or large upload holds neither the queue nor
   * more than a chunk of memory.
   */
  body?: 'json' | 'json-unchecked' | 'raw' | 'stream'
  /** Exempt from the rate limit (the rate-limit endpoint itself). */
  unmetered?: boolean
  /**
   * Changes data (default: every method but GET). Writes run one at a time through the mock's
   * write queue; a GET that changes data (a status poll advances a sync) sets it too.
   */
  writes?: boolean
  /** Normalises a body before validation (the CLI sends tag actions in lower case). */
  prepare?: (body: Record<string, unknown>) => Record<string, unknown>
  handle(ctx: RouteContext): Promise<RouteResult> | RouteResult
}

export function defineRoute(definition: RouteDefinition): RouteDefinition {
  return definition
}

export function buildRouter(routes: readonly RouteDefinition[]): Router<RouteDefinition> {
  const router = new Router<RouteDefinition>()
  for (const route of routes) router.add(route.method, route.path, route)
  return router
}

interface Outcome {
  result: RouteResult | 'network-error'
  operationId: string | null
  identity: string | null
  scenario: string | null
  delay: number
  /** Set when a write handler ran: its place in the write queue. */
  sequence: number | null
  /** Set when the answer is a bug in the mock (see `toMockError`): what was thrown, one line. */
  bug?: string | null
}

/**
 * Answers one request: the core `fetch(Request) => Response` every runtime adapts. A `refusal`
 * answers it with that error without routing (journaled like any other answer).
 */
export async function handleRequest(
  state: MockState,
  router: Router<RouteDefinition>,
  request: Request,
  refusal?: MockError,
): Promise<Response> {
  const reply = await replyTo(state, router, request, refusal)
  if (!reply) return Response.error()
  if (reply.body === null || reply.body instanceof ReadableStream)
    return new Response(reply.body, { status: reply.status, headers: reply.headers })
  // A declared length makes the answer self-delimiting, so msw's Node interceptor keeps the
  // connection open instead of ending it; an end under a body the caller never read crashes
  // undici's parser (`assert(!this.paused)`, nodejs/undici#5360) and fails the whole run.
  const bytes = typeof reply.body === 'string' ? encoder.encode(reply.body) : reply.body
  const headers = { ...reply.headers, 'content-length': String(bytes.byteLength) }
  return new Response(bytes, { status: reply.status, headers })
}

const encoder = new TextEncoder()

/** The answer to one request as plain data; null when the connection is to drop (`network-error`). */
export async function replyTo(
  state: MockState,
  router: Router<RouteDefinition>,
  request: Request,
  refusal?: MockError,
): Promise<Reply | null> {
  const started = performance.now()
  const url = new URL(request.url)
  let outcome: Outcome
  let bodySummary: string | null = null
  try {
    if (refusal) throw refusal
    outcome = await run(state, router, request, url, (summary) => (bodySummary = summary))
  } catch (thrown) {
    const error = toMockError(thrown)
    outcome = {
      result: renderError(error),
      operationId: null,
      identity: null,
      scenario: null,
      delay: 0,
      sequence: null,
      bug: bugOf(error),
    }
  }
  const delay = outcome.delay + state.latency
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
  const status = outcome.result === 'network-error' ? 0 : outcome.result.status
  state.journal.record({
    time: new Date(state.clock.now()).toISOString(),
    method: request.method,
    path: url.pathname,
    query: url.search,
    operationId: outcome.operationId,
    identity: outcome.identity,
    status,
    scenario: outcome.scenario,
    bodySummary,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    sequence: outcome.sequence,
    requestId: request.headers.get('x-request-id')?.slice(0, 200) ?? null,
    ...(outcome.bug ? { error: outcome.bug } : {}),
  })
  if (outcome.result === 'network-error') return null
  return render(outcome.result)
}

export function renderError(error: MockError): RouteResult {
  return { status: error.status, body: errorBody(error), headers: error.headers }
}

/** Headers as a Response keeps them: names in lower case (a later one wins), values trimmed. */
function render(result: RouteResult): Reply {
  const noBody = result.body === undefined || result.status === 204 || result.status === 304
  const headers: Record<string, string> =
    noBody || result.body instanceof ReadableStream ? {} : { 'content-type': 'application/json' }
  for (const [name, value] of Object.entries(result.headers ?? {}))
    headers[name.toLowerCase()] = trimHeaderValue(value)
  const body = noBody
    ? null
    : result.body instanceof JsonText
      ? result.body.bytes
      : result.body instanceof ReadableStream
        ? (result.body as ReadableStream<Uint8Array>)
        : JSON.stringify(result.body)
  return { status: result.status, headers, body }
}

const isHttpSpace = (code: number) =>
  code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d

function trimHeaderValue(value: string): string {
  const untouched =
    value === '' ||
    (!isHttpSpace(value.charCodeAt(0)) && !isHttpSpace(value.charCodeAt(value.length - 1)))
  return untouched ? value : value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')
}

/** `/v1/repos/` and `/repos/` are the same route: the bindings and the CLI use no prefix. */
function routePath(pathname: string): string {
  return pathname.startsWith('/v1/') ? pathname.slice(3) : pathname === '/v1' ? '/' : pathname
}

async function run(
  state: MockState,
  router: Router<RouteDefinition>,
  request: Request,
  url: URL,
  summarise: (summary: string) => void,
): Promise<Outcome> {
  const match = router.match(request.method, routePath(url.pathname))
  if (!match) throw errors.notFound()
  if ('allowed' in match)
    throw new MockError(405, `Method "${request.method}" not allowed.`, {
      headers: { Allow: match.allowed.join(', ') },
    })
  const { route, params, template } = match
  const outcome: Outcome = {
    result: { status: 500 },
    operationId: route.operationId,
    identity: null,
    scenario: null,
    delay: 0,
    sequence: null,
  }
  const now = state.clock.now()
  // Who is asking, without failing yet: forced responses still carry the caller's rate headers.
  let identity: Identity | null = null
  let authError: MockError | null = null
  try {
    identity = authenticate(
      readCredentials(request.headers),
      (key) => state.db.apiKeys.get(key)?.user,
    )
  } catch (thrown) {
    authError = toMockError(thrown, route.operationId)
  }
  outcome.identity = identity?.user ?? null
  const rateKey = identity ? `user:${identity.user}` : 'anonymous'
  const rateHeaders = () => state.limiter.headers(state.limiter.peek(rateKey, now), now)

  try {
    const requested = state.scenarios.fromRequest(request.headers, url.searchParams)
    const decision = state.scenarios.decide(
      {
        operationId: route.operationId,
        method: request.method,
        template,
        path: routePath(url.pathname),
      },
      requested,
    )
    const rule = decision?.rule ?? null
    if (decision) {
      outcome.scenario = decision.scenario
      outcome.delay = decision.delay
    }
    if (rule?.networkError) return { ...outcome, result: 'network-error' }
    if (rule?.status !== undefined && !(rule.status < 300 && rule.body === undefined)) {
      outcome.result = forcedResult(state, route, rule, rateKey, now)
      outcome.result.headers = { ...rateHeaders(), ...outcome.result.headers }
      return outcome
    }

    if (authError && route.access !== 'public') throw authError
    if (!identity && route.access === 'required') throw errors.notAuthenticated()

    // A spent window is a view, never stored: the next request without the scenario is served.
    const throttled = decision?.throttle === true
    const waitSeconds = decision?.retryAfter ?? DEFAULT_THROTTLE_RETRY_AFTER
    if (throttled && !route.unmetered) throw throttledError(state, rateKey, now, waitSeconds)
    const rateState = throttled
      ? state.limiter.spent(rateKey, now, waitSeconds)
      : route.unmetered
        ? state.limiter.peek(rateKey, now)
        : state.limiter.consume(rateKey, now)
    const headers = state.limiter.headers(rateState, now)

    try {
      const queryErrors = isOperationId(route.operationId)
        ? validateQuery(route.operationId, url.searchParams)
        : null
      if (queryErrors) throw errors.invalid(queryErrors)
      const body = await readBody(route, request, summarise)
      const writes = route.writes ?? route.method !== 'GET'
      // A route reading its own bytes gets them buffered first: a slow client must not hold the
      // write queue.
      const handled =
        writes && route.body === 'raw' && request.body ? await buffered(request) : request
      const streams = route.body === 'stream'
      const syncChoice = state.scenarios.sync(requested)
      const ctx: RouteContext = {
        request: handled,
        url,
        params,
        query: new QueryDict(url.searchParams),
        identity,
        operationId: route.operationId,
        state,
        sync: syncChoice
          ? {
              steps: syncChoice.sync.steps ?? state.sync.steps,
              outcome: syncChoice.sync.outcome ?? state.sync.outcome,
              reason: syncChoice.sync.reason ?? state.sync.reason,
              durationMs: syncChoice.sync.durationMs ?? state.sync.durationMs,
            }
          : state.sync,
        origin: url.origin,
        body,
        rate: rateState,
        // Other writes already hold the queue for their whole handler.
        write: streams ? (change) => write(state, outcome, change) : async (change) => change(),
      }
      if (syncChoice && request.method !== 'GET') outcome.scenario ??= syncChoice.scenario
      const result =
        writes && !streams
          ? await write(state, outcome, () => route.handle(ctx))
          : await route.handle(ctx)
      outcome.result = { ...result, headers: { ...headers, ...result.headers, ...rule?.headers } }
    } catch (thrown) {
      const error = toMockError(thrown, route.operationId)
      outcome.bug = bugOf(error)
      outcome.result = renderError(error)
      outcome.result.headers = { ...headers, ...error.headers }
    }
    return outcome
  } catch (thrown) {
    const error = toMockError(thrown, route.operationId)
    outcome.bug = bugOf(error)
    outcome.result = renderError(error)
    outcome.result.headers = { ...rateHeaders(), ...error.headers }
    return outcome
  }
}

/**
 * Runs a write through the queue. When it changed data and the mock has an `afterWrite` hook
 * (--persist), the answer waits for the hook outside the queue, so the writes behind it go on and
 * one save can cover many (group commit). A change that cannot be made durable is a 503, even
 * when the handler failed after changing something: never a 2xx for a change that may be lost.
 */
async function write<T>(
  state: MockState,
  outcome: Outcome,
  handle: () => Promise<T> | T,
): Promise<T> {
  let changed = false
  try {
    return await state.writes.run(async (sequence) => {
      outcome.sequence = sequence
      const before = state.db.version()
      try {
        return await handle()
      } finally {
        changed = state.db.version() !== before
      }
    })
  } finally {
    if (changed && state.afterWrite)
      await state.afterWrite({ sequence: outcome.sequence! }).catch(() => {
        throw errors.notSaved()
      })
  }
}

/** Documented statuses of an operation plus those any call can meet. */
export function statusesFor(operationId: string): number[] {
  const responses = isOperationId(operationId) ? getOperation(operationId).responses : { 200: null }
  const documented = Object.keys(responses).map(Number)
  return [...new Set([...documented, ...universalStatuses])].sort((a, b) => a - b)
}

/**
 * 429 for a caller whose window a scenario declares spent for `seconds`: the numbers
 * /rates/limits/ reports.
 */
function throttledError(
  state: MockState,
  rateKey: string,
  now: number,
  seconds: number,
): MockError {
  const spent = state.limiter.spent(rateKey, now, seconds)
  const error = errors.throttled(retryAfter(spent, now))
  Object.assign(error.headers, state.limiter.headers(spent, now))
  return error
}

/** The response a deciding rule forces: its body, or Cloudsmith's body for the status. */
function forcedResult(
  state: MockState,
  route: RouteDefinition,
  rule: Rule,
  rateKey: string,
  now: number,
): RouteResult {
  const status = rule.status!
  const headers: Record<string, string> = { ...rule.headers }
  if (status === 429) {
    const error = throttledError(state, rateKey, now, DEFAULT_THROTTLE_RETRY_AFTER)
    const body = rule.body === undefined ? errorBody(error) : rule.body
    return { status, body, headers: { ...error.headers, ...headers } }
  }
  if (status === 503 && !Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after'))
    headers['Retry-After'] = '30'
  if (rule.body !== undefined) return { status, body: rule.body, headers }
  if (status === 422)
    return { status, body: errorBody(errors.invalid(exampleFields(route.operationId))), headers }
  if (status < 400) return { status, headers }
  return { status, body: { detail: detailFor(status) }, headers }
}

async function buffered(request: Request): Promise<Request> {
  const bytes = await request.arrayBuffer()
  return new Request(request.url, { method: request.method, headers: request.headers, body: bytes })
}

async function readBody(
  route: RouteDefinition,
  request: Request,
  summarise: (summary: string) => void,
): Promise<Record<string, unknown>> {
  const mode = route.body ?? (route.method === 'GET' || route.method === 'DELETE' ? 'raw' : 'json')
  if (mode === 'raw' || mode === 'stream') return {}
  const text = await request.text()
  if (text.length) summarise(text.slice(0, 200))
  // The CLI sends Content-Type: application/json with no body at all: that is an empty object.
  if (text.trim() === '') return validated(route, mode, {})
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (thrown) {
    throw errors.malformedJson(thrown instanceof Error ? thrown.message : 'invalid JSON')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    const got = Array.isArray(parsed) ? 'list' : parsed === null ? 'null' : typeof parsed
    throw errors.badRequest(`Invalid data. Expected a dictionary, but got ${got}.`, {
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`],
    })
  }
  return validated(route, mode, parsed as Record<string, unknown>)
}

function validated(
  route: RouteDefinition,
  mode: string,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const body = route.prepare ? route.prepare(raw) : raw
  if (mode === 'json' && isOperationId(route.operationId)) {
    const fieldErrors = validateRequestBody(route.operationId, body)
    if (fieldErrors) throw errors.invalid(fieldErrors)
  }
  return body
}
