/** Repositories: list (yours, a namespace's), create, read, update, delete. */
import { repoKey, type Database } from '../src/core/db/database.ts'
import { resourceKey } from '../src/core/db/keys.ts'
import { dropPrivileges } from './resources/repos/privileges.ts'
import type { RepositoryRecord, RepositoryType } from '../src/core/db/schemas.ts'
import { errors } from '../src/core/errors.ts'
import { paginate, readPageRequest } from '../src/core/pagination.ts'
import { parseSort, type Compare } from '../src/core/sort.ts'
import type { MockSource } from '../src/core/response-cache.ts'
import { entityFaker, permId, slugify } from '../fixtures/index.ts'
import {
  canCreateIn,
  namespacesOf,
  repoLevel,
  repoWithLevel,
  requireNamespace,
  visibleRepo,
} from './access.ts'
import { nextId, type RouteContext } from './context.ts'
import { defineRoute } from './define-route.ts'
import { cachedAnswer, jsonArray, JsonString } from './json-text.ts'
import {
  repositoryText,
  serializeRepository,
  writableRepositoryFields,
  type RepositoryStats,
} from './serialize.ts'

/** A repository's package totals, as the packages table keeps them per repository. */
export function repositoryStats(db: Database, repo: RepositoryRecord): RepositoryStats {
  const totals = db.packages.groupTotals(repoKey(repo.namespace, repo.slug))
  return {
    packageCount: totals.count ?? 0,
    size: totals.size ?? 0,
    quarantined: totals.quarantined ?? 0,
  }
}

export function repositoryJson(ctx: RouteContext, repo: RepositoryRecord) {
  return serializeRepository(repo, ctx.origin, repositoryStats(ctx.state.db, repo))
}

/** One repository's answer, rendered (see repositoryText). */
function repositoryBody(ctx: RouteContext, repo: RepositoryRecord): JsonString {
  return new JsonString(repositoryText(repo, ctx.origin, repositoryStats(ctx.state.db, repo)))
}

const sorters: Record<string, Compare<RepositoryRecord>> = {
  created_at: (a, b) => a.created_at - b.created_at || a.slug.localeCompare(b.slug),
  name: (a, b) => a.name.localeCompare(b.name) || a.slug.localeCompare(b.slug),
  slug: (a, b) => a.slug.localeCompare(b.slug),
}

function sortRepos(ctx: RouteContext, repos: RepositoryRecord[], fallback: string) {
  const { descending, compare } = parseSort(ctx.query.get('sort') || fallback, sorters)
  return repos.sort(descending ? (a, b) => compare(b, a) : compare)
}

function filterRepos(ctx: RouteContext, repos: RepositoryRecord[]) {
  const query = (ctx.query.get('query') ?? '').trim().toLowerCase()
  if (!query) return repos
  return repos.filter((repo) =>
    query.split(/\s+/).every((term) => {
      const [field, value] = term.includes(':') ? term.split(/:(.*)/s) : ['', term]
      if (field === 'repository_type') return repo.repository_type_str.toLowerCase() === value
      return repo.name.toLowerCase().includes(value!) || repo.slug.includes(value!)
    }),
  )
}

/**
 * What a repository list shows: the namespace's repositories, who may see them (memberships,
 * privileges) and their package totals.
 */
const LIST_READS = [
  'namespaces',
  'repositories',
  'memberships',
  'repoPrivileges',
  'resources',
  'packages',
] as const satisfies readonly MockSource[]

/** What the visible repositories of a namespace follow. */
const VIEW_READS = [
  'repositories',
  'memberships',
  'repoPrivileges',
  'resources',
] as const satisfies readonly MockSource[]

function page(ctx: RouteContext, repos: readonly RepositoryRecord[]) {
  const request = readPageRequest(ctx.query)
  const { items, headers } = paginate(repos, request, ctx.url)
  const texts = items.map((repo) => {
    // A repository's JSON carries its package totals.
    const totals = ctx.state.db.packages.groupTotals(repoKey(repo.namespace, repo.slug))
    const inputs = `${ctx.origin} ${totals.count} ${totals.size} ${totals.quarantined}`
    return ctx.state.responses.text(repo, inputs, () => repositoryJson(ctx, repo))
  })
  return { status: 200, body: jsonArray(texts), headers }
}

export const repoRoutes = [
  defineRoute({
    operationId: 'repos_user_list',
    method: 'GET',
    path: '/repos/',
    access: 'required',
    handle(ctx) {
      const identity = ctx.identity
      return cachedAnswer(ctx, LIST_READS, () => {
        const seen = new Map<string, RepositoryRecord>()
        for (const namespace of namespacesOf(ctx.state, identity))
          for (const repo of ctx.state.db.repositories.group(namespace))
            if (repo.deleted_at == null && repoLevel(ctx.state, identity, repo) !== 'none')
              seen.set(repoKey(repo.namespace, repo.slug), repo)
        for (const privilege of ctx.state.db.repoPrivileges.group(identity.user)) {
          const repo = ctx.state.db.repositories.get(
            repoKey(privilege.namespace, privilege.repository),
          )
          if (repo && repo.deleted_at == null) seen.set(repoKey(repo.namespace, repo.slug), repo)
        }
        return page(ctx, sortRepos(ctx, [...seen.values()], '-created_at'))
      })
    },
  }),
  defineRoute({
    operationId: 'repos_namespace_list',
    method: 'GET',
    path: '/repos/{owner}/',
    access: 'optional',
    handle(ctx) {
      return cachedAnswer(ctx, LIST_READS, () => {
        const owner = requireNamespace(ctx, ctx.params.owner).slug
        // The visible, filtered, sorted list, shared by every page of it.
        const viewKey = [
          'view:repos_namespace_list',
          owner,
          ctx.identity?.user ?? '',
          ctx.query.get('sort') ?? '',
          ctx.query.get('query') ?? '',
        ].join('\u0000')
        const repos = ctx.state.responses.answer(viewKey, VIEW_READS, () => {
          const all = ctx.state.db.repositories.group(owner)
          const visible = all.filter(
            (repo) =>
              repo.deleted_at == null && repoLevel(ctx.state, ctx.identity, repo) !== 'none',
          )
          return Object.freeze(sortRepos(ctx, filterRepos(ctx, visible), '-created_at'))
        })
        return page(ctx, repos)
      })
    },
  }),
  defineRoute({
    operationId: 'repos_create',
    method: 'POST',
    path: '/repos/{owner}/',
    access: 'required',
    async handle(ctx) {
      const owner = requireNamespace(ctx, ctx.params.owner).slug
      if (!canCreateIn(ctx.state, ctx.identity, owner)) throw errors.forbidden()
      const body = ctx.body
      const name = String(body.name)
      const slug = typeof body.slug === 'string' && body.slug ? body.slug : slugify(name)
      if (!/^[-a-zA-Z0-9_]+$/.test(slug))
        throw errors.invalid({
          slug: ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'],
        })
      if (ctx.state.db.repositories.has(repoKey(owner, slug)))
        throw errors.invalid({ slug: ['A repository with this slug already exists.'] })
      const f = entityFaker(
        ctx.state.seed,
        'runtime:repositories',
        nextId(ctx.state, 'repositories'),
      )
      const record = await ctx.state.db.repositories.insert({
        namespace: owner,
        slug,
        slug_perm: permId(f),
        name,
        description: typeof body.description === 'string' ? body.description : '',
        repository_type_str: (body.repository_type_str as RepositoryType | undefined) ?? 'Public',
        created_at: ctx.state.clock.now(),
        num_downloads: 0,
        settings: settingsFrom(body),
      })
      return { status: 201, body: repositoryBody(ctx, record) }
    },
  }),
  defineRoute({
    operationId: 'repos_read',
    method: 'GET',
    path: '/repos/{owner}/{identifier}/',
    access: 'optional',
    handle(ctx) {
      const { repo } = visibleRepo(ctx, ctx.params.owner, ctx.params.identifier)
      return { status: 200, body: repositoryBody(ctx, repo) }
    },
  }),
  defineRoute({
    operationId: 'repos_partial_update',
    method: 'PATCH',
    path: '/repos/{owner}/{identifier}/',
    access: 'required',
    async handle(ctx) {
      const repo = repoWithLevel(ctx, ctx.params.owner, ctx.params.identifier, 'admin')
      const body = ctx.body
      const updated = await ctx.state.db.repositories.update(
        repoKey(repo.namespace, repo.slug),
        (draft) => {
          if (typeof body.name === 'string') draft.name = body.name
          if (typeof body.description === 'string') draft.description = body.description
          if (typeof body.repository_type_str === 'string')
            draft.repository_type_str = body.repository_type_str as RepositoryType
          draft.settings = { ...draft.settings, ...settingsFrom(body) }
        },
      )
      return { status: 200, body: repositoryBody(ctx, updated ?? repo) }
    },
  }),
  defineRoute({
    operationId: 'repos_delete',
    method: 'DELETE',
    path: '/repos/{owner}/{identifier}/',
    access: 'required',
    handle(ctx) {
      const repo = repoWithLevel(ctx, ctx.params.owner, ctx.params.identifier, 'admin')
      const key = repoKey(repo.namespace, repo.slug)
      for (const pkg of ctx.state.db.packages.group(key))
        ctx.state.db.packages.remove(pkg.slug_perm)
      for (const upload of ctx.state.db.uploads.group(key))
        ctx.state.db.uploads.remove(upload.identifier)
      // Privileges go with the repository: kept, they would open a new one of the same name to
      // whoever could read the old one. Its upstreams, keys and rules go too.
      dropPrivileges(ctx.state, repo.namespace, repo.slug)
      for (const resource of ctx.state.db.resources.all())
        if (resource.scope_kind === 'repository' && resource.scope === key)
          ctx.state.db.resources.remove(resourceKey(resource.family, resource.scope, resource.key))
      ctx.state.db.repositories.remove(key)
      return { status: 200 }
    },
  }),
]

/** Writable settings other than the columns the record keeps itself. */
export function settingsFrom(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(body)) {
    if (!writableRepositoryFields.has(name)) continue
    if (['name', 'slug', 'description', 'repository_type_str'].includes(name)) continue
    out[name] = value
  }
  return out
}
