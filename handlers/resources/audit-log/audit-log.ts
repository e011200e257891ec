/**
 * Audit logs of a namespace and of a repository: the mock's own writes, as its journal recorded
 * them (every request that ran a write handler and succeeded), newest first. The journal is a
 * ring buffer (its capacity, 1000 entries by default), so the log is as long as it keeps.
 * `query` keeps entries whose event, object or actor contains it.
 */
import { repoKey } from '../../../src/core/db/database.ts'
import { resourceGroup } from '../../../src/core/db/keys.ts'
import type { JournalEntry } from '../../../src/core/journal.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { routePath } from '../../pipeline/match.ts'
import { hexOf } from '../schema-body.ts'
import { repoParamScope } from '../entitlements/scope.ts'
import { families } from '../families.ts'
import { slugify } from '../orgs/common.ts'
import { namespaceScope } from '../scopes.ts'

/** Path prefixes whose second and third segments name an owner and a repository. */
const SCOPED = new Set([
  'repos',
  'packages',
  'entitlements',
  'webhooks',
  'files',
  'orgs',
  'recycle-bin',
  'bulk-action',
])

interface Parsed {
  entry: JournalEntry
  kind: string
  owner: string
  repo: string | undefined
  /** The identifier the path names, if it names one (`/packages/acme/libs/{identifier}/`). */
  identifier: string | undefined
}

/**
 * The journal keeps the URL's path as sent: `/v1/repos/acme/` as the docs write it, or
 * `/repos/acme/` as the bindings do. Routes are matched without the prefix, and so is this.
 */
function parse(entry: JournalEntry): Parsed | null {
  if (entry.sequence === null || entry.status >= 400 || entry.status === 0) return null
  if (!entry.operationId || entry.operationId.startsWith('mock_')) return null
  const segments = routePath(entry.path).split('/').map(decodeURIComponent)
  const [, kind = '', owner = '', repo, ...rest] = segments
  if (!SCOPED.has(kind) || !owner) return null
  // A repository's create names it in the body, not the path: its log is that repository's.
  const created = kind === 'repos' && !repo ? createdSlug(entry.body) : undefined
  return { entry, kind, owner, repo: repo || created, identifier: rest.find(Boolean) }
}

/** The slug a repos_create body gives the repository (its `slug`, else its name slugified). */
function createdSlug(body: JournalEntry['body']): string | undefined {
  const sent = body && typeof body === 'object' && !Array.isArray(body) ? body : {}
  if (typeof sent.slug === 'string' && sent.slug) return sent.slug
  return typeof sent.name === 'string' ? slugify(sent.name) : undefined
}

/**
 * The object a write touched and its slug_perm, where the mock can tell: the path's identifier,
 * or for a create (no identifier in the path) the record the request body named, looked up now
 * (so a record deleted since has only the name it was written with).
 */
function objectOf(ctx: RouteContext, p: Parsed): { object: string; slugPerm: string } {
  const db = ctx.state.db
  const body = p.entry.body
  const name =
    body && typeof body === 'object' && !Array.isArray(body) && typeof body.name === 'string'
      ? body.name
      : undefined
  if (p.kind === 'repos' && p.repo) {
    return { object: p.repo, slugPerm: db.findRepository(p.owner, p.repo)?.slug_perm ?? '' }
  }
  if (p.identifier) {
    const found = p.kind === 'packages' && p.repo && db.findPackage(p.owner, p.repo, p.identifier)
    return { object: p.identifier, slugPerm: found ? found.slug_perm : p.identifier }
  }
  const family = families.find((f) => f.create === p.entry.operationId)
  if (family && name !== undefined) {
    const scope = p.repo ? repoKey(p.owner, p.repo) : p.owner
    const latest = db.resources
      .group(resourceGroup(family.name, scope))
      .filter((r) => r.data.name === name)
      .sort((a, b) => (b.created_seq ?? 0) - (a.created_seq ?? 0))[0]
    return { object: name, slugPerm: latest?.key ?? '' }
  }
  const object = name ?? p.repo ?? p.owner
  const owner = p.kind === 'orgs' && !p.repo ? db.findNamespace(p.owner) : undefined
  return { object, slugPerm: owner?.slug_perm ?? '' }
}

function shape(ctx: RouteContext, p: Parsed, withTarget: boolean) {
  const actor = p.entry.identity
  const actorRecord = actor ? ctx.state.db.namespaces.get(actor) : undefined
  const seed = `${ctx.state.seed}:audit:${p.entry.id}:${p.entry.time}`
  const { object, slugPerm } = objectOf(ctx, p)
  const body: Record<string, unknown> = {
    actor,
    actor_ip_address: null,
    actor_kind: actor ? 'user' : 'anonymous',
    actor_location: { city: null, continent: null, country: null, postal_code: null },
    actor_slug_perm: actorRecord?.slug_perm ?? null,
    actor_url: actor ? `${ctx.origin}/users/profile/${actor}/` : null,
    context: `${p.entry.method} ${p.entry.path}`,
    event: p.entry.operationId,
    event_at: p.entry.time,
    object,
    object_kind: p.kind,
    object_slug_perm: slugPerm,
    uuid: `${hexOf(seed, 8)}-${hexOf(`${seed}1`, 4)}-4${hexOf(`${seed}2`, 3)}-8${hexOf(`${seed}3`, 3)}-${hexOf(`${seed}4`, 12)}`,
  }
  if (withTarget) {
    body.target = p.repo ? `${p.owner}/${p.repo}` : p.owner
    body.target_kind = p.repo && p.kind !== 'orgs' ? 'repository' : 'namespace'
    body.target_slug_perm = null
  }
  return body
}

function entries(ctx: RouteContext, keep: (p: Parsed) => boolean): Parsed[] {
  const needle = ctx.query.get('query')?.toLowerCase()
  return ctx.state.journal
    .entries()
    .map(parse)
    .filter((p): p is Parsed => p !== null && keep(p))
    .filter(
      (p) =>
        !needle ||
        [p.entry.operationId, objectOf(ctx, p).object, p.entry.identity ?? ''].some((v) =>
          v!.toLowerCase().includes(needle),
        ),
    )
    .reverse()
}

export const auditLogRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'audit_log_namespace_list',
    method: 'GET',
    path: '/audit-log/{owner}/',
    access: 'required',
    handle(ctx) {
      const { key } = namespaceScope.resolve(ctx, 'admin')
      const all = entries(ctx, (p) => p.owner === key)
      const { items, headers } = paginate(all, readPageRequest(ctx.query), ctx.url)
      return { status: 200, body: items.map((p) => shape(ctx, p, true)), headers }
    },
  }),
  defineRoute({
    operationId: 'audit_log_repo_list',
    method: 'GET',
    path: '/audit-log/{owner}/{repo}/',
    access: 'required',
    handle(ctx) {
      const { repo } = repoParamScope.resolve(ctx, 'admin')
      const all = entries(
        ctx,
        (p) => p.owner === repo!.namespace && p.repo === repo!.slug && p.kind !== 'orgs',
      )
      const { items, headers } = paginate(all, readPageRequest(ctx.query), ctx.url)
      return { status: 200, body: items.map((p) => shape(ctx, p, false)), headers }
    },
  }),
]
