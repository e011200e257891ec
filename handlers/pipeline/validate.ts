/**
 * Step 6, validate: the query and the JSON body against the operation's schemas. A route that
 * reads its own bytes and writes gets them buffered here, so a slow client never holds the
 * write queue.
 */
import { errors, toMockError, type MockError } from '../../src/core/errors.ts'
import { isOperationId, validateQuery, validateRequestBody } from '../../src/core/openapi/index.ts'
import { MAX_STORED_BODY_CHARS, type JsonValue } from '../../src/core/journal.ts'
import type { RouteDefinition } from '../define-route.ts'

export interface Validated {
  /** The JSON body, parsed, prepared and checked; `{}` for routes that read their own. */
  body: Record<string, unknown>
  /** The request the handler reads: the original, or one with its body buffered. */
  request: Request
  /** The first 200 characters of a JSON body, for the journal. */
  summary: string | null
  /** The JSON body as sent, for the journal (null when none, not JSON, or too large to keep). */
  sent: JsonValue | null
}

export interface Rejected {
  error: MockError
  /** Kept for the journal: a rejected body is the one most worth seeing. */
  summary: string | null
  sent: JsonValue | null
}

/**
 * The checked request, or why it is refused (never throws). A promise only when a body is read:
 * a request without one (a GET, a DELETE) is checked at once, as an await costs a turn of the
 * microtask queue.
 */
export function validate(
  route: RouteDefinition,
  request: Request,
  url: URL,
): Validated | Rejected | Promise<Validated | Rejected> {
  const mode = bodyMode(route)
  const reads = mode === 'json' || mode === 'json-unchecked' || buffers(route, request)
  if (reads) return validateWithBody(route, request, url)
  try {
    checkQuery(route, url)
    return { body: {}, request, summary: null, sent: null }
  } catch (thrown) {
    return { error: toMockError(thrown, route.operationId), summary: null, sent: null }
  }
}

/**
 * Query strings of reads found valid, by URL and operation: a read's URL asked again is the same
 * object (src/core/request-url.ts), and its query the same answer.
 */
const validQueries = new WeakMap<URL, string>()

/** Refuses a query string the operation's parameters do not allow (a 422 naming them). */
function checkQuery(route: RouteDefinition, url: URL): void {
  const { operationId } = route
  const read = route.method === 'GET'
  if (read && validQueries.get(url) === operationId) return
  const queryErrors = isOperationId(operationId)
    ? validateQuery(operationId, url.searchParams)
    : null
  if (queryErrors) throw errors.invalid(queryErrors)
  if (read) validQueries.set(url, operationId)
}

/** A route that reads its own bytes and writes: they are buffered before the handler's turn. */
function buffers(route: RouteDefinition, request: Request): boolean {
  const writes = route.writes ?? route.method !== 'GET'
  return writes && route.body === 'raw' && Boolean(request.body)
}

async function validateWithBody(
  route: RouteDefinition,
  request: Request,
  url: URL,
): Promise<Validated | Rejected> {
  let summary: string | null = null
  let sent: JsonValue | null = null
  try {
    checkQuery(route, url)
    const mode = bodyMode(route)
    let body: Record<string, unknown> = {}
    if (mode === 'json' || mode === 'json-unchecked') {
      const text = await request.text()
      if (text.length) summary = text.slice(0, 200)
      const value = jsonOf(text)
      // The journal's own copy, which the handler cannot change: parsing the text again is a
      // fraction of a structuredClone of the value (bench/NOTES.md, writes).
      sent = text.length > MAX_STORED_BODY_CHARS ? null : jsonOf(text)
      body = dictionary(route, mode, value)
    }
    const handled = buffers(route, request) ? await buffered(request) : request
    return { body, request: handled, summary, sent }
  } catch (thrown) {
    return { error: toMockError(thrown, route.operationId), summary, sent }
  }
}

function bodyMode(route: RouteDefinition): NonNullable<RouteDefinition['body']> {
  return route.body ?? (route.method === 'GET' || route.method === 'DELETE' ? 'raw' : 'json')
}

/** The parsed JSON text; an empty body is `{}` (the CLI sends a JSON type and no body). */
function jsonOf(text: string): JsonValue {
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text) as JsonValue
  } catch (thrown) {
    throw errors.malformedJson(thrown instanceof Error ? thrown.message : 'invalid JSON')
  }
}

/** The body as a dictionary, prepared and checked. */
function dictionary(
  route: RouteDefinition,
  mode: string,
  value: JsonValue,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value
    throw errors.notADictionary(got)
  }
  return checked(route, mode, value)
}

function checked(
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

async function buffered(request: Request): Promise<Request> {
  const bytes = await request.arrayBuffer()
  return new Request(request.url, { method: request.method, headers: request.headers, body: bytes })
}
