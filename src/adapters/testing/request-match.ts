/**
 * Whether a journal entry is the request a test expected, and how far off it is when not: the
 * one comparison behind every matcher and its near-miss list.
 */
import type { JournalEntry } from '../../core/journal.ts'
import type { OperationId } from '../../core/openapi/index.ts'
import type { RequestBodies } from '../../generated/types.ts'

/** Every field optional, at every depth (arrays keep their items' shape, each one partial). */
export type DeepPartial<T> = T extends readonly (infer U)[]
  ? DeepPartial<U>[]
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> }
    : T

/** The body an operation takes, every field optional; any JSON for one without a typed body. */
export type ExpectedBody<Op extends OperationId> = Op extends keyof RequestBodies
  ? DeepPartial<RequestBodies[Op]>
  : Record<string, unknown>

/** What a received request must have besides its operation. */
export interface RequestExpectation<Op extends OperationId = OperationId> {
  /** The status the mock answered with (0: a dropped connection). */
  status?: number
  /**
   * A partial deep match on the JSON body as sent: each field given must match, others are
   * ignored; arrays match item by item and must have the same length. Asymmetric matchers
   * (`expect.any(String)`) work where the test runner gives its own equality.
   */
  body?: ExpectedBody<Op>
}

/** One step of `toHaveReceivedInOrder`: an operation id, or one with a status and a body. */
export type ExpectedRequest = {
  [Op in OperationId]: Op | ({ operation: Op } & RequestExpectation<Op>)
}[OperationId]

/** A normalised expectation. */
export interface Wanted {
  operation: string
  status?: number
  body?: unknown
}

/** Equality for leaves: the runner's (it knows asymmetric matchers), or Object.is. */
export type Equals = (actual: unknown, expected: unknown) => boolean

export function wantedOf(item: unknown): Wanted {
  if (typeof item === 'string') return { operation: item }
  if (typeof item === 'object' && item !== null && 'operation' in item) {
    const { operation, status, body } = item as Wanted
    if (typeof operation === 'string') return { operation, status, body }
  }
  throw new TypeError(
    `Expected an operation id or { operation, status?, body? }, got ${JSON.stringify(item)}.`,
  )
}

/** Where `actual` first differs from the partial `expected` (`name: expected "web", got "api"`), or null. */
export function bodyDifference(actual: unknown, expected: unknown, equals: Equals): string | null {
  return differ(actual, expected, equals, '')
}

function differ(actual: unknown, expected: unknown, equals: Equals, path: string): string | null {
  const at = path || 'body'
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return `${at}: expected an object, got ${show(actual)}`
    for (const [key, value] of Object.entries(expected)) {
      if (value === undefined) continue
      if (!Object.hasOwn(actual, key)) return `${path ? `${path}.` : ''}${key}: missing`
      const found = differ(actual[key], value, equals, path ? `${path}.${key}` : key)
      if (found) return found
    }
    return null
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected a list, got ${show(actual)}`
    if (actual.length !== expected.length)
      return `${at}: expected ${expected.length} items, got ${actual.length}`
    for (let i = 0; i < expected.length; i++) {
      const found = differ(actual[i], expected[i], equals, `${path}[${i}]`)
      if (found) return found
    }
    return null
  }
  return equals(actual, expected) ? null : `${at}: expected ${show(expected)}, got ${show(actual)}`
}

/** Whether `entry` is the request `wanted` describes; a reason when it is not. */
export function mismatch(entry: JournalEntry, wanted: Wanted, equals: Equals): string | null {
  if (entry.operationId !== wanted.operation) return `operation ${entry.operationId ?? 'none'}`
  if (wanted.status !== undefined && entry.status !== wanted.status)
    return `status ${entry.status}, expected ${wanted.status}`
  if (wanted.body !== undefined) {
    if (entry.body === null || entry.body === undefined)
      return entry.bodySummary ? 'body too large to keep' : 'no JSON body'
    return bodyDifference(entry.body, wanted.body, equals)
  }
  return null
}

/** How close `entry` is to `wanted`: higher is closer (operation, then status, then body). */
export function closeness(entry: JournalEntry, wanted: Wanted, equals: Equals): number {
  let score = 0
  if (entry.operationId === wanted.operation) score += 4
  else if (entry.operationId && sharedPrefix(entry.operationId, wanted.operation) > 0)
    score += sharedPrefix(entry.operationId, wanted.operation) / wanted.operation.length
  if (wanted.status !== undefined && entry.status === wanted.status) score += 2
  if (wanted.body !== undefined && entry.body != null)
    score += bodyDifference(entry.body, wanted.body, equals) === null ? 2 : 1
  return score
}

function sharedPrefix(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/** An expectation in words: `repos_create with status 201 and body matching {"name":"web"}`. */
export function describeWanted(wanted: Wanted): string {
  const parts = [
    wanted.status !== undefined ? `status ${wanted.status}` : null,
    wanted.body !== undefined ? `body matching ${show(wanted.body)}` : null,
  ].filter(Boolean)
  return parts.length ? `${wanted.operation} with ${parts.join(' and ')}` : wanted.operation
}

/** One journal entry on one line: `#3 POST /v1/repos/acme/ repos_create 201 {"name":"web"}`. */
export function describeEntry(entry: JournalEntry): string {
  const status = entry.status === 0 ? 'dropped' : String(entry.status)
  const summary = entry.bodySummary ? ` ${clip(entry.bodySummary, 80)}` : ''
  const scenario = entry.scenario ? ` [${entry.scenario}]` : ''
  return `#${entry.id} ${entry.method} ${entry.path} ${entry.operationId ?? '(no route)'} ${status}${scenario}${summary}`
}

function show(value: unknown): string {
  if (isAsymmetric(value)) return String((value as { toString(): string }).toString())
  try {
    return clip(JSON.stringify(value) ?? String(value), 80)
  } catch {
    return String(value)
  }
}

const clip = (text: string, max: number) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text

/**
 * A JSON-like object. Tested by its tag, not its prototype: under jest the expected object comes
 * from the test's realm and the journal's from the host's, each with its own Object.prototype.
 */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]' && !isAsymmetric(value)
}

/** jest's and vitest's asymmetric matchers (`expect.any(String)`) carry this flag. */
function isAsymmetric(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { $$typeof?: unknown }).$$typeof === Symbol.for('jest.asymmetricMatcher')
  )
}
