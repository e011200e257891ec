/**
 * Package operations beyond the packages group's core: dependencies (the mock stores no
 * dependency metadata: always an empty list), groups (packages grouped by name), scan (the scan
 * results are derived, see ../vulnerabilities: answers the package), license update (the
 * package's `license` is the SPDX id sent), and bulk actions over an owner's packages.
 */
import { repoKey } from '../../../src/core/db/keys.ts'
import type { PackageRecord } from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import { repoLevel, repoWithLevel, visibleRepo, type Level } from '../../access.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { serializePackage } from '../../serialize.ts'
import { recyclePackage } from '../recycle-bin/recycle-bin.ts'
import { namespaceScope } from '../scopes.ts'

const base = '/packages/{owner}/{repo}/{identifier}/'

function target(ctx: RouteContext, level: Level): PackageRecord {
  const owner = ctx.params.owner ?? ''
  const slug = ctx.params.repo ?? ''
  const repo =
    level === 'read' ? visibleRepo(ctx, owner, slug).repo : repoWithLevel(ctx, owner, slug, level)
  const pkg = ctx.state.db.findPackage(repo.namespace, repo.slug, ctx.params.identifier ?? '')
  if (!pkg) throw errors.notFound()
  return pkg
}

const packageBody = (ctx: RouteContext, pkg: PackageRecord) => ({
  status: 200,
  body: serializePackage(pkg, ctx.origin, ctx.state.clock.now()),
})

const rank: Record<Level, number> = { none: 0, read: 1, write: 2, admin: 3 }

/** What bulk-action does to one package; a string is why it could not. */
async function bulkOne(
  ctx: RouteContext,
  action: string,
  pkg: PackageRecord,
): Promise<string | null> {
  const repo = ctx.state.db.repositories.get(repoKey(pkg.namespace, pkg.repository))
  if (!repo || rank[repoLevel(ctx.state, ctx.identity, repo)] < rank.write)
    return 'You do not have permission to act on this package.'
  switch (action) {
    case 'Delete':
      await recyclePackage(ctx.state, pkg, ctx.identity?.user ?? null)
      return null
    case 'Quarantine':
    case 'Unquarantine':
      await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
        draft.quarantined = action === 'Quarantine'
      })
      return null
    case 'Rescan':
      return null
    default:
      // Resync, Move and Copy need their own parameters: the package operations do them.
      return `${action} is not modelled in bulk by the mock; use the package's own operation.`
  }
}

export const packageExtraRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'packages_dependencies',
    method: 'GET',
    path: `${base}dependencies/`,
    access: 'optional',
    handle(ctx) {
      target(ctx, 'read')
      return { status: 200, body: { dependencies: [] } }
    },
  }),
  defineRoute({
    operationId: 'packages_scan',
    method: 'POST',
    path: `${base}scan/`,
    access: 'required',
    handle: (ctx) => packageBody(ctx, target(ctx, 'write')),
  }),
  defineRoute({
    operationId: 'packages_update_license',
    method: 'PATCH',
    path: `${base}update-license/`,
    access: 'required',
    async handle(ctx) {
      const pkg = target(ctx, 'write')
      const spdx = ctx.body.spdx_license
      const updated =
        typeof spdx === 'string'
          ? await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
              draft.license = spdx
            })
          : pkg
      return packageBody(ctx, updated ?? pkg)
    },
  }),
  defineRoute({
    operationId: 'packages_groups_list',
    method: 'GET',
    path: '/packages/{owner}/{repo}/groups/',
    access: 'optional',
    handle(ctx) {
      const { repo } = visibleRepo(ctx, ctx.params.owner ?? '', ctx.params.repo ?? '')
      const groups = new Map<string, PackageRecord[]>()
      for (const pkg of ctx.state.db.packages.group(repoKey(repo.namespace, repo.slug)))
        groups.set(pkg.name, [...(groups.get(pkg.name) ?? []), pkg])
      const rows = [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, pkgs]) => ({
          name,
          count: pkgs.length,
          last_push: new Date(Math.max(...pkgs.map((p) => p.uploaded_at))).toISOString(),
          num_downloads: pkgs.reduce((n, p) => n + p.downloads, 0),
          size: pkgs.reduce((n, p) => n + p.size, 0),
        }))
      const { items, headers } = paginate(rows, readPageRequest(ctx.query), ctx.url)
      return { status: 200, body: { results: items }, headers }
    },
  }),
  defineRoute({
    operationId: 'bulk_action',
    method: 'POST',
    path: '/bulk-action/{owner}/',
    access: 'required',
    async handle(ctx) {
      const { key } = namespaceScope.resolve(ctx, 'read')
      const action = String(ctx.body.action)
      const repository = typeof ctx.body.repository === 'string' ? ctx.body.repository : null
      const ids = Array.isArray(ctx.body.identifiers) ? ctx.body.identifiers.map(String) : []
      const actioned: string[] = []
      const failed: Record<string, string> = {}
      for (const id of ids) {
        const pkg = ctx.state.db.packages.get(id)
        if (!pkg || pkg.namespace !== key || (repository && pkg.repository !== repository)) {
          failed[id] = 'Not found.'
          continue
        }
        const problem = await bulkOne(ctx, action, pkg)
        if (problem) failed[id] = problem
        else actioned.push(id)
      }
      return {
        status: 200,
        body: { action, packages_actioned: actioned, packages_failed_to_action: failed },
      }
    },
  }),
]
