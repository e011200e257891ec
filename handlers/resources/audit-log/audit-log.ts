/**
 * Audit logs of a namespace and of a repository: the mock's own writes, as its journal recorded
 * them (every request that ran a write handler and succeeded), newest first. The journal is a
 * ring buffer (its capacity, 1000 entries by default), so the log is as long as it keeps.
 * `query` keeps entries whose event, object or actor contains it.
 */
import type { JournalEntry } from '../../../src/core/journal.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { hexOf } from '../schema-body.ts'
import { repoParamScope } from '../entitlements/scope.ts'
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
  object: string
}

function parse(entry: JournalEntry): Parsed | null {
  if (entry.sequence === null || entry.status >= 400 || entry.status === 0) return null
  if (!entry.operationId || entry.operationId.startsWith('mock_')) return null
  const [, kind = '', owner = '', repo, ...rest] = entry.path.split('/').map(decodeURIComponent)
  if (!SCOPED.has(kind) || !owner) return null
  const object = rest.filter(Boolean)[0] ?? repo ?? owner
  return { entry, kind, owner, repo: repo || undefined, object }
}

function shape(ctx: RouteContext, p: Parsed, withTarget: boolean) {
  const actor = p.entry.identity
  const actorRecord = actor ? ctx.state.db.namespaces.get(actor) : undefined
  const seed = `${ctx.state.seed}:audit:${p.entry.id}:${p.entry.time}`
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
    object: p.object,
    object_kind: p.kind,
    object_slug_perm: p.object,
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
        [p.entry.operationId, p.object, p.entry.identity ?? ''].some((v) =>
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
