/**
 * The request journal: what was asked and what was answered. A ring buffer, so a
 * long-running server keeps flat memory whatever the traffic.
 */
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
  /** Calls `listener` with each entry as it is recorded (the server's request log); returns the unsubscribe. */
  subscribe(listener: (entry: JournalEntry) => void): () => void
}

export function createJournal(capacity = 1000): Journal {
  const ring: (JournalEntry | undefined)[] = new Array(capacity)
  let next = 0
  let total = 0
  const listeners = new Set<(entry: JournalEntry) => void>()
  return {
    record(entry) {
      const full = { id: ++total, ...entry }
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
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
