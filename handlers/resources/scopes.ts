/**
 * What a resource hangs off and who may touch it. A scope turns a route's path parameters into
 * the key its records are grouped under, applying the visibility and permission rules of
 * handlers/access.ts on the way (404 for what the caller may not see, 401 anonymous, 403 for a
 * write without the privilege), and names the tables those rules read, for cached lists.
 */
import type { Namespace, RepositoryRecord, ResourceScope } from '../../src/core/db/schemas.ts'
import { repoKey } from '../../src/core/db/keys.ts'
import { errors } from '../../src/core/errors.ts'
import type { MockSource } from '../../src/core/response-cache.ts'
import { repoWithLevel, requireNamespace, visibleRepo, type Level } from '../access.ts'
import type { RouteContext } from '../context.ts'

/** A scope resolved for one request. */
export interface ScopeTarget {
  kind: ResourceScope
  /** The `scope` of the records: `owner/repo`, a namespace or user slug, '' for global. */
  key: string
  /** The repository, for repository scopes. */
  repo?: RepositoryRecord
  /** The namespace, for namespace scopes. */
  namespace?: Namespace
}

export interface Scope {
  kind: ResourceScope
  /** Path parameters that name the scope (the rest of a member path names the record). */
  params: readonly string[]
  /** Tables the access rules read: a cached list must follow them. */
  reads: readonly MockSource[]
  /**
   * The scope of this request if the caller holds `level` in it.
   * @throws MockError 404 (unknown or invisible), 401 (anonymous), 403 (too low a level)
   */
  resolve(ctx: RouteContext, level: Level): ScopeTarget
}

/**
 * A repository: `{owner}` with `{identifier}` (or `{repo}`, as retention's paths name it), each
 * by slug or slug_perm. Reading needs what reading the repository needs; writing the level asked.
 */
export const repositoryScope: Scope = {
  kind: 'repository',
  params: ['owner', 'identifier', 'repo'],
  reads: ['namespaces', 'repositories', 'memberships', 'repoPrivileges', 'resources'],
  resolve(ctx, level) {
    const identifier = ctx.params.identifier ?? ctx.params.repo
    if (identifier === undefined) throw errors.notFound()
    const repo =
      level === 'read'
        ? visibleRepo(ctx, ctx.params.owner!, identifier).repo
        : repoWithLevel(ctx, ctx.params.owner!, identifier, level)
    return { kind: 'repository', key: repoKey(repo.namespace, repo.slug), repo }
  },
}

const roleLevel: Record<string, Level> = {
  Owner: 'admin',
  Manager: 'admin',
  Write: 'write',
  Read: 'read',
}

/**
 * A namespace (`{owner}` or `{org}`): its own user is admin of it; an organisation's members hold
 * their role's level (Owner and Manager admin); anyone else sees nothing (404).
 */
export const namespaceScope: Scope = {
  kind: 'namespace',
  params: ['owner', 'org'],
  reads: ['namespaces', 'memberships'],
  resolve(ctx, level) {
    if (!ctx.identity) throw errors.notAuthenticated()
    const namespace = requireNamespace(ctx, ctx.params.org ?? ctx.params.owner ?? '')
    const held: Level =
      namespace.slug === ctx.identity.user
        ? 'admin'
        : (roleLevel[
            ctx.state.db.memberships.get(`${namespace.slug}/${ctx.identity.user}`)?.role ?? ''
          ] ?? 'none')
    if (held === 'none') throw errors.notFound()
    const rank = { none: 0, read: 1, write: 2, admin: 3 }
    if (rank[held] < rank[level]) throw errors.forbidden()
    return { kind: 'namespace', key: namespace.slug, namespace }
  },
}

/** The caller's own account (user tokens, their profile): signed in, nothing else. */
export const userScope: Scope = {
  kind: 'user',
  params: [],
  reads: [],
  resolve(ctx) {
    if (!ctx.identity) throw errors.notAuthenticated()
    return { kind: 'user', key: ctx.identity.user }
  },
}

/** Service-wide lists (formats, distros, storage regions): one scope, readable by anyone. */
export const globalScope: Scope = {
  kind: 'global',
  params: [],
  reads: [],
  resolve() {
    return { kind: 'global', key: '' }
  },
}
