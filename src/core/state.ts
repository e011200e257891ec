/**
 * The state of one mock, shared by every request it answers: owned by the core so the layers
 * above (handlers, the composition root, adapters) all read the one declaration.
 */
import type { Clock } from './clock.ts'
import type { Database } from './db/database.ts'
import type { Journal } from './journal.ts'
import type { RateLimiter } from './rate-limit.ts'
import type { ScenarioEngine } from './scenarios/engine.ts'
import type { SyncBehaviour } from './scenarios/types.ts'
import type { WriteQueue } from './write-queue.ts'
import type { MockSource, ResponseCache } from './response-cache.ts'
import type { Spool } from './spool.ts'

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
  /** The bytes of uploads too large for their record, for downloads (src/core/spool.ts). */
  spool: Spool
}
