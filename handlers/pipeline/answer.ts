/**
 * What one request came to: the answer, and what the journal records about it. Each step of the
 * pipeline (index.ts) returns its own value; the composer builds one `Answer` from them.
 */
import { bugOf, errorBody, type MockError } from '../../src/core/errors.ts'
import type { JsonValue } from '../../src/core/journal.ts'
import type { RouteResult } from '../context.ts'

export interface Answer {
  /** The answer, or `network-error` for a connection the mock drops (a scenario's). */
  result: RouteResult | 'network-error'
  /** Null when no route matched. */
  operationId: string | null
  /** The user the credentials name; null for anonymous or bad credentials. */
  identity: string | null
  /** The scenario (or `code=NNN`) that shaped the answer. */
  scenario: string | null
  /** Latency a scenario adds, in ms (the mock's own `latency` comes on top). */
  delay: number
  /** The write's place in the write queue, when a write handler ran. */
  sequence: number | null
  /** When the answer is a bug in the mock (see `toMockError`): what was thrown, one line. */
  bug: string | null
  /** The first 200 characters of a JSON body, when one was read. */
  bodySummary: string | null
  /** The JSON body as sent, when one was read and is small enough to keep. */
  body: JsonValue | null
}

/** An answer before any step has learned anything: what a refusal or an unknown path gets. */
export const UNKNOWN: Omit<Answer, 'result'> = {
  operationId: null,
  identity: null,
  scenario: null,
  delay: 0,
  sequence: null,
  bug: null,
  bodySummary: null,
  body: null,
}

/**
 * The answer for an error, keeping what the steps before it learned. `headers` go under the
 * error's own (the rate-limit headers the caller's window shows at that point).
 */
export function failed(
  error: MockError,
  known: Omit<Answer, 'result'> = UNKNOWN,
  headers: Record<string, string> = {},
): Answer {
  return {
    ...known,
    result: {
      status: error.status,
      body: errorBody(error),
      headers: { ...headers, ...error.headers },
    },
    bug: bugOf(error),
  }
}
