/**
 * What a route handler sees: the request, who is asking, and the mock's state. Built once per
 * request by the pipeline in define-route.ts.
 */
import type { Identity } from '../src/core/auth.ts'
import type { Clock } from '../src/core/clock.ts'
import type { Database } from '../src/core/db/database.ts'
import type { Journal } from '../src/core/journal.ts'
import type { QueryDict } from '../src/core/query-params.ts'
import type { RateLimiter, RateState } from '../src/core/rate-limit.ts'
import type { MockSource, ResponseCache } from '../src/core/response-cache.ts'
import type { ScenarioEngine } from '../src/core/scenarios/engine.ts'
import type { SyncBehaviour } from '../src/core/scenarios/types.ts'
import type { WriteQueue } from '../src/core/write-queue.ts'

export interface MockState {
  seed: number
  db: Database
  clock: Clock
  journal: Journal
  scenarios: ScenarioEngine
  limiter: RateLimiter
  /** Extra latency added to every response, in ms. */
  latency: number
  /**
   * How new packages synchronise when no scenario says otherwise. `durationMs` null: `steps` ×
   * SYNC_STEP_MS (handlers/sync.ts).
   */
  sync: Required<Omit<SyncBehaviour, 'reason' | 'durationMs'>> & {
    reason: string | null
    durationMs: number | null
  }
  /** Per-kind counters for ids of records created at run time (reset with the data). */
  counters: Map<string, number>
  /** Write handlers run one at a time, in arrival order (see src/core/write-queue.ts). */
  writes: WriteQueue
  /**
   * Set by `createMock({ afterWrite })`: awaited after a write changed data and before its answer
   * leaves (with --persist: until the change is on disk). A rejection answers 503.
   */
  afterWrite: ((write: { sequence: number }) => Promise<void>) | undefined
  /** This mock's cached answers and record texts (src/core/response-cache.ts). */
  responses: ResponseCache<MockSource>
}

export interface RouteContext {
  request: Request
  url: URL
  params: Record<string, string>
  /** The URL's query; `get` answers the last of repeated values, as Django's QueryDict does. */
  query: QueryDict
  identity: Identity | null
  operationId: string
  state: MockState
  /** Sync behaviour in force for this request (scenarios included). */
  sync: MockState['sync']
  /** Origin used in URLs the mock hands out (self_url, upload_url). */
  origin: string
  /** The JSON body, parsed and validated against the operation's request schema. */
  body: Record<string, unknown>
  /**
   * The caller's rate-limit window as this request's X-RateLimit-* headers report it: spent when
   * a scenario throttles (`rate-limited`).
   */
  rate: RateState
  /**
   * Runs a change to the data in the write queue. Only routes with `body: 'stream'` need it
   * (they run outside the queue while the body arrives); for other writes it runs at once.
   */
  write<T>(change: () => Promise<T> | T): Promise<T>
}

export interface RouteResult {
  status: number
  /** JSON, or a ReadableStream of bytes sent as they are (set Content-Length and Content-Type). */
  body?: unknown
  headers?: Record<string, string>
}

/** The next deterministic number for records of `kind` created at run time. */
export function nextId(state: MockState, kind: string): number {
  const next = (state.counters.get(kind) ?? 0) + 1
  state.counters.set(kind, next)
  return next
}
