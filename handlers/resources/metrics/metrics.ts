/**
 * Usage metrics: of a repository's packages (their `downloads`, counted by the download route)
 * and of entitlement tokens (each token's own `downloads` and `bandwidth`, counted when a
 * download is made with it), for one repository or all of an owner's. `packages=` and `tokens=`
 * (comma-separated slug_perms) narrow them; `start`/`finish` are accepted, not applied: the
 * mock keeps totals, not a time series.
 */
import { resourceGroup } from '../../../src/core/db/keys.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { formatSize } from '../../serialize.ts'
import { ENTITLEMENT_FAMILY } from '../entitlements/entitlements.ts'
import { repoParamScope } from '../entitlements/scope.ts'
import { namespaceScope } from '../scopes.ts'
import { packagesOf } from '../quota/usage.ts'

interface Item {
  id: string
  downloads: number
  bytes: number
}

/** CommonMetrics over `items` (one per package or token). */
function metrics(items: readonly Item[]) {
  const downloads = items.map((i) => i.downloads)
  const bytes = items.map((i) => i.bytes)
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  const stats = (xs: number[]) => ({
    total: sum(xs),
    average: xs.length ? Math.round(sum(xs) / xs.length) : 0,
    highest: xs.length ? Math.max(...xs) : 0,
    lowest: xs.length ? Math.min(...xs) : 0,
  })
  const d = stats(downloads)
  const b = stats(bytes)
  const band = (value: number) => ({ value, display: formatSize(value), units: 'bytes' })
  const active = items.filter((i) => i.downloads > 0).length
  return {
    active,
    inactive: items.length - active,
    total: items.length,
    downloads: {
      total: { value: d.total },
      average: { value: d.average },
      highest: { value: d.highest },
      lowest: { value: d.lowest },
    },
    bandwidth: {
      total: band(b.total),
      average: band(b.average),
      highest: band(b.highest),
      lowest: band(b.lowest),
    },
  }
}

/** The slug_perms a comma-separated filter names, or null for all. */
function filter(ctx: RouteContext, name: string): Set<string> | null {
  const raw = ctx.query.get(name)
  return raw
    ? new Set(
        raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
    : null
}

function tokenItems(ctx: RouteContext, scopes: readonly string[]): Item[] {
  const only = filter(ctx, 'tokens')
  return scopes
    .flatMap((scope) => ctx.state.db.resources.group(resourceGroup(ENTITLEMENT_FAMILY, scope)))
    .filter((r) => !only || only.has(r.key))
    .map((r) => ({
      id: r.key,
      downloads: Number(r.data.downloads ?? 0),
      bytes: Number(r.data.bandwidth ?? 0),
    }))
}

export const metricsRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'metrics_packages_list',
    method: 'GET',
    path: '/metrics/packages/{owner}/{repo}/',
    access: 'optional',
    handle(ctx) {
      const { repo } = repoParamScope.resolve(ctx, 'read')
      const only = filter(ctx, 'packages')
      const items = packagesOf(ctx.state, [repo!])
        .filter((p) => !only || only.has(p.slug_perm))
        .map((p) => ({ id: p.slug_perm, downloads: p.downloads, bytes: p.downloads * p.size }))
      return { status: 200, body: { packages: metrics(items) } }
    },
  }),
  defineRoute({
    operationId: 'metrics_entitlements_repo_list',
    method: 'GET',
    path: '/metrics/entitlements/{owner}/{repo}/',
    access: 'required',
    handle(ctx) {
      const { key } = repoParamScope.resolve(ctx, 'admin')
      return { status: 200, body: { tokens: metrics(tokenItems(ctx, [key])) } }
    },
  }),
  defineRoute({
    operationId: 'metrics_entitlements_account_list',
    method: 'GET',
    path: '/metrics/entitlements/{owner}/',
    access: 'required',
    handle(ctx) {
      const { key } = namespaceScope.resolve(ctx, 'admin')
      const scopes = ctx.state.db.repositories.group(key).map((r) => `${r.namespace}/${r.slug}`)
      return { status: 200, body: { tokens: metrics(tokenItems(ctx, scopes)) } }
    },
  }),
]
