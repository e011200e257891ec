/**
 * Factories for the records of the resource families (handlers/resources): teams, privileges,
 * entitlement tokens, upstreams, webhooks. Each stores through the code the API's create runs
 * (the engine's createRecord, the family's hooks, the privileges' grant), so keys, defaults and
 * derived fields are the API's, and answers what the family's read (GET) answers.
 */
import { privilegeKey, repoKey } from '../../src/core/db/keys.ts'
import type { RepositoryRecord, ResourceRecord } from '../../src/core/db/schemas.ts'
import { validateRequestBody, type OperationId } from '../../src/core/openapi/index.ts'
import { QueryDict } from '../../src/core/query-params.ts'
import type { RouteContext } from '../context.ts'
import { createRecord, presentRecord } from '../resources/engine.ts'
import { entitlementFamily } from '../resources/entitlements/entitlements.ts'
import type { FamilyContext, Fields, ResourceFamily } from '../resources/family.ts'
import { recordOf, slugify } from '../resources/orgs/common.ts'
import { roleIn } from '../resources/orgs/org-scope.ts'
import { SERVICE, TEAM, teamFamily, type TeamMember } from '../resources/orgs/teams.ts'
import { asDict, grant, subjectExists } from '../resources/repos/privileges.ts'
import { upstreamFamilies, upstreamFamilyName } from '../resources/repos/upstreams.ts'
import type { ScopeTarget } from '../resources/scopes.ts'
import type { RepositoryPrivilegeDict } from '../../src/generated/types.ts'
import { webhookFamily } from '../resources/webhooks/webhooks.ts'
import { defineFactory, refuse, type FactoryEnv } from './definition.ts'
import {
  entitlementFields,
  privilegeFields,
  teamFields,
  upstreamFields,
  webhookFields,
} from './fields.ts'
import { targetRepository } from './package.ts'
import { defaultOrganisation, requireOrganisation, type GivenUser } from './people.ts'

/**
 * What a family's hooks see for a factory call: a request to `operationId` by nobody in
 * particular (records say `system` made them), with `body` and `query`.
 */
function familyContext(
  env: FactoryEnv,
  family: ResourceFamily,
  scope: ScopeTarget,
  operationId: string,
  body: Fields = {},
  query = '',
): FamilyContext {
  const url = new URL(`${env.origin}/__mock/given`)
  const ctx: RouteContext = {
    request: new Request(url),
    url,
    params: {},
    query: new QueryDict(query),
    identity: null,
    operationId,
    state: env.state,
    sync: env.state.sync,
    origin: env.origin,
    body,
    rate: { limit: 0, remaining: 0, reset: 0, interval: 0, throttled: false },
    write: (change) => Promise.resolve(change()),
  }
  return { ctx, family, scope }
}

const repositoryScope = (repo: RepositoryRecord): ScopeTarget => ({
  kind: 'repository',
  key: repoKey(repo.namespace, repo.slug),
  repo,
})

/**
 * The request body for `operationId`, checked as the API checks it: a refusal names the field
 * (`settings.priority`, or one of the factory's own fields) and says why.
 */
function checkedBody(
  env: FactoryEnv,
  operationId: OperationId,
  own: Fields,
  settings: Fields | undefined,
): Fields {
  for (const name of Object.keys(settings ?? {}))
    if (name in own) refuse(env, `settings.${name}`, `give "${name}" as a field, not a setting`)
  const body = { ...settings, ...own }
  const problems = validateRequestBody(operationId, body)
  if (problems) {
    const [field, messages] = Object.entries(problems)[0]!
    const option = field in own || field === 'non_field_errors' ? field : `settings.${field}`
    refuse(env, option, `${option}: ${messages.join(' ')}`)
  }
  return body
}

/** Stores a record as the family's create does and answers what its read answers. */
async function createThrough(
  env: FactoryEnv,
  family: ResourceFamily,
  repo: RepositoryRecord,
  body: Fields,
  query = '',
): Promise<Fields> {
  const scope = repositoryScope(repo)
  const record = await createRecord(familyContext(env, family, scope, family.create!, body))
  return presentRecord(familyContext(env, family, scope, family.read!, {}, query), record, 200)!
}

export const teamFactory = defineFactory({
  fields: teamFields,
  traits: {},
  async create(env, fields): Promise<GivenTeam> {
    const org = fields.org
      ? requireOrganisation(env, 'org', fields.org).slug
      : await defaultOrganisation(env)
    const f = env.faker('teams')
    const name = fields.name ?? `${f.commerce.department()} ${f.word.noun()}`
    let slug = fields.slug ?? (fields.name ? slugify(fields.name) : slugify(name))
    if (recordOf(env.state, TEAM, org, slug)) {
      if (fields.slug || fields.name)
        refuse(env, fields.slug ? 'slug' : 'name', `a team "${slug}" exists in ${org} already`)
      const seeded = slug
      for (let n = 2; recordOf(env.state, TEAM, org, slug); n++) slug = `${seeded}-${n}`
    }
    const members: TeamMember[] = (fields.members ?? []).map((entry, index) => {
      const { user, role } = typeof entry === 'string' ? { user: entry, role: 'Member' } : entry
      const service = recordOf(env.state, SERVICE, org, user) !== undefined
      if (!service && roleIn(env.state, org, user) === undefined)
        refuse(
          env,
          `members.${index}`,
          `"${user.slice(0, 60)}" is neither a member nor a service of ${org} (make one with given.membership({ org: "${org}" }))`,
        )
      return { user, role: role as TeamMember['role'], user_kind: service ? 'Service' : 'User' }
    })
    const scope: ScopeTarget = {
      kind: 'namespace',
      key: org,
      namespace: env.state.db.namespaces.get(org)!,
    }
    const body = {
      name,
      slug,
      visibility: fields.visibility ?? 'Visible',
      ...(fields.description !== undefined ? { description: fields.description } : {}),
    }
    // The API's own create and member replacement, as orgs_teams_create and _members_update run.
    const actions = teamFamily.actions!
    await actions.orgs_teams_create!.handle!(
      familyContext(env, teamFamily, scope, 'orgs_teams_create', body),
      undefined,
    )
    if (members.length)
      await actions.orgs_teams_members_update!.handle!(
        familyContext(env, teamFamily, scope, 'orgs_teams_members_update', { members }),
        recordOf(env.state, TEAM, org, slug),
      )
    const record = recordOf(env.state, TEAM, org, slug) as ResourceRecord
    return presentRecord(
      familyContext(env, teamFamily, scope, 'orgs_teams_read'),
      record,
      200,
    ) as GivenTeam
  },
})

/**
 * The answers of these factories: the document's schema (OrganizationTeam, RepositoryToken,
 * <Format>Upstream, RepositoryWebhook) as JSON, with the fields tests use most typed.
 */
export type GivenTeam = Fields & { slug: string; name: string; visibility: string }
/** RepositoryToken, its secret shown in full (as with `?show_tokens=true`). */
export type GivenEntitlement = Fields & {
  slug_perm: string
  identifier: number
  name: string
  token: string
  is_active: boolean
}
export type GivenUpstream = Fields & { slug_perm: string; name: string; upstream_url: string }
export type GivenWebhook = Fields & {
  slug_perm: string
  identifier: number
  target_url: string
  events: string[]
}

export const privilegeFactory = defineFactory({
  fields: privilegeFields,
  traits: {},
  async create(env, fields): Promise<RepositoryPrivilegeDict> {
    if (fields.user && fields.team)
      refuse(env, 'team', 'a privilege is given to one user or one team: give user or team')
    const repo = await targetRepository(env, fields, ['private'])
    let subject: 'user' | 'team' = 'user'
    let slug: string
    if (fields.team) {
      subject = 'team'
      slug = fields.team
      if (!subjectExists(env.state, 'team', slug, repo.namespace))
        refuse(
          env,
          'team',
          `no team "${slug.slice(0, 60)}" in ${repo.namespace} (make one with given.team({ org: "${repo.namespace}" }))`,
        )
    } else if (fields.user) {
      slug = fields.user
      if (!subjectExists(env.state, 'user', slug, repo.namespace))
        refuse(env, 'user', `no user "${slug.slice(0, 60)}" (make one with given.user())`)
    } else slug = ((await env.make('user')) as GivenUser).slug
    const privilege = fields.privilege ?? 'Read'
    // The same write as PUT/PATCH privileges: access (handlers/access.ts) reads this table.
    await grant(env.state, repo.namespace, repo.slug, { subject, slug, privilege })
    const stored = env.state.db.repoPrivileges.get(
      privilegeKey(repo.namespace, repo.slug, slug, subject),
    )!
    return asDict(stored) as unknown as RepositoryPrivilegeDict
  },
})

export const entitlementFactory = defineFactory({
  fields: entitlementFields,
  traits: { disabled: 'none' },
  async create(env, fields, traits): Promise<GivenEntitlement> {
    const repo = await targetRepository(env, fields)
    const f = env.faker('entitlements')
    const own: Fields = {
      name: fields.name ?? `${f.word.adjective()}-${f.word.noun()}`,
      ...(fields.token !== undefined ? { token: fields.token } : {}),
      ...(traits.has('disabled') ? { is_active: false } : {}),
    }
    const body = checkedBody(env, 'entitlements_create', own, fields.settings)
    // Shown as with ?show_tokens=true: the secret is what a test downloads with.
    return (await createThrough(
      env,
      entitlementFamily,
      repo,
      body,
      'show_tokens=true',
    )) as GivenEntitlement
  },
})

/** Where a format's public registry is, for a seeded upstream's default `upstream_url`. */
const publicRegistries: Partial<Record<string, string>> = {
  cargo: 'https://index.crates.io',
  docker: 'https://index.docker.io',
  helm: 'https://charts.bitnami.com/bitnami',
  maven: 'https://repo1.maven.org/maven2',
  npm: 'https://registry.npmjs.org',
  nuget: 'https://api.nuget.org/v3/index.json',
  python: 'https://pypi.org',
  ruby: 'https://rubygems.org',
}

export const upstreamFactory = defineFactory({
  fields: upstreamFields,
  traits: { disabled: 'none' },
  async create(env, fields, traits): Promise<GivenUpstream> {
    const repo = await targetRepository(env, fields)
    const format = fields.format ?? 'python'
    const f = env.faker('upstreams')
    const own: Fields = {
      name: fields.name ?? `${format} ${f.word.noun()}`,
      upstream_url:
        fields.upstream_url ??
        publicRegistries[format] ??
        `https://${f.internet.domainWord()}.example.com/${format}/`,
      ...(traits.has('disabled') ? { is_active: false } : {}),
    }
    const family = upstreamFamilies.find((u) => u.name === upstreamFamilyName(format))!
    const body = checkedBody(env, family.create!, own, fields.settings)
    return (await createThrough(env, family, repo, body)) as GivenUpstream
  },
})

export const webhookFactory = defineFactory({
  fields: webhookFields,
  traits: { disabled: 'none' },
  async create(env, fields, traits): Promise<GivenWebhook> {
    const repo = await targetRepository(env, fields)
    const f = env.faker('webhooks')
    const own: Fields = {
      target_url: fields.target_url ?? `https://${f.internet.domainName()}/hooks/cloudsmith`,
      events: fields.events ?? ['package.created'],
      ...(traits.has('disabled') ? { is_active: false } : {}),
    }
    const body = checkedBody(env, 'webhooks_create', own, { templates: [], ...fields.settings })
    return (await createThrough(env, webhookFamily, repo, body)) as GivenWebhook
  },
})
