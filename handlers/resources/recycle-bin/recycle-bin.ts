/**
 * The recycle bin: a deleted package (packages_delete, bulk-action Delete) is kept here, per
 * repository, with its `deleted_at` and who deleted it, until it is restored (back in its
 * repository, as it was) or hard-deleted. Records are of the resources table (family
 * `recycle-bin`, scoped by repository, keyed by the package's slug_perm), so deleting the
 * repository empties its part of the bin, and reset, undo and persistence cover it.
 */
import { repoKey, resourceGroup, resourceKey } from '../../../src/core/db/keys.ts'
import { plainCopy } from '../../../src/core/db/plain.ts'
import type { PackageRecord, ResourceRecord } from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import type { MockState, RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { namespaceScope } from '../scopes.ts'

export const RECYCLE_BIN_FAMILY = 'recycle-bin'

/**
 * Packages kept per repository: beyond it the oldest are purged, as Cloudsmith purges its bin
 * after a retention period. A long-running server that uploads and deletes all day keeps flat
 * memory (the mock's clock may be frozen, so the bound is a count, not an age).
 */
export const RECYCLE_BIN_LIMIT = 100

/**
 * Removes `pkg` from its repository into the recycle bin.
 * @example
 * await recyclePackage(ctx.state, pkg, ctx.identity?.user ?? null)
 */
export async function recyclePackage(
  state: MockState,
  pkg: PackageRecord,
  by: string | null,
): Promise<void> {
  const removed = state.db.packages.remove(pkg.slug_perm) ?? pkg
  const scope = repoKey(removed.namespace, removed.repository)
  await state.db.resources.insert({
    family: RECYCLE_BIN_FAMILY,
    scope_kind: 'repository',
    scope,
    key: removed.slug_perm,
    data: {
      deleted_at: new Date(state.clock.now()).toISOString(),
      action_by: by,
      package: plainCopy(removed) as unknown as Record<string, unknown>,
    },
  })
  // The group keeps insertion order: the first are the oldest.
  const bin = [...state.db.resources.group(resourceGroup(RECYCLE_BIN_FAMILY, scope))]
  for (const old of bin.slice(0, Math.max(0, bin.length - RECYCLE_BIN_LIMIT)))
    state.db.resources.remove(resourceKey(old.family, old.scope, old.key))
}

const binOf = (state: MockState, namespace: string): ResourceRecord[] =>
  state.db.resources
    .all()
    .filter((r) => r.family === RECYCLE_BIN_FAMILY && r.scope.startsWith(`${namespace}/`))
    .sort(
      (a, b) =>
        String(b.data.deleted_at).localeCompare(String(a.data.deleted_at)) ||
        a.key.localeCompare(b.key),
    )

function shape(record: ResourceRecord) {
  const pkg = record.data.package as PackageRecord
  return {
    action_by: record.data.action_by ?? null,
    downloads: pkg.downloads,
    filename: pkg.filename,
    format: pkg.format,
    fully_qualified_name: pkg.version ? `${pkg.name} ${pkg.version}` : pkg.name,
    identifiers: { name: pkg.name, version: pkg.version },
    invoked_retention_rule: null,
    is_deleteable: true,
    is_quarantined: pkg.quarantined,
    is_restorable: true,
    name: pkg.name,
    policy_violated: false,
    repository: pkg.repository,
    security_scan_completed_at: null,
    security_scan_status: null,
    size: pkg.size,
    slug_perm: pkg.slug_perm,
    // 4: "Sync Completed"; a package reaches the bin as it was.
    status: pkg.sync.outcome === 'failed' ? 6 : 4,
    status_updated_at: record.data.deleted_at,
    tags: pkg.tags,
    type_display: pkg.format,
    uploaded_at: new Date(pkg.uploaded_at).toISOString(),
    uploader: pkg.uploader,
    version: pkg.version,
  }
}

export const recycleBinRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'recycle-bin_list',
    method: 'GET',
    path: '/recycle-bin/{owner}/',
    access: 'required',
    handle(ctx) {
      const { key } = namespaceScope.resolve(ctx, 'write')
      const repository = ctx.query.get('repository')
      const all = binOf(ctx.state, key).filter(
        (r) => !repository || r.scope === repoKey(key, repository),
      )
      const { items, headers } = paginate(all, readPageRequest(ctx.query), ctx.url)
      return { status: 200, body: items.map(shape), headers }
    },
  }),
  defineRoute({
    operationId: 'recycle-bin_action',
    method: 'POST',
    path: '/recycle-bin/{owner}/action/',
    access: 'required',
    async handle(ctx: RouteContext) {
      const { key } = namespaceScope.resolve(ctx, 'write')
      const action = String(ctx.body.action)
      const ids = Array.isArray(ctx.body.identifiers) ? ctx.body.identifiers.map(String) : []
      const repository = typeof ctx.body.repository === 'string' ? ctx.body.repository : null
      const bin = new Map(binOf(ctx.state, key).map((r) => [r.key, r]))
      const actioned: string[] = []
      const failed: Record<string, string> = {}
      for (const id of ids) {
        const record = bin.get(id)
        if (!record || (repository && record.scope !== repoKey(key, repository))) {
          failed[id] = 'Not found in the recycle bin.'
          continue
        }
        if (action === 'restore') {
          const pkg = record.data.package as PackageRecord
          if (!ctx.state.db.repositories.has(repoKey(pkg.namespace, pkg.repository))) {
            failed[id] = 'Its repository no longer exists.'
            continue
          }
          await ctx.state.db.packages.insert(pkg)
        } else if (action !== 'hard_delete') throw errors.invalid({ action: ['Unknown action.'] })
        ctx.state.db.resources.remove(resourceKey(record.family, record.scope, record.key))
        actioned.push(id)
      }
      return {
        status: 200,
        body: { action, packages_actioned: actioned, packages_failed_to_action: failed },
      }
    },
  }),
]
