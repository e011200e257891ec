/**
 * A package arriving in a repository (upload, copy, move) meets the packages already there with
 * the same identity (handlers/package-identity.ts): without `republish` or the repository's
 * `replace_packages_by_default` it is a duplicate, whose sync fails; with either, it replaces
 * them, and they are gone once its own sync completes ("If true, the uploaded package will
 * overwrite any others with the same attributes (e.g. same version); otherwise, it will be
 * flagged as a duplicate", OpenAPI document, `republish` of every upload request).
 */
import { repoKey } from '../src/core/db/database.ts'
import type { PackageRecord, RepositoryRecord, SyncPlan } from '../src/core/db/schemas.ts'
import type { RouteContext } from './context.ts'
import { duplicateReason, identityKey } from './package-identity.ts'
import { syncView } from './sync.ts'
import { startSync } from './sync-start.ts'

type Db = RouteContext['state']['db']

/**
 * Whether `pkg` is gone: the package replacing it has completed its sync. Such a package answers
 * 404 and leaves lists at once; the next write in its repository removes it for good.
 */
export function superseded(db: Db, pkg: PackageRecord, now: number): boolean {
  if (!pkg.replaced_by) return false
  const successor = db.packages.get(pkg.replaced_by)
  return successor !== undefined && syncView(successor, now).is_sync_completed
}

/** Removes the packages of `repository` that a completed package replaced. */
export function purgeSuperseded(db: Db, namespace: string, repository: string, now: number): void {
  const gone = db.packages
    .group(repoKey(namespace, repository))
    .filter((pkg) => superseded(db, pkg, now))
  for (const pkg of gone) db.packages.remove(pkg.slug_perm)
}

export interface Arrival {
  /** The failed sync of a duplicate, or null when the package may sync as planned. */
  duplicate: SyncPlan | null
  /** Packages the arriving one replaces once its sync completes. */
  replaces: PackageRecord[]
}

/**
 * How `candidate` (already shaped as it will be stored in `repo`) meets the packages there.
 * Failed packages (earlier duplicates) do not make it a duplicate, but `republish` replaces
 * them too ("any others with the same attributes").
 */
export function arrive(
  ctx: RouteContext,
  repo: RepositoryRecord,
  candidate: PackageRecord,
  republish: unknown,
): Arrival {
  const now = ctx.state.clock.now()
  purgeSuperseded(ctx.state.db, repo.namespace, repo.slug, now)
  const key = identityKey(candidate)
  const same = ctx.state.db.packages
    .group(repoKey(repo.namespace, repo.slug))
    .filter((pkg) => pkg.slug_perm !== candidate.slug_perm && identityKey(pkg) === key)
  const replace = republish === true || repo.settings['replace_packages_by_default'] === true
  if (replace) return { duplicate: null, replaces: same }
  const live = same.some((pkg) => !syncView(pkg, now).is_sync_failed)
  if (!live) return { duplicate: null, replaces: [] }
  return {
    duplicate: {
      started_at: now,
      steps: candidate.sync.steps,
      duration_ms: candidate.sync.duration_ms,
      polled: 0,
      outcome: 'failed',
      reason: duplicateReason(candidate),
    },
    replaces: [],
  }
}

/**
 * Marks `replaced` as replaced by `successor`; when the successor is already complete (a copy,
 * or a zero-step sync) they go at once.
 */
export async function settleArrival(
  ctx: RouteContext,
  successor: PackageRecord,
  replaced: readonly PackageRecord[],
): Promise<void> {
  const done = syncView(successor, ctx.state.clock.now()).is_sync_completed
  for (const pkg of replaced) {
    if (done) ctx.state.db.packages.remove(pkg.slug_perm)
    else
      await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
        draft.replaced_by = successor.slug_perm
      })
  }
}

/**
 * The sync plan of a resync: a duplicate fails again while the package it duplicates is still
 * there ("A resynchronization is equivalent to delete and add again", Cloudsmith's resync page).
 */
export function resyncPlan(
  ctx: RouteContext,
  repo: RepositoryRecord,
  pkg: PackageRecord,
): SyncPlan {
  const plan = startSync(ctx.sync, ctx.state.clock.now())
  const { duplicate } = arrive(ctx, repo, { ...pkg, sync: plan }, false)
  return duplicate ?? plan
}
