/**
 * Visibility and permission, as the real service: a private repository you cannot see is a 404
 * (401 when anonymous), a write to a repository you can only read is a 403.
 *
 * Also the one place where a route's `{owner}` and repository identifier become records: each
 * may be a slug or a slug_perm (the Terraform provider keeps a repository's slug_perm as its id,
 * and a namespace given as its slug_perm, cloudsmith/resource_repository.go). Handlers then use
 * the records' canonical slugs only, so an answer is the same whichever form addressed it.
 */
import type { Identity } from '../src/core/auth.ts'
import { privilegeKey, resourceGroup } from '../src/core/db/keys.ts'
import type { RepositoryRecord } from '../src/core/db/schemas.ts'
import { errors } from '../src/core/errors.ts'
import type { MockState, RouteContext } from './context.ts'

export type Level = 'none' | 'read' | 'write' | 'admin'
const rank: Record<Level, number> = { none: 0, read: 1, write: 2, admin: 3 }
const max = (a: Level, b: Level): Level => (rank[a] >= rank[b] ? a : b)

export function repoLevel(
  state: MockState,
  identity: Identity | null,
  repo: RepositoryRecord,
): Level {
  const open = repo.repository_type_str !== 'Private'
  if (!identity) return open ? 'read' : 'none'
  if (repo.namespace === identity.user) return 'admin'
  let level: Level = open ? 'read' : 'none'
  const role = state.db.memberships.get(`${repo.namespace}/${identity.user}`)?.role
  // Nothing grants more than admin: an owner's or manager's every write skipped the lookups
  // below (the privileges, and every team of the namespace scanned for the user).
  if (role === 'Owner' || role === 'Manager') return 'admin'
  else if (role === 'Write') level = max(level, 'write')
  else if (role === 'Read') level = max(level, 'read')
  const privilege = state.db.repoPrivileges.get(
    `${repo.namespace}/${repo.slug}/${identity.user}`,
  )?.privilege
  if (privilege) level = max(level, privilege.toLowerCase() as Level)
  for (const team of teamsOf(state, repo.namespace, identity.user)) {
    const granted = state.db.repoPrivileges.get(
      privilegeKey(repo.namespace, repo.slug, team, 'team'),
    )?.privilege
    if (granted) level = max(level, granted.toLowerCase() as Level)
  }
  return level
}

/**
 * The teams of organisation `org` (family `org-team` of handlers/resources/orgs) that list
 * `user` as a member: what is granted to them is granted to the user.
 */
function teamsOf(state: MockState, org: string, user: string): string[] {
  return state.db.resources
    .group(resourceGroup('org-team', org))
    .filter((team) =>
      (Array.isArray(team.data.members) ? team.data.members : []).some(
        (m: { user?: unknown; user_kind?: unknown }) =>
          m.user === user && m.user_kind !== 'Service',
      ),
    )
    .map((team) => team.key)
}

/**
 * The namespace a path names by slug or slug_perm; 404 when there is none.
 * @example
 * requireNamespace(ctx, ctx.params.owner!).slug // 'acme', also for acme's slug_perm
 */
export function requireNamespace(ctx: RouteContext, identifier: string) {
  const namespace = ctx.state.db.findNamespace(identifier)
  if (!namespace) throw errors.notFound()
  return namespace
}

/**
 * The repository (owner and repository each by slug or slug_perm) if this caller may see it;
 * otherwise 404, 401 for anonymous callers: by either form, so a slug_perm reveals no more than
 * a slug.
 */
export function visibleRepo(
  ctx: RouteContext,
  owner: string,
  identifier: string,
): { repo: RepositoryRecord; level: Level } {
  const namespace = ctx.state.db.findNamespace(owner)
  const found = namespace ? ctx.state.db.findRepository(namespace.slug, identifier) : undefined
  // One in the recycle bin (deleted_at) is gone, as far as the API is concerned.
  const repo = found?.deleted_at == null ? found : undefined
  const level = repo ? repoLevel(ctx.state, ctx.identity, repo) : 'none'
  if (!repo || level === 'none') {
    if (!ctx.identity && repo) throw errors.notAuthenticated()
    throw errors.notFound()
  }
  return { repo, level }
}

/** Visible and at least `needed`: 401 anonymous, 403 signed in without the privilege. */
export function repoWithLevel(ctx: RouteContext, owner: string, identifier: string, needed: Level) {
  const found = visibleRepo(ctx, owner, identifier)
  if (rank[found.level] < rank[needed]) {
    if (!ctx.identity) throw errors.notAuthenticated()
    throw errors.forbidden()
  }
  return found.repo
}

/** Who may create repositories in a namespace: its own user, or an organisation's Owner/Manager. */
export function canCreateIn(state: MockState, identity: Identity, namespace: string): boolean {
  if (namespace === identity.user) return true
  const role = state.db.memberships.get(`${namespace}/${identity.user}`)?.role
  return role === 'Owner' || role === 'Manager'
}

/** Namespaces a user belongs to: their own and their organisations'. */
export function namespacesOf(state: MockState, identity: Identity): string[] {
  return [identity.user, ...state.db.memberships.group(identity.user).map((m) => m.org)]
}

/**
 * The caller's user slug on a route whose access the pipeline already checked but whose path is
 * not a literal (table-built routes), so `identity` is not typed non-null there.
 * @throws MockError 401 when there is no caller (never after the pipeline's authorise step).
 * @example callerName(fc.ctx) // 'demo'
 */
export function callerName(ctx: Pick<RouteContext, 'identity'>): string {
  if (!ctx.identity) throw errors.notAuthenticated()
  return ctx.identity.user
}
