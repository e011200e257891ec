/**
 * orgs_list/read and orgs_members_* through real fetch: members are the memberships the access
 * rules read, so a role change or a removal changes what the member may do at once. Shapes:
 * Organization, OrganizationMembership (role Owner/Manager/Member/Collaborator) of
 * spec/openapi.json.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

type Member = Record<string, unknown>

/** outsider joins acme as a Collaborator (the stored `Read`), through the mock's data seam. */
async function outsiderJoins(role: 'Read' | 'Write' | 'Manager' = 'Read') {
  await mock.db.memberships.insert({ org: 'acme', user: 'outsider', role })
}

describe('organisations', () => {
  it('lists the caller’s organisations and reads one', async () => {
    const list = await call<Member[]>('GET', '/v1/orgs/')
    expect(list.status).toBe(200)
    expect(list.body.map((o) => o.slug)).toEqual(['acme'])
    const read = await call<Member>('GET', '/v1/orgs/acme/')
    expect(read.body).toMatchObject({ slug: 'acme', name: 'Acme Corporation' })
    expect((await call<Member[]>('GET', '/v1/orgs/', { key: OUTSIDER_KEY })).body).toEqual([])
  })

  it('404 for outsiders and for a user namespace, 401 anonymous', async () => {
    expect((await call('GET', '/v1/orgs/acme/', { key: OUTSIDER_KEY })).status).toBe(404)
    expect((await call('GET', '/v1/orgs/demo/')).status).toBe(404)
    expect((await call('GET', '/v1/orgs/acme/', { key: null })).status).toBe(401)
  })

  it('deleting an organisation answers 501, not a 404', async () => {
    const answer = await call<{ detail: string }>('DELETE', '/v1/orgs/acme/')
    expect(answer.status).toBe(501)
    expect(answer.body.detail).toMatch(/not modelled/)
  })
})

describe('members', () => {
  it('lists and reads members with the API’s role words', async () => {
    await outsiderJoins('Read')
    const list = await call<Member[]>('GET', '/v1/orgs/acme/members/')
    expect(list.status).toBe(200)
    expect(list.body.map((m) => [m.user, m.role])).toEqual([
      ['demo', 'Owner'],
      ['outsider', 'Collaborator'],
    ])
    const sorted = await call<Member[]>('GET', '/v1/orgs/acme/members/?sort=-user_name')
    expect(sorted.body.map((m) => m.user)).toEqual(['outsider', 'demo'])
    const found = await call<Member[]>('GET', '/v1/orgs/acme/members/?query=outside')
    expect(found.body.map((m) => m.user)).toEqual(['outsider'])
    const one = await call<Member>('GET', '/v1/orgs/acme/members/demo/')
    expect(one.body).toMatchObject({ user: 'demo', email: 'demo@example.com', role: 'Owner' })
    expect((await call('GET', '/v1/orgs/acme/members/nobody/')).status).toBe(404)
  })

  it('a role change applies at once: a Collaborator made Manager may then create teams', async () => {
    await outsiderJoins('Read')
    const team = { name: 'Ops' }
    const before = await call('POST', '/v1/orgs/acme/teams/', { key: OUTSIDER_KEY, json: team })
    expect(before.status).toBe(403)
    const role = await call<Member>('PATCH', '/v1/orgs/acme/members/outsider/update-role/', {
      json: { role: 'Manager' },
    })
    expect(role.status).toBe(200)
    expect(role.body.role).toBe('Manager')
    expect(mock.db.memberships.get('acme/outsider')?.role).toBe('Manager')
    const after = await call('POST', '/v1/orgs/acme/teams/', { key: OUTSIDER_KEY, json: team })
    expect(after.status).toBe(201)
  })

  it('a member reads but may not change roles (403); the last Owner stays (400)', async () => {
    await outsiderJoins('Write')
    const path = '/v1/orgs/acme/members/demo/update-role/'
    expect((await call('GET', '/v1/orgs/acme/members/', { key: OUTSIDER_KEY })).status).toBe(200)
    const refused = await call('PATCH', path, { key: OUTSIDER_KEY, json: { role: 'Member' } })
    expect(refused.status).toBe(403)
    const last = await call<{ detail: string }>('PATCH', path, { json: { role: 'Member' } })
    expect(last.status).toBe(400)
    expect(last.body.detail).toMatch(/at least one owner/)
    expect((await call('DELETE', '/v1/orgs/acme/members/demo/')).status).toBe(400)
  })

  it('422 with `fields` for a role the document does not list', async () => {
    const answer = await call<{ fields: Record<string, string[]> }>(
      'PATCH',
      '/v1/orgs/acme/members/demo/update-role/',
      { json: { role: 'Emperor' } },
    )
    expect(answer.status).toBe(422)
    expect(answer.body.fields).toHaveProperty('role')
  })

  it('a member sets their own visibility', async () => {
    await outsiderJoins('Read')
    const path = '/v1/orgs/acme/members/outsider/update-visibility/'
    const answer = await call<Member>('PATCH', path, {
      key: OUTSIDER_KEY,
      json: { visibility: 'Private' },
    })
    expect(answer.status).toBe(200)
    expect(answer.body.visibility).toBe('Private')
    const read = await call<Member>('GET', '/v1/orgs/acme/members/outsider/')
    expect(read.body.visibility).toBe('Private')
  })

  it('removing a member removes their access, privileges and team places', async () => {
    await outsiderJoins('Read')
    // acme/platform is private: as a Collaborator outsider reads it.
    const repo = '/v1/repos/acme/platform/'
    expect((await call('GET', repo, { key: OUTSIDER_KEY })).status).toBe(200)
    await call('PATCH', '/v1/repos/acme/platform/privileges', {
      json: { privileges: [{ user: 'outsider', privilege: 'Write' }] },
    })
    await call('POST', '/v1/orgs/acme/teams/developers/members', {
      json: { members: [{ user: 'outsider', role: 'Member' }] },
    })
    expect((await call('DELETE', '/v1/orgs/acme/members/outsider/')).status).toBe(204)
    expect((await call('GET', repo, { key: OUTSIDER_KEY })).status).toBe(404)
    const privileges = await call<{ privileges: Member[] }>(
      'GET',
      '/v1/repos/acme/platform/privileges',
    )
    expect(privileges.body.privileges.filter((p) => p.user === 'outsider')).toEqual([])
    const team = await call<{ members: Member[] }>('GET', '/v1/orgs/acme/teams/developers/members')
    expect(team.body.members.map((m) => m.user)).toEqual(['demo'])
    // acme/releases' Read privilege was granted to outsider too: gone with the membership.
    expect((await call('GET', '/v1/repos/acme/releases/', { key: OUTSIDER_KEY })).status).toBe(404)
  })

  it('a member may leave (the deprecated GET remove); refresh acknowledges a member', async () => {
    await outsiderJoins('Read')
    expect((await call('POST', '/v1/orgs/acme/members/outsider/refresh/')).status).toBe(204)
    const left = await call('GET', '/v1/orgs/acme/members/outsider/remove/', { key: OUTSIDER_KEY })
    expect(left.status).toBe(204)
    expect(mock.db.memberships.get('acme/outsider')).toBeUndefined()
  })
})
