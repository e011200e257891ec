/**
 * A package's synchronisation, derived from its plan: it ends after `steps` status polls or
 * `duration_ms` of clock time, whichever comes first, walking from awaiting through in progress
 * to its outcome. Derived from the clock when read, not stored, so a list read later shows a
 * sync finished meanwhile (the `real` clock) without any background timer.
 */
import { isoTime } from '../src/core/clock.ts'
import type { PackageRecord } from '../src/core/db/schemas.ts'

/**
 * Clock time per step when the plan gives no duration: the CLI's default `--wait-interval`
 * between status polls (API-NOTES §7, CLI `push.py` `wait_for_package_sync`), so a client that
 * waits sees the same sync by time as by polls.
 */
export const SYNC_STEP_MS = 5000

/** How long the sync takes by clock time, ms: the plan's own, else `steps` × SYNC_STEP_MS. */
export function syncDuration(plan: PackageRecord['sync']): number {
  return plan.duration_ms ?? plan.steps * SYNC_STEP_MS
}

// Status and stage numbers: "Completed"=4 / "Fully Synchronised"=9 are published (webhook
// example); the others follow the spec's enum order and are inferred.
const stages = [
  'Awaiting Synchronisation',
  'Processing Package',
  'Extracting Metadata',
  'Synchronising Files',
  'Indexing',
  'Updating Distribution Metadata',
  'Generating Signatures',
  'Deploying to CDN',
  'Finalising',
  'Fully Synchronised',
]

export interface SyncView {
  status: 1 | 2 | 3 | 4 | 5
  status_str: string
  status_reason: string | null
  status_updated_at: string
  stage: number
  stage_str: string
  stage_updated_at: string
  sync_progress: number
  sync_finished_at: string | null
  is_sync_awaiting: boolean
  is_sync_in_progress: boolean
  is_sync_in_flight: boolean
  is_sync_completed: boolean
  is_sync_failed: boolean
  is_quarantined: boolean
}

/**
 * Steps done (0 to `steps`) at `now`: those the polls made or those the elapsed share of the
 * duration makes, whichever is more; all of them once the duration has passed.
 */
export function stepsTaken(pkg: PackageRecord, now: number): number {
  const { steps, polled, started_at } = pkg.sync
  const duration = syncDuration(pkg.sync)
  const elapsed = now - started_at
  const byTime =
    elapsed >= duration
      ? steps
      : Math.max(0, Math.min(steps - 1, Math.floor((elapsed * steps) / duration)))
  return Math.min(steps, Math.max(polled, byTime))
}

export function syncView(pkg: PackageRecord, now: number): SyncView {
  const { steps, outcome, started_at } = pkg.sync
  const taken = stepsTaken(pkg, now)
  const duration = syncDuration(pkg.sync)
  // When a step was reached: by time, its share of the duration; by a poll (whose time is not
  // kept), a second a step, or less when the whole duration is shorter, so it is never later.
  const share = steps > 0 ? duration / steps : 0
  const at = (step: number) =>
    isoTime(
      started_at + Math.floor(step * (step <= pkg.sync.polled ? Math.min(1000, share) : share)),
    )
  const base = {
    status_updated_at: at(taken),
    stage_updated_at: at(taken),
    status_reason: null,
    is_quarantined: pkg.quarantined,
  }
  if (taken >= steps) {
    const finished = at(steps)
    if (outcome === 'failed')
      return {
        ...base,
        status: 3,
        status_str: 'Sync Failed',
        status_reason: pkg.sync.reason ?? 'Synchronisation failed.',
        // A failed sync stops where it broke, as the CLI's "stage_str: status_reason" shows.
        ...progressAt(Math.max(1, steps - 1), Math.max(1, steps)),
        sync_finished_at: finished,
        is_sync_awaiting: false,
        is_sync_in_progress: false,
        is_sync_in_flight: false,
        is_sync_completed: false,
        is_sync_failed: true,
      }
    const quarantined = pkg.quarantined || outcome === 'quarantined'
    return {
      ...base,
      status: quarantined ? 5 : 4,
      status_str: quarantined ? 'Quarantined' : 'Completed',
      status_reason: quarantined ? 'Quarantined by policy.' : null,
      stage: 9,
      stage_str: 'Fully Synchronised',
      sync_progress: 100,
      sync_finished_at: finished,
      is_sync_awaiting: false,
      is_sync_in_progress: false,
      is_sync_in_flight: false,
      is_sync_completed: true,
      is_sync_failed: false,
      is_quarantined: quarantined,
    }
  }
  if (taken === 0)
    return {
      ...base,
      status: 1,
      status_str: 'Awaiting Synchronisation',
      stage: 0,
      stage_str: stages[0]!,
      sync_progress: 0,
      sync_finished_at: null,
      is_sync_awaiting: true,
      is_sync_in_progress: false,
      is_sync_in_flight: true,
      is_sync_completed: false,
      is_sync_failed: false,
    }
  return {
    ...base,
    status: 2,
    status_str: 'Sync In Progress',
    ...progressAt(taken, steps),
    sync_finished_at: null,
    is_sync_awaiting: false,
    is_sync_in_progress: true,
    is_sync_in_flight: true,
    is_sync_completed: false,
    is_sync_failed: false,
  }
}

/** Stage and progress after `taken` of `steps` steps of an unfinished sync. */
function progressAt(taken: number, steps: number) {
  const stage = Math.min(8, 1 + Math.floor((taken / steps) * 8))
  return {
    stage,
    stage_str: stages[stage]!,
    sync_progress: Math.min(99, Math.max(1, Math.round((taken / steps) * 100))),
  }
}

/** Status words accepted by `query=status:...`. */
export function statusWord(view: SyncView): string {
  return { 1: 'awaiting', 2: 'in_progress', 3: 'failed', 4: 'completed', 5: 'quarantined' }[
    view.status
  ]
}
