/**
 * An organisation's service accounts: family `org-service` keyed by slug (repos/privileges.ts
 * grants to a service by it). A service's `teams` are the teams that list it as a member, so
 * writing them adds it to those teams; deleting a service takes it off its teams and removes
 * what was granted to it. Its `key` is shown, and a refresh replaces it; the mock does not
 * accept it as a credential (services are not users of the dataset).
 */
import { privilegeKey } from '../../../src/core/db/keys.ts'
import { errors } from '../../../src/core/errors.ts'
import { callerName } from '../../access.ts'
import { nextId, type MockState } from '../../context.ts'
import { presentRecord, storeRecord } from '../engine.ts'
import { defineFamily, type FamilyContext, type Fields, type ResourceFamily } from '../family.ts'
import { hexOf } from '../schema-body.ts'
import { apiUrl, isoIn, recordOf, rewrite } from './common.ts'
import { slugify } from './common.ts'
import { orgScope } from './org-scope.ts'
import { leaveTeams, membersOf, SERVICE, TEAM, teamsWith } from './teams.ts'

interface ServiceTeam {
  slug: string
  role: 'Manager' | 'Member'
}

/** The teams a request names, each an existing team of the organisation. */
function requestedTeams(fc: FamilyContext): ServiceTeam[] | undefined {
  if (!Array.isArray(fc.ctx.body.teams)) return undefined
  const teams = fc.ctx.body.teams as Record<string, unknown>[]
  const missing = teams
    .map((t) => String(t.slug))
    .filter((slug) => !recordOf(fc.ctx.state, TEAM, fc.scope.key, slug))
  if (missing.length)
    throw errors.invalid({ teams: missing.map((slug) => `No team "${slug.slice(0, 100)}".`) })
  return teams.map((t) => ({
    slug: String(t.slug),
    role: (t.role as ServiceTeam['role']) ?? 'Member',
  }))
}

async function joinTeams(state: MockState, org: string, service: string, teams: ServiceTeam[]) {
  await leaveTeams(state, org, service, 'Service')
  for (const t of teams) {
    const team = recordOf(state, TEAM, org, t.slug)!
    await rewrite(state, team, (data) => ({
      ...data,
      members: [...membersOf(team), { user: service, role: t.role, user_kind: 'Service' }],
    }))
  }
}

const newKey = (state: MockState, org: string, slug: string) =>
  hexOf(`${state.seed}:service-key:${org}:${slug}:${nextId(state, 'service-keys')}`, 40)

/** Takes away what a deleted service was given: privileges, team places, OIDC mappings. */
async function dropServiceGrants(state: MockState, org: string, slug: string) {
  for (const p of state.db.repoPrivileges.all())
    if (p.namespace === org && p.subject === 'service' && p.user === slug)
      state.db.repoPrivileges.remove(privilegeKey(p.namespace, p.repository, p.user, p.subject))
  await leaveTeams(state, org, slug, 'Service')
}

export const serviceFamily: ResourceFamily = defineFamily({
  name: SERVICE,
  group: 'orgs',
  scope: orgScope,
  keyField: 'service',
  list: 'orgs_services_list',
  read: 'orgs_services_read',
  partialUpdate: 'orgs_services_partial_update',
  delete: 'orgs_services_delete',
  hooks: {
    beforeWrite(fields, fc) {
      requestedTeams(fc)
      const rest = { ...fields }
      delete rest.teams
      return rest
    },
    present: (record, fc) => ({
      slug: record.key,
      teams: teamsWith(fc.ctx.state, fc.scope.key, record.key, 'Service').map((team) => ({
        slug: team.key,
        role: membersOf(team).find((m) => m.user === record.key && m.user_kind === 'Service')?.role,
      })),
      created_by_url: apiUrl(fc.ctx.origin, `users/profile/${String(record.data.created_by)}/`),
    }),
    async afterWrite({ before, after }, fc) {
      const teams = requestedTeams(fc)
      if (after && teams) await joinTeams(fc.ctx.state, fc.scope.key, after.key, teams)
      if (before && !after) await dropServiceGrants(fc.ctx.state, fc.scope.key, before.key)
    },
  },
  actions: {
    orgs_services_create: {
      async handle(fc) {
        const state = fc.ctx.state
        const org = fc.scope.key
        const base = slugify(String(fc.ctx.body.name))
        let slug = base
        for (let n = 2; recordOf(state, SERVICE, org, slug); n++) slug = `${base}-${n}`
        const fields: Fields = {
          slug,
          service: slug,
          name: fc.ctx.body.name,
          // Service.description has minLength 1: an undescribed service shows its name.
          description: fc.ctx.body.description || fc.ctx.body.name,
          role: fc.ctx.body.role ?? 'Member',
          key: newKey(state, org, slug),
          key_expires_at: null,
          created_at: isoIn(state),
          created_by: callerName(fc.ctx),
        }
        const record = await storeRecord(fc, slug, fields)
        return { status: 200, body: presentRecord(fc, record, 200) }
      },
    },
    orgs_services_refresh: {
      set: (record, fc) => ({
        key: newKey(fc.ctx.state, fc.scope.key, String(record.service)),
      }),
    },
  },
  summary: 'service accounts: list, create, read, partial update, delete, refresh the key',
  relations:
    'keyed by slug; `teams` are the teams listing the service as a member (writing them changes those teams); deleting a service removes its privileges and team places; its key is not a credential of the mock',
})
