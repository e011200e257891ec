/**
 * Teams, services, invitations, SAML, OpenID Connect and policies of an organisation through
 * real fetch, and how they hang together: a privilege granted to a team opens the repository to
 * its members (repos_privileges_* accept `team`, RepositoryPrivilegeDict); deleting the team
 * takes it away. Shapes: OrganizationTeam, Service, OrganizationInvite,
 * OrganizationPackageLicensePolicy... of spec/openapi.json.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

type Body = Record<string, unknown>
const org = '/v1/orgs/acme'

describe('teams', () => {
  it('lists the seeded teams, creates one keyed by its slug, reads and updates it', async () => {
    const list = await call<Body[]>('GET', `${org}/teams/`)
    expect(list.body.map((t) => t.slug)).toEqual(['developers', 'release-managers'])
    const created = await call<Body>('POST', `${org}/teams/`, { json: { name: 'Data Science' } })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ slug: 'data-science', name: 'Data Science' })
    const patched = await call<Body>('PATCH', `${org}/teams/data-science/`, {
      json: { description: 'Models.' },
    })
    expect(patched.body).toMatchObject({ slug: 'data-science', description: 'Models.' })
    const again = await call<ErrorReply>('POST', `${org}/teams/`, {
      json: { name: 'Data Science' },
    })
    expect(again.status).toBe(422)
    expect(again.body.fields).toHaveProperty('slug')
  })

  it('team members: organisation members and services only', async () => {
    const path = `${org}/teams/developers/members`
    const refused = await call<ErrorReply>('POST', path, {
      json: { members: [{ user: 'outsider', role: 'Member' }] },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.fields).toHaveProperty('members')
    const added = await call<Body>('POST', path, {
      json: { members: [{ user: 'ci-bot', role: 'Member' }] },
    })
    expect(added.status).toBe(201)
    const services = await call<{ members: Body[] }>('GET', `${path}?user_kind=Service`)
    expect(services.body.members).toEqual([
      { user: 'ci-bot', role: 'Member', user_kind: 'Service' },
    ])
    expect((await call('PUT', path, { json: { members: [] } })).status).toBe(204)
    expect((await call<{ members: Body[] }>('GET', path)).body.members).toEqual([])
  })

  it('a privilege granted to a team opens the repository to its members; deleting the team closes it', async () => {
    await mock.db.memberships.insert({ org: 'acme', user: 'outsider', role: 'Read' })
    // A Collaborator reads acme's repositories; changing one needs Admin, which the team brings.
    const repo = '/v1/repos/acme/platform/'
    const write = () =>
      call('PATCH', repo, { key: OUTSIDER_KEY, json: { description: 'From the team.' } })
    expect((await write()).status).toBe(403)
    await call('POST', `${org}/teams/developers/members`, {
      json: { members: [{ user: 'outsider', role: 'Member' }] },
    })
    const granted = await call('PATCH', '/v1/repos/acme/platform/privileges', {
      json: { privileges: [{ team: 'developers', privilege: 'Admin' }] },
    })
    expect(granted.status).toBe(204)
    expect((await write()).status).toBe(200)
    expect((await call('DELETE', `${org}/teams/developers/`)).status).toBe(204)
    expect((await write()).status).toBe(403)
    const privileges = await call<{ privileges: Body[] }>(
      'GET',
      '/v1/repos/acme/platform/privileges',
    )
    expect(privileges.body.privileges.some((p) => p.team === 'developers')).toBe(false)
  })

  it('outsiders get 404, members read but may not write (403)', async () => {
    expect((await call('GET', `${org}/teams/`, { key: OUTSIDER_KEY })).status).toBe(404)
    await mock.db.memberships.insert({ org: 'acme', user: 'outsider', role: 'Write' })
    expect((await call('GET', `${org}/teams/`, { key: OUTSIDER_KEY })).status).toBe(200)
    const post = await call('POST', `${org}/teams/`, { key: OUTSIDER_KEY, json: { name: 'X y' } })
    expect(post.status).toBe(403)
  })
})

describe('services', () => {
  it('creates a service with a key and teams; refresh replaces the key; delete leaves its teams', async () => {
    const created = await call<Body>('POST', `${org}/services/`, {
      json: { name: 'Deploy Bot', teams: [{ slug: 'developers', role: 'Member' }] },
    })
    expect(created.status).toBe(200)
    expect(created.body).toMatchObject({
      slug: 'deploy-bot',
      teams: [{ slug: 'developers', role: 'Member' }],
    })
    expect(String(created.body.key)).toMatch(/^[0-9a-f]{40}$/)
    const refreshed = await call<Body>('POST', `${org}/services/deploy-bot/refresh/`)
    expect(refreshed.body.key).not.toBe(created.body.key)
    const team = `${org}/teams/developers/members?user_kind=Service`
    expect((await call<{ members: Body[] }>('GET', team)).body.members).toHaveLength(1)
    expect((await call('DELETE', `${org}/services/deploy-bot/`)).status).toBe(204)
    expect((await call<{ members: Body[] }>('GET', team)).body.members).toEqual([])
    expect((await call('GET', `${org}/services/deploy-bot/`)).status).toBe(404)
  })

  it('422 for a team that does not exist', async () => {
    const answer = await call<ErrorReply>('POST', `${org}/services/`, {
      json: { name: 'Bot', teams: [{ slug: 'nope' }] },
    })
    expect(answer.status).toBe(422)
    expect(answer.body.fields).toHaveProperty('teams')
  })
})

describe('invitations', () => {
  it('invites by email, extends, changes the role, deletes', async () => {
    const created = await call<Body>('POST', `${org}/invites/`, {
      json: { email: 'someone@example.com', role: 'Collaborator' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      email: 'someone@example.com',
      role: 'Collaborator',
      org: 'acme',
      inviter: 'demo',
    })
    const id = String(created.body.slug_perm)
    const extended = await call<Body>('POST', `${org}/invites/${id}/extend/`)
    expect(extended.status).toBe(200)
    const patched = await call<Body>('PATCH', `${org}/invites/${id}/`, {
      json: { role: 'Manager' },
    })
    expect(patched.body.role).toBe('Manager')
    expect((await call('POST', `${org}/invites/${id}/resend/`)).status).toBe(200)
    expect((await call('DELETE', `${org}/invites/${id}/`)).status).toBe(204)
    const list = await call<Body[]>('GET', `${org}/invites/`)
    expect(list.body.map((i) => i.email)).toEqual(['new-hire@example.com'])
  })

  it('refuses to invite an existing member (422)', async () => {
    const answer = await call<ErrorReply>('POST', `${org}/invites/`, { json: { user: 'demo' } })
    expect(answer.status).toBe(422)
    expect(answer.body.fields).toHaveProperty('user')
  })
})

describe('SAML and OpenID Connect', () => {
  it('group sync: enable shows in status; a rule needs an existing team and goes with it', async () => {
    expect((await call<Body>('GET', `${org}/saml-group-sync/status/`)).body).toEqual({
      saml_group_sync_status: false,
    })
    expect((await call('POST', `${org}/saml-group-sync/enable/`)).status).toBe(204)
    expect((await call<Body>('GET', `${org}/saml-group-sync/status/`)).body).toEqual({
      saml_group_sync_status: true,
    })
    const rule = { idp_key: 'groups', idp_value: 'eng', organization: 'acme', team: 'developers' }
    expect((await call('POST', `${org}/saml-group-sync/`, { json: rule })).status).toBe(201)
    const bad = await call('POST', `${org}/saml-group-sync/`, { json: { ...rule, team: 'nope' } })
    expect(bad.status).toBe(422)
    await call('DELETE', `${org}/teams/developers/`)
    expect((await call<Body[]>('GET', `${org}/saml-group-sync/`)).body).toEqual([])
  })

  it('OIDC provider with dynamic mappings to a service', async () => {
    const created = await call<Body>('POST', `${org}/openid-connect/`, {
      json: {
        name: 'GitHub Actions',
        provider_url: 'https://token.actions.githubusercontent.com',
        enabled: true,
        claims: { repository_owner: 'acme' },
        mapping_claim: 'repository',
        dynamic_mappings: [{ claim_value: 'acme/app', service_account: 'ci-bot' }],
      },
    })
    expect(created.status).toBe(201)
    expect(created.body.slug).toBe('github-actions')
    const base = `${org}/openid-connect/${String(created.body.slug_perm)}/dynamic-mappings/`
    expect((await call<Body[]>('GET', base)).body).toEqual([
      { claim_value: 'acme/app', service_account: 'ci-bot' },
    ])
    expect((await call('GET', `${base}acme%2Fother/`)).status).toBe(404)
    const unknown = await call<ErrorReply>('POST', `${org}/openid-connect/`, {
      json: {
        name: 'X',
        provider_url: 'https://x.example',
        enabled: true,
        claims: {},
        service_accounts: ['nobody'],
      },
    })
    expect(unknown.status).toBe(422)
  })
})

describe('policies', () => {
  it('a license policy evaluation counts the packages it selects and those it does not allow', async () => {
    const [policy] = (await call<Body[]>('GET', `${org}/license-policy/`)).body
    // The seeded policy allows MIT, Apache-2.0 and BSD-3-Clause for python packages.
    const pythons = mock.db.packages
      .all()
      .filter((p) => p.namespace === 'acme' && p.format === 'python')
    const banned = pythons.filter((p) => p.license === 'GPL-3.0-only')
    expect(banned.length).toBeGreaterThan(0)
    const evaluation = await call<Body>(
      'POST',
      `${org}/license-policy/${String(policy!.slug_perm)}/evaluation/`,
      { json: {} },
    )
    expect(evaluation.status).toBe(201)
    expect(evaluation.body).toMatchObject({
      status: 'Complete',
      evaluation_count: pythons.length,
      violation_count: banned.length,
    })
    const violations = await call<{ results: Body[] }>('GET', `${org}/license-policy-violation/`)
    expect(violations.body.results).toHaveLength(banned.length)
    expect(violations.body.results[0]!.reasons).toEqual(['License "GPL-3.0-only" is not allowed.'])
    const path = `${org}/license-policy/${String(policy!.slug_perm)}/`
    expect((await call('DELETE', path)).status).toBe(204)
    expect(
      (await call<{ results: Body[] }>('GET', `${org}/license-policy-violation/`)).body.results,
    ).toEqual([])
  })

  it('a package_query_string the search cannot read is a 422 on that field', async () => {
    const answer = await call<ErrorReply>('POST', `${org}/deny-policy/`, {
      json: { package_query_string: 'format:(' },
    })
    expect(answer.status).toBe(422)
    expect(answer.body.fields).toHaveProperty('package_query_string')
  })
})
