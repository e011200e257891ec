/**
 * A repository's privileges: list, replace (PUT) and add or change (PATCH). They are the same
 * records that decide visibility (handlers/access.ts reads repoPrivileges): granting Read on a
 * private repository opens it to that user, a PUT without them closes it again.
 */
import { privilegeKey } from '../../../src/core/db/keys.ts'
import type {
  PrivilegeSubject,
  RepoPrivilege,
  RepoPrivilegeLevel,
} from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import type { MockState, RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { cachedAnswer } from '../../json-text.ts'
import { repositoryScope } from '../scopes.ts'

const SUBJECTS: readonly PrivilegeSubject[] = ['user', 'team', 'service']

/**
 * Families where the orgs group keeps an organisation's teams and services (records keyed by
 * slug, scoped by the organisation): a privilege may name one only if it exists there.
 */
export const subjectFamilies: Record<Exclude<PrivilegeSubject, 'user'>, string> = {
  team: 'org-team',
  service: 'org-service',
}

/** Whether `slug` names a user, or a team or service of `namespace`. */
export function subjectExists(
  state: MockState,
  kind: PrivilegeSubject,
  slug: string,
  namespace: string,
): boolean {
  if (kind === 'user') return state.db.namespaces.get(slug)?.kind === 'User'
  return state.db.resources.has(`${subjectFamilies[kind]}:${namespace}:${slug}`)
}

/** One privilege to give: to whom (a user, team or service slug) and what. */
export interface Grant {
  subject: PrivilegeSubject
  slug: string
  privilege: RepoPrivilegeLevel
}

/** The request's privileges, each naming exactly one existing user, team or service. */
function grantsOf(ctx: RouteContext, namespace: string): Grant[] {
  const raw = Array.isArray(ctx.body.privileges) ? ctx.body.privileges : []
  const problems: string[] = []
  const grants: Grant[] = []
  raw.forEach((entry: Record<string, unknown>, index) => {
    const named = SUBJECTS.filter((kind) => typeof entry[kind] === 'string')
    if (named.length !== 1) {
      problems.push(`Item ${index}: give exactly one of user, team or service.`)
      return
    }
    const subject = named[0]!
    const slug = entry[subject] as string
    if (!subjectExists(ctx.state, subject, slug, namespace)) {
      problems.push(`Item ${index}: no ${subject} "${slug.slice(0, 100)}".`)
      return
    }
    grants.push({ subject, slug, privilege: entry.privilege as RepoPrivilegeLevel })
  })
  if (problems.length) throw errors.invalid({ privileges: problems })
  return grants
}

function privilegesOf(state: MockState, namespace: string, repository: string): RepoPrivilege[] {
  return state.db.repoPrivileges
    .all()
    .filter((p) => p.namespace === namespace && p.repository === repository)
    .sort(
      (a, b) =>
        SUBJECTS.indexOf(a.subject ?? 'user') - SUBJECTS.indexOf(b.subject ?? 'user') ||
        a.user.localeCompare(b.user),
    )
}

/** Gives (or changes) one privilege on a repository, as PUT and PATCH do for each entry. */
export async function grant(state: MockState, namespace: string, repository: string, g: Grant) {
  const key = privilegeKey(namespace, repository, g.slug, g.subject)
  const table = state.db.repoPrivileges
  if (table.has(key))
    await table.update(key, (draft) => {
      draft.privilege = g.privilege
    })
  else
    await table.insert({
      namespace,
      repository,
      user: g.slug,
      privilege: g.privilege,
      ...(g.subject === 'user' ? {} : { subject: g.subject }),
    })
}

/** A stored privilege as the list answers it (RepositoryPrivilegeDict). */
export const asDict = (p: RepoPrivilege) => ({
  privilege: p.privilege,
  [p.subject ?? 'user']: p.user,
})

export const privilegeRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'repos_privileges_list',
    method: 'GET',
    path: '/repos/{owner}/{identifier}/privileges',
    access: 'required',
    handle(ctx) {
      const { repo } = repositoryScope.resolve(ctx, 'admin')
      return cachedAnswer(ctx, repositoryScope.reads, () => {
        const all = privilegesOf(ctx.state, repo!.namespace, repo!.slug)
        const { items, headers } = paginate(all, readPageRequest(ctx.query), ctx.url)
        return { status: 200, body: { privileges: items.map(asDict) }, headers }
      })
    },
  }),
  defineRoute({
    operationId: 'repos_privileges_update',
    method: 'PUT',
    path: '/repos/{owner}/{identifier}/privileges',
    access: 'required',
    async handle(ctx) {
      const { repo } = repositoryScope.resolve(ctx, 'admin')
      const grants = grantsOf(ctx, repo!.namespace)
      const keep = new Set(
        grants.map((g) => privilegeKey(repo!.namespace, repo!.slug, g.slug, g.subject)),
      )
      // Replaces the whole list: whoever is not in it loses what it granted.
      for (const p of privilegesOf(ctx.state, repo!.namespace, repo!.slug)) {
        const key = privilegeKey(p.namespace, p.repository, p.user, p.subject)
        if (!keep.has(key)) ctx.state.db.repoPrivileges.remove(key)
      }
      for (const g of grants) await grant(ctx.state, repo!.namespace, repo!.slug, g)
      return { status: 204 }
    },
  }),
  defineRoute({
    operationId: 'repos_privileges_partial_update',
    method: 'PATCH',
    path: '/repos/{owner}/{identifier}/privileges',
    access: 'required',
    async handle(ctx) {
      const { repo } = repositoryScope.resolve(ctx, 'admin')
      for (const g of grantsOf(ctx, repo!.namespace))
        await grant(ctx.state, repo!.namespace, repo!.slug, g)
      return { status: 204 }
    },
  }),
]

/** Removes every privilege on a repository (it is being deleted). */
export function dropPrivileges(state: MockState, namespace: string, repository: string): void {
  for (const p of privilegesOf(state, namespace, repository))
    state.db.repoPrivileges.remove(privilegeKey(p.namespace, p.repository, p.user, p.subject))
}
