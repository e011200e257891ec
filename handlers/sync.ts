/**
 * A package's synchronisation, derived from its plan: each status poll, and each SYNC_STEP_MS of
 * clock time, moves it one step from awaiting through in progress to its outcome. Derived, not
 * stored, so reading a package never needs a background timer.
 */
import { isoTime } from '../src/core/clock.ts'
import type { PackageRecord } from '../src/core/db/schemas.ts'

export const SYNC_STEP_MS = 5000

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

export function stepsTaken(pkg: PackageRecord, now: number): number {
  const byTime = Math.max(0, Math.floor((now - pkg.sync.started_at) / SYNC_STEP_MS))
  return pkg.sync.polled + byTime
}

export function syncView(pkg: PackageRecord, now: number): SyncView {
  const { steps, outcome, started_at } = pkg.sync
  const taken = Math.min(stepsTaken(pkg, now), steps)
  const at = (step: number) => isoTime(started_at + step * 1000)
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
