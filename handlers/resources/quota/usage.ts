/**
 * What a namespace stores and serves, from the stored packages: quota and metrics read it, so
 * an upload raises it and a delete lowers it with no bookkeeping of their own.
 */
import { repoKey } from '../../../src/core/db/keys.ts'
import type { PackageRecord, RepositoryRecord } from '../../../src/core/db/schemas.ts'
import type { MockState } from '../../context.ts'

/** The namespace's repositories, optionally only those `keep` accepts. */
export function repositoriesOf(
  state: MockState,
  namespace: string,
  keep: (repo: RepositoryRecord) => boolean = () => true,
): RepositoryRecord[] {
  return state.db.repositories.group(namespace).filter(keep)
}

/** Every package of the given repositories. */
export function packagesOf(state: MockState, repos: readonly RepositoryRecord[]): PackageRecord[] {
  return repos.flatMap((r) => state.db.packages.group(repoKey(r.namespace, r.slug)))
}

export interface Usage {
  /** Bytes stored (the packages' sizes). */
  storage: number
  /** Bytes served: each package's downloads times its size. */
  bandwidth: number
  /** Bytes uploaded since `since` (epoch ms). */
  uploaded: number
  downloads: number
}

/** Usage of `packages`, uploads counted from `since`. */
export function usageOf(packages: readonly PackageRecord[], since: number): Usage {
  let storage = 0
  let bandwidth = 0
  let uploaded = 0
  let downloads = 0
  for (const pkg of packages) {
    storage += pkg.size
    bandwidth += pkg.size * pkg.downloads
    downloads += pkg.downloads
    if (pkg.uploaded_at >= since) uploaded += pkg.size
  }
  return { storage, bandwidth, uploaded, downloads }
}
