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
  record(entry: Omit<JournalEntry, 'id'>): void
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
 * One place of the ring, written over as the ring turns: an entry object per request lived as
 * long as 1,000 requests, long enough for V8 to move it to the old generation, where the dead
 * ones piled up until a full collection (pauses of 10-20 ms under load, the server's p99;
 * bench/NOTES.md). A slot is made once and refilled; readers get copies (`entryOf`).
 */
type Slot = Omit<JournalEntry, 'error'> & { error: string | undefined }

function fill(slot: Slot | undefined, id: number, entry: Omit<JournalEntry, 'id'>): Slot {
  // Always every field, in one order: a new slot and a refilled one have the same shape.
  const into = slot ?? ({} as Slot)
  into.id = id
  into.time = entry.time
  into.method = entry.method
  into.path = intern(entry.path)
  into.query = intern(entry.query)
  into.operationId = entry.operationId
  into.identity = entry.identity
  into.status = entry.status
  into.scenario = entry.scenario
  into.bodySummary = entry.bodySummary
  into.body = entry.body
  into.durationMs = entry.durationMs
  into.sequence = entry.sequence
  into.requestId = entry.requestId
  into.error = entry.error
  return into
}

/** The entry a slot holds, as its own object: keys in the order of `JournalEntry`. */
function entryOf(slot: Slot): JournalEntry {
  const entry: JournalEntry = {
    id: slot.id,
    time: slot.time,
    method: slot.method,
    path: slot.path,
    query: slot.query,
    operationId: slot.operationId,
    identity: slot.identity,
    status: slot.status,
    scenario: slot.scenario,
    bodySummary: slot.bodySummary,
    body: slot.body,
    durationMs: slot.durationMs,
    sequence: slot.sequence,
    requestId: slot.requestId,
  }
  if (slot.error !== undefined) entry.error = slot.error
  return entry
}

/**
 * One string per path and query seen (a few hundred): a URL's `pathname` is a slice that keeps
 * the whole URL text alive, and a new one per request would reach the old generation through
 * its slot all the same.
 */
const interned = new Map<string, string>()
function intern(text: string): string {
  if (text.length > 256) return text
  let known = interned.get(text)
  if (known === undefined) {
    if (interned.size >= 2048) interned.clear()
    // A flat copy, not the slice of the URL it may be.
    known = (' ' + text).slice(1)
    interned.set(known, known)
  }
  return known
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

export interface JournalOptions {
  /**
   * Also counts each answer a route matched here, as `tally()` does, but through `clear()` too
   * (the run's tally the coverage reporters read). A listener would get a copy of every entry.
   */
  countAlso?: (operationId: string, status: number) => void
}

export function createJournal(capacity = 1000, options: JournalOptions = {}): Journal {
  const { countAlso } = options
  const ring: (Slot | undefined)[] = new Array(capacity)
  let next = 0
  let total = 0
  const listeners = new Set<(entry: JournalEntry) => void>()
  let counts = new Map<string, Map<number, number>>()
  return {
    record(entry) {
      const slot = (ring[next] = fill(ring[next], ++total, entry))
      if (entry.operationId !== null) {
        let byStatus = counts.get(entry.operationId)
        if (!byStatus) counts.set(entry.operationId, (byStatus = new Map<number, number>()))
        byStatus.set(entry.status, (byStatus.get(entry.status) ?? 0) + 1)
        countAlso?.(entry.operationId, entry.status)
      }
      next = (next + 1) % capacity
      if (listeners.size === 0) return
      // The listeners' copy: short-lived, so it dies young.
      const full = entryOf(slot)
      for (const listener of listeners) listener(full)
    },
    entries(filter = {}) {
      const out: JournalEntry[] = []
      for (let i = Math.min(total, capacity); i > 0; i--) {
        const slot = ring[(next - i + capacity * 2) % capacity]!
        if (filter.operationId && slot.operationId !== filter.operationId) continue
        if (filter.status !== undefined && slot.status !== filter.status) continue
        if (filter.since !== undefined && slot.id <= filter.since) continue
        out.push(entryOf(slot))
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
