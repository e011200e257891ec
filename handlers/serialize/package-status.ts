/**
 * A package's synchronisation as the API shows it: PackageStatus, and the sync fields and
 * `is_*able` capabilities a Package carries too.
 */
import type { PackageRecord } from '../../src/core/db/schemas.ts'
import type { Package, PackageStatus } from '../../src/generated/types.ts'
import { syncView, type SyncView } from '../sync.ts'
import { packageUrls } from './links.ts'

/** syncView's stage is a plain number; it stays within the document's 0-12 enum (0-9). */
export function syncFields(view: SyncView) {
  return { ...view, stage: view.stage as NonNullable<Package['stage']> }
}

/** What a client may do with a package in this state of its sync. */
export function capabilities(view: SyncView) {
  const settled = view.is_sync_completed || view.is_sync_failed
  return {
    is_cancellable: view.is_sync_awaiting || view.is_sync_in_progress,
    is_copyable: view.is_sync_completed && !view.is_quarantined,
    is_deleteable: true,
    is_downloadable: view.is_sync_completed && !view.is_quarantined,
    is_moveable: view.is_sync_completed,
    is_quarantinable: view.is_sync_completed,
    is_resyncable: settled,
    is_security_scannable: view.is_sync_completed,
  }
}

export function serializePackageStatus(
  pkg: PackageRecord,
  origin: string,
  now: number,
): PackageStatus {
  const view = syncView(pkg, now)
  return {
    self_url: packageUrls(pkg, origin).self_url,
    ...syncFields(view),
    ...capabilities(view),
  } satisfies PackageStatus
}
