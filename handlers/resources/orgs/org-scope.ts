/**
 * What the orgs group's records hang off: an organisation, as `{org}` names it (slug or
 * slug_perm). Its members read, Owners and Managers write, anyone else gets the 404 a missing
 * organisation gets (401 anonymous); a user's own namespace is not an organisation (404).
 */
import { errors } from '../../../src/core/errors.ts'
import type { MockState } from '../../context.ts'
import { namespaceScope, type Scope } from '../scopes.ts'

export const orgScope: Scope = {
  ...namespaceScope,
  params: ['org'],
  resolve(ctx, level) {
    if (!ctx.identity) throw errors.notAuthenticated()
    const found = ctx.state.db.findNamespace(ctx.params.org ?? '')
    if (found?.kind !== 'Organization') throw errors.notFound()
    return namespaceScope.resolve(ctx, level)
  },
}

/**
 * The API's member roles (OrganizationMembership.role) and the memberships table's: a Member
 * writes to the organisation's repositories (the table's `Write`), a Collaborator reads them
 * (`Read`); Owner and Manager are the same words.
 */
export const apiRoles = ['Owner', 'Manager', 'Member', 'Collaborator'] as const
export type ApiRole = (typeof apiRoles)[number]
type StoredRole = 'Owner' | 'Manager' | 'Write' | 'Read'

const toStored: Record<ApiRole, StoredRole> = {
  Owner: 'Owner',
  Manager: 'Manager',
  Member: 'Write',
  Collaborator: 'Read',
}

/** The API's word for a stored role. */
export function apiRole(stored: string): ApiRole {
  return stored === 'Write' ? 'Member' : stored === 'Read' ? 'Collaborator' : (stored as ApiRole)
}

/** The stored role for an API role word (undefined: not a role). */
export function storedRole(role: unknown): StoredRole | undefined {
  return typeof role === 'string' ? toStored[role as ApiRole] : undefined
}

/** The role `user` holds in `org` (stored words), or undefined for a non-member. */
export function roleIn(state: MockState, org: string, user: string): string | undefined {
  return state.db.memberships.get(`${org}/${user}`)?.role
}

/** Owner or Manager of `org`. */
export function managesOrg(state: MockState, org: string, user: string): boolean {
  const role = roleIn(state, org, user)
  return role === 'Owner' || role === 'Manager'
}
