/**
 * An organisation's members: the memberships table the access rules read (handlers/access.ts,
 * scopes.ts), so a role change changes what the member may do at once, and removing a member
 * removes their access and what they were given: their privileges on the organisation's
 * repositories and their team places. A member's visibility is kept as a record of family
 * `org-member` beside the membership (removed with it).
 */
import { privilegeKey } from '../../../src/core/db/keys.ts'
import type { Membership } from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import { callerName } from '../../access.ts'
import { getSchema } from '../../../src/core/openapi/index.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import type { MockState, RouteContext, RouteResult } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { cachedAnswer } from '../../json-text.ts'
import { present } from '../schema-body.ts'
import { apiUrl, drop, recordOf } from './common.ts'
import { apiRole, orgScope, storedRole } from './org-scope.ts'
import { leaveTeams } from './teams.ts'

export const MEMBER = 'org-member'

function body(ctx: RouteContext, m: Membership, schema: string) {
  const user = ctx.state.db.namespaces.get(m.user)
  const extra = recordOf(ctx.state, MEMBER, m.org, m.user)?.data ?? {}
  return present(
    getSchema(schema),
    {
      user: m.user,
      user_id: user?.slug_perm ?? m.user,
      user_name: user?.name ?? m.user,
      user_url: apiUrl(ctx.origin, `users/profile/${m.user}/`),
      email: user?.email ?? '',
      role: apiRole(m.role),
      visibility: 'Public',
      is_active: true,
      has_two_factor: false,
      last_login_method: 'Password',
      ...extra,
    },
    `${MEMBER}:${m.org}:${m.user}`,
  )
}

/** The organisation (read level or `level`) and the member `{member}` names, or 404. */
function target(ctx: RouteContext, level: 'read' | 'admin') {
  const { key: org } = orgScope.resolve(ctx, level)
  const membership = ctx.state.db.memberships.get(`${org}/${ctx.params.member}`)
  if (!membership) throw errors.notFound()
  return { org, membership }
}

const owners = (state: MockState, org: string) =>
  state.db.memberships.all().filter((m) => m.org === org && m.role === 'Owner')

/** 400 when `membership` is the organisation's last Owner (it would be left without one). */
function keepAnOwner(state: MockState, membership: Membership): void {
  if (membership.role === 'Owner' && owners(state, membership.org).length === 1)
    throw errors.badRequest('An organization must have at least one owner.')
}

/**
 * Removes `user` from `org` with what membership gave them: privileges on the organisation's
 * repositories, team places, the member record.
 */
export async function removeMember(state: MockState, org: string, user: string): Promise<void> {
  state.db.memberships.remove(`${org}/${user}`)
  for (const p of state.db.repoPrivileges.all())
    if (p.namespace === org && (p.subject ?? 'user') === 'user' && p.user === user)
      state.db.repoPrivileges.remove(privilegeKey(p.namespace, p.repository, p.user, p.subject))
  await leaveTeams(state, org, user, 'User')
  const extra = recordOf(state, MEMBER, org, user)
  if (extra) drop(state, extra)
}

/** Owners and Managers remove anyone; a member may leave. Managers cannot remove an Owner. */
async function remove(ctx: RouteContext): Promise<RouteResult> {
  const self = ctx.params.member === ctx.identity?.user
  const { org, membership } = target(ctx, self ? 'read' : 'admin')
  if (
    !self &&
    membership.role === 'Owner' &&
    owners(ctx.state, org).every((o) => o.user !== callerName(ctx))
  )
    throw errors.forbidden()
  keepAnOwner(ctx.state, membership)
  await removeMember(ctx.state, org, membership.user)
  return { status: 204 }
}

const SORTS: Record<string, (a: Membership, b: Membership) => number> = {
  user_name: (a, b) => a.user.localeCompare(b.user),
  role: (a, b) => apiRole(a.role).localeCompare(apiRole(b.role)) || a.user.localeCompare(b.user),
}

export const memberRoutes: readonly RouteDefinition[] = [
  defineRoute({
    operationId: 'orgs_members_list',
    method: 'GET',
    path: '/orgs/{org}/members/',
    access: 'required',
    handle(ctx) {
      const { key: org } = orgScope.resolve(ctx, 'read')
      return cachedAnswer(ctx, ['namespaces', 'memberships', 'resources'], () => {
        const sort = ctx.query.get('sort') || 'user_name'
        const by = SORTS[sort.replace(/^-/, '')]
        if (!by)
          throw errors.invalid({ sort: [`Sort by one of: ${Object.keys(SORTS).join(', ')}.`] })
        const term = (ctx.query.get('query') ?? '').toLowerCase()
        const all = ctx.state.db.memberships
          .all()
          .filter((m) => m.org === org)
          .map((m) => ({ m, body: body(ctx, m, 'OrganizationMembership') }))
          .filter(({ body: b }) =>
            !term
              ? true
              : ['user', 'user_name', 'email', 'role'].some((f) =>
                  String(b[f] ?? '')
                    .toLowerCase()
                    .includes(term),
                ),
          )
          .sort((a, b) => by(a.m, b.m) * (sort.startsWith('-') ? -1 : 1))
        const { items, headers } = paginate(all, readPageRequest(ctx.query), ctx.url)
        return { status: 200, body: items.map((i) => i.body), headers }
      })
    },
  }),
  defineRoute({
    operationId: 'orgs_members_read',
    method: 'GET',
    path: '/orgs/{org}/members/{member}/',
    access: 'required',
    handle(ctx) {
      const { membership } = target(ctx, 'read')
      return { status: 200, body: body(ctx, membership, 'OrganizationMembership') }
    },
  }),
  // OrganizationMembershipRequestPatch has no writable field: the member, unchanged.
  defineRoute({
    operationId: 'orgs_members_partial_update',
    method: 'PATCH',
    path: '/orgs/{org}/members/{member}/',
    access: 'required',
    handle(ctx) {
      const { membership } = target(ctx, 'admin')
      return { status: 200, body: body(ctx, membership, 'OrganizationMembership') }
    },
  }),
  defineRoute({
    operationId: 'orgs_members_update_role',
    method: 'PATCH',
    path: '/orgs/{org}/members/{member}/update-role/',
    access: 'required',
    async handle(ctx) {
      const { org, membership } = target(ctx, 'admin')
      const role = storedRole(ctx.body.role)
      if (role && role !== membership.role) {
        // Only an Owner makes or unmakes Owners.
        const callerOwns =
          ctx.state.db.memberships.get(`${org}/${callerName(ctx)}`)?.role === 'Owner'
        if ((role === 'Owner' || membership.role === 'Owner') && !callerOwns)
          throw errors.forbidden()
        keepAnOwner(ctx.state, membership)
        await ctx.state.db.memberships.update(`${org}/${membership.user}`, (draft) => {
          draft.role = role
        })
      }
      const updated = ctx.state.db.memberships.get(`${org}/${membership.user}`)!
      return { status: 200, body: body(ctx, updated, 'OrganizationMembershipRoleUpdate') }
    },
  }),
  defineRoute({
    operationId: 'orgs_members_update_visibility',
    method: 'PATCH',
    path: '/orgs/{org}/members/{member}/update-visibility/',
    access: 'required',
    async handle(ctx) {
      const self = ctx.params.member === ctx.identity?.user
      const { org, membership } = target(ctx, self ? 'read' : 'admin')
      if (typeof ctx.body.visibility === 'string') {
        const table = ctx.state.db.resources
        const existing = recordOf(ctx.state, MEMBER, org, membership.user)
        const data = { ...(existing?.data ?? {}), visibility: ctx.body.visibility }
        if (existing)
          await table.update(`${MEMBER}:${org}:${membership.user}`, (draft) => {
            draft.data = data
          })
        else
          await table.insert({
            family: MEMBER,
            scope_kind: 'namespace',
            scope: org,
            key: membership.user,
            data,
          })
      }
      return { status: 200, body: body(ctx, membership, 'OrganizationMembershipVisibilityUpdate') }
    },
  }),
  defineRoute({
    operationId: 'orgs_members_delete',
    method: 'DELETE',
    path: '/orgs/{org}/members/{member}/',
    access: 'required',
    handle: remove,
  }),
  defineRoute({
    operationId: 'orgs_members_remove',
    method: 'GET',
    path: '/orgs/{org}/members/{member}/remove/',
    access: 'required',
    writes: true,
    handle: remove,
  }),
  // The mock keeps no per-organisation API key for a member: a refresh of an existing member
  // is acknowledged and changes nothing (the member's own key stays valid).
  defineRoute({
    operationId: 'orgs_members_refresh',
    method: 'POST',
    path: '/orgs/{org}/members/{member}/refresh/',
    access: 'required',
    handle(ctx) {
      target(ctx, 'admin')
      return { status: 204 }
    },
  }),
]
