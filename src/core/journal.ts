/**
 * The request journal: what was asked and what was answered. A ring buffer, so a
 * long-running server keeps flat memory whatever the traffic; bodies over
 * `MAX_STORED_BODY_CHARS` are not kept (their summary is), so the ring's size bounds memory too.
 * Beside the ring it counts every answer by operation and status since the start or the last
 * `clear()`, for error-path coverage, which must not forget what the ring has dropped.
 */

/** Answers counted by operation id, then status: `{ repos_create: { 201: 2, 422: 1 } }`. */
export type CoverageCounts = Record<string, Record<number, number>>

/** A value JSON can carry. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** Request bodies longer than this (in characters of JSON text) are journaled as `body: null`. */
export const MAX_STORED_BODY_CHARS = 16_384

/**
 * What the journal keeps of a JSON body: a copy of `value` (the handler's own may change), or
 * null when its `text` is over `MAX_STORED_BODY_CHARS`.
 */
export function storedBody(text: string, value: JsonValue): JsonValue | null {
  return text.length > MAX_STORED_BODY_CHARS ? null : structuredClone(value)
}

export interface JournalEntry {
  id: number
  time: string
  method: string
  path: string
  query: string
  operationId: string | null
  identity: string | null
  status: number
  scenario: string | null
  bodySummary: string | null
  /**
   * The JSON request body as parsed, for assertions on it (`toHaveReceived(op, { body })`); null
   * when there was none, it was not JSON, or it was over `MAX_STORED_BODY_CHARS`.
   */
  body: JsonValue | null
  durationMs: number
  /**
   * For requests that ran a write handler: its place in the order writes were applied (they run
   * one at a time), so replaying entries sorted by it rebuilds the same data. Null otherwise.
   */
  sequence: number | null
  /** The request's `X-Request-Id` header (first 200 characters), to match entries to a client's log. */
  requestId: string | null
  /**
   * Present only when the answer was a 500 caused by a bug in the mock (not a forced 500): what
   * was thrown, as one line. The stack went to `console.error`.
   */
  error?: string
}

export interface JournalFilter {
  operationId?: string
  status?: number
  since?: number
  limit?: number
}

export interface Journal {
  record(entry: Omit<JournalEntry, 'id'>): JournalEntry
  entries(filter?: JournalFilter): JournalEntry[]
  readonly size: number
  readonly capacity: number
  clear(): void
  /**
   * How many answers each operation got, by status, since the start or the last `clear()`: all
   * of them, not only those still in the ring. Requests no route matched are not counted.
   */
  tally(): CoverageCounts
  /** Calls `listener` with each entry as it is recorded (the server's request log); returns the unsubscribe. */
  subscribe(listener: (entry: JournalEntry) => void): () => void
}

/**
 * The entry with its id first, field by field: a spread (`{ id, ...entry }`) built a copy in
 * V8's slow path on every request (bench/NOTES.md). Keys keep the order of `JournalEntry`.
 */
function withId(id: number, entry: Omit<JournalEntry, 'id'>): JournalEntry {
  const full: JournalEntry = {
    id,
    time: entry.time,
    method: entry.method,
    path: entry.path,
    query: entry.query,
    operationId: entry.operationId,
    identity: entry.identity,
    status: entry.status,
    scenario: entry.scenario,
    bodySummary: entry.bodySummary,
    body: entry.body,
    durationMs: entry.durationMs,
    sequence: entry.sequence,
    requestId: entry.requestId,
  }
  if ('error' in entry) full.error = entry.error
  return full
}

/**
 * An epoch time as the journal shows it (`toISOString`), formatted once per millisecond: the
 * requests of one millisecond (all of them with a frozen clock) share the string.
 */
export function journalTime(epochMs: number): string {
  if (epochMs !== lastTime) {
    lastTime = epochMs
    lastText = new Date(epochMs).toISOString()
  }
  return lastText
}
let lastTime = NaN
let lastText = ''

export function createJournal(capacity = 1000): Journal {
  const ring: (JournalEntry | undefined)[] = new Array(capacity)
  let next = 0
  let total = 0
  const listeners = new Set<(entry: JournalEntry) => void>()
  let counts = new Map<string, Map<number, number>>()
  return {
    record(entry) {
      const full = withId(++total, entry)
      if (entry.operationId !== null) {
        let byStatus = counts.get(entry.operationId)
        if (!byStatus) counts.set(entry.operationId, (byStatus = new Map<number, number>()))
        byStatus.set(entry.status, (byStatus.get(entry.status) ?? 0) + 1)
      }
      ring[next] = full
      next = (next + 1) % capacity
      for (const listener of listeners) listener(full)
      return full
    },
    entries(filter = {}) {
      const out: JournalEntry[] = []
      const count = Math.min(total, capacity)
      for (let i = count; i > 0; i--) {
        const entry = ring[(next - i + capacity * 2) % capacity]
        if (!entry) continue
        if (filter.operationId && entry.operationId !== filter.operationId) continue
        if (filter.status !== undefined && entry.status !== filter.status) continue
        if (filter.since !== undefined && entry.id <= filter.since) continue
        out.push(entry)
      }
      return filter.limit !== undefined ? out.slice(-filter.limit) : out
    },
    get size() {
      return Math.min(total, capacity)
    },
    capacity,
    clear() {
      ring.fill(undefined)
      next = 0
      total = 0
      counts = new Map()
    },
    tally: () =>
      Object.fromEntries(
        [...counts].map(([operation, byStatus]) => [operation, Object.fromEntries(byStatus)]),
      ),
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
