/**
 * An organisation's teams and their members. A team is a record of family `org-team` keyed by
 * its slug (repos/privileges.ts grants to it by that slug); its members (users of the
 * organisation and its services) are kept on the record. Deleting a team takes away what was
 * granted to it: its repository privileges and the SAML group syncs that fed it.
 */
import { privilegeKey } from '../../../src/core/db/keys.ts'
import type { ResourceRecord } from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import type { MockState } from '../../context.ts'
import { presentRecord, storeRecord } from '../engine.ts'
import { defineFamily, type FamilyContext, type Fields, type ResourceFamily } from '../family.ts'
import { drop, isoIn, recordOf, recordsOf, rewrite, slugify } from './common.ts'
import { orgScope, roleIn } from './org-scope.ts'

export const TEAM = 'org-team'
export const SERVICE = 'org-service'

/** A team member as OrganizationTeamServiceMember has it. */
export interface TeamMember {
  user: string
  role: 'Manager' | 'Member'
  user_kind: 'User' | 'Service'
}

export const membersOf = (team: ResourceRecord | undefined): TeamMember[] =>
  Array.isArray(team?.data.members) ? (team.data.members as TeamMember[]) : []

/** The slugs of the teams of `org` that `slug` (a user or a service) belongs to. */
export function teamsWith(state: MockState, org: string, slug: string, kind = 'User') {
  return recordsOf(state, TEAM, org).filter((team) =>
    membersOf(team).some((m) => m.user === slug && m.user_kind === kind),
  )
}

/** Checks the members a request names: org users and services only. */
function requestedMembers(fc: FamilyContext): TeamMember[] {
  const org = fc.scope.key
  const raw = Array.isArray(fc.ctx.body.members) ? fc.ctx.body.members : []
  const problems: string[] = []
  const out: TeamMember[] = []
  raw.forEach((entry: Record<string, unknown>, index) => {
    const user = String(entry.user)
    const isService = recordOf(fc.ctx.state, SERVICE, org, user) !== undefined
    const kind = (entry.user_kind as string | undefined) ?? (isService ? 'Service' : 'User')
    const known = kind === 'Service' ? isService : roleIn(fc.ctx.state, org, user) !== undefined
    if (!known) {
      problems.push(
        `Item ${index}: "${user.slice(0, 100)}" is not a ${kind.toLowerCase()} of ${org}.`,
      )
      return
    }
    out.push({
      user,
      role: entry.role as TeamMember['role'],
      user_kind: kind as TeamMember['user_kind'],
    })
  })
  if (problems.length) throw errors.invalid({ members: problems })
  return out
}

const merge = (current: TeamMember[], added: TeamMember[]) => {
  const out = current.filter(
    (m) => !added.some((a) => a.user === m.user && a.user_kind === m.user_kind),
  )
  return [...out, ...added]
}

function membersBody(members: TeamMember[], kind: string | null) {
  return { members: members.filter((m) => !kind || m.user_kind === kind) }
}

/** Takes away what a team was given: privileges on the organisation's repositories, syncs. */
export function dropTeamGrants(state: MockState, org: string, team: string): void {
  for (const p of state.db.repoPrivileges.all())
    if (p.namespace === org && p.subject === 'team' && p.user === team)
      state.db.repoPrivileges.remove(privilegeKey(p.namespace, p.repository, p.user, p.subject))
  for (const sync of recordsOf(state, 'org-saml-group-sync', org))
    if (sync.data.team === team) drop(state, sync)
}

export const teamFamily: ResourceFamily = defineFamily({
  name: TEAM,
  group: 'orgs',
  scope: orgScope,
  keyField: 'team',
  list: 'orgs_teams_list',
  read: 'orgs_teams_read',
  partialUpdate: 'orgs_teams_partial_update',
  delete: 'orgs_teams_delete',
  hooks: {
    beforeWrite(fields, _fc, existing) {
      if (existing && fields.slug !== existing.key)
        throw errors.invalid({ slug: ['The mock keeps a team’s slug: create a new team instead.'] })
      return fields
    },
    present: (record) => ({ slug: record.key }),
    afterWrite({ before, after }, fc) {
      if (before && !after) dropTeamGrants(fc.ctx.state, fc.scope.key, before.key)
    },
  },
  actions: {
    orgs_teams_create: {
      async handle(fc) {
        const body = fc.ctx.body
        const slug = typeof body.slug === 'string' ? body.slug : slugify(String(body.name))
        if (recordOf(fc.ctx.state, TEAM, fc.scope.key, slug))
          throw errors.invalid({ slug: ['A team with this slug already exists.'] })
        const fields: Fields = {
          slug,
          team: slug,
          name: body.name,
          description: body.description ?? null,
          visibility: body.visibility ?? 'Visible',
          members: [],
          created_at: isoIn(fc.ctx.state),
        }
        const record = await storeRecord(fc, slug, fields)
        return { status: 201, body: presentRecord(fc, record, 201) }
      },
    },
    orgs_teams_members_list: {
      level: 'read',
      handle: (fc, team) => ({
        status: 200,
        body: membersBody(membersOf(team), fc.ctx.query.get('user_kind')),
      }),
    },
    orgs_teams_members_create: {
      async handle(fc, team) {
        const members = merge(membersOf(team), requestedMembers(fc))
        await storeRecord(fc, team!.key, { ...team!.data, members })
        return { status: 201, body: membersBody(members, null) }
      },
    },
    orgs_teams_members_update: {
      async handle(fc, team) {
        await storeRecord(fc, team!.key, { ...team!.data, members: requestedMembers(fc) })
        return { status: 204 }
      },
    },
  },
  summary:
    'teams: list, create, read, partial update, delete; team members: list (by user_kind), add, replace',
  relations:
    'keyed by slug; members are organisation members and services (removing either takes them off); a privilege granted to a team opens the repository to its members; deleting a team removes its privileges and SAML group syncs',
})

/** Takes `slug` (a user or a service) off every team of `org`. */
export async function leaveTeams(state: MockState, org: string, slug: string, kind: string) {
  for (const team of teamsWith(state, org, slug, kind))
    await rewrite(state, team, (data) => ({
      ...data,
      members: membersOf(team).filter((m) => !(m.user === slug && m.user_kind === kind)),
    }))
}
