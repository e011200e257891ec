/**
 * repos_privileges_{list,update,partial_update}: the privileges are the records visibility reads
 * (handlers/access.ts), so a grant opens a private repository to its user and a PUT without
 * them closes it. Shapes: RepositoryPrivilegeInput / RepositoryPrivilegeDict (spec/openapi.json).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

interface Privileges {
  privileges: { privilege: string; user?: string; team?: string; service?: string }[]
}

const PLATFORM = '/v1/repos/acme/platform/privileges'
const RELEASES = '/v1/repos/acme/releases/privileges'

describe('repos_privileges_list', () => {
  it('lists the seeded grant of acme/releases (outsider may read it)', async () => {
    const list = await call<Privileges>('GET', RELEASES)
    expect(list.status).toBe(200)
    expect(list.body).toEqual({ privileges: [{ privilege: 'Read', user: 'outsider' }] })
  })

  it('is for the repository’s admins: outsider, a reader, gets 403', async () => {
    const list = await call<ErrorReply>('GET', RELEASES, { key: OUTSIDER_KEY })
    expect(list.status).toBe(403)
  })

  it('hides a private repository from those who cannot see it (404)', async () => {
    expect((await call('GET', PLATFORM, { key: OUTSIDER_KEY })).status).toBe(404)
  })
})

describe('granting and revoking', () => {
  it('PATCH grants Read: the private repository opens to that user', async () => {
    expect((await call('GET', '/v1/repos/acme/platform/', { key: OUTSIDER_KEY })).status).toBe(404)
    const granted = await call('PATCH', PLATFORM, {
      json: { privileges: [{ privilege: 'Read', user: 'outsider' }] },
    })
    expect(granted.status).toBe(204)
    expect(granted.body).toBeNull()
    const read = await call<{ slug: string }>('GET', '/v1/repos/acme/platform/', {
      key: OUTSIDER_KEY,
    })
    expect(read.status).toBe(200)
    expect(read.body.slug).toBe('platform')
    const mine = await call<{ slug: string }[]>('GET', '/v1/repos/', { key: OUTSIDER_KEY })
    expect(mine.body.map((r) => r.slug)).toContain('platform')
    // Read is not Write: a change is still refused.
    const patch = await call('PATCH', '/v1/repos/acme/platform/', {
      key: OUTSIDER_KEY,
      json: { description: 'x' },
    })
    expect(patch.status).toBe(403)
  })

  it('PUT replaces the list: a user left out loses the repository', async () => {
    const put = await call('PUT', RELEASES, { json: { privileges: [] } })
    expect(put.status).toBe(204)
    expect((await call<Privileges>('GET', RELEASES)).body).toEqual({ privileges: [] })
    expect((await call('GET', '/v1/repos/acme/releases/', { key: OUTSIDER_KEY })).status).toBe(404)
  })

  it('PATCH changes an existing grant’s level', async () => {
    await call('PATCH', RELEASES, {
      json: { privileges: [{ privilege: 'Admin', user: 'outsider' }] },
    })
    expect((await call<Privileges>('GET', RELEASES)).body.privileges).toEqual([
      { privilege: 'Admin', user: 'outsider' },
    ])
    // Admin may now list the privileges themselves.
    expect((await call('GET', RELEASES, { key: OUTSIDER_KEY })).status).toBe(200)
  })
})

describe('refusals', () => {
  it('422 for a user that does not exist, nothing stored', async () => {
    const answer = await call<ErrorReply>('PATCH', PLATFORM, {
      json: { privileges: [{ privilege: 'Read', user: 'nobody' }] },
    })
    expect(answer.status).toBe(422)
    expect(answer.body.fields?.privileges).toEqual(['Item 0: no user "nobody".'])
    // Only the seeded grant (fixtures/dataset.ts).
    expect((await call<Privileges>('GET', PLATFORM)).body).toEqual({
      privileges: [{ privilege: 'Admin', user: 'demo' }],
    })
  })

  it('422 for an entry naming both a user and a team', async () => {
    const answer = await call<ErrorReply>('PUT', PLATFORM, {
      json: { privileges: [{ privilege: 'Read', user: 'outsider', team: 'ops' }] },
    })
    expect(answer.status).toBe(422)
    expect(answer.body.fields?.privileges?.[0]).toMatch(/exactly one of user, team or service/)
  })

  it('422 with `fields` for a privilege level the document does not have', async () => {
    const answer = await call<ErrorReply>('PATCH', PLATFORM, {
      json: { privileges: [{ privilege: 'Owner', user: 'outsider' }] },
    })
    expect(answer.status).toBe(422)
    expect(answer.body.fields).toBeDefined()
  })

  it('403 for a reader trying to grant', async () => {
    const answer = await call('PATCH', RELEASES, {
      key: OUTSIDER_KEY,
      json: { privileges: [{ privilege: 'Admin', user: 'outsider' }] },
    })
    expect(answer.status).toBe(403)
  })
})
