/**
 * `mock.given` for the resource families (teams, privileges, entitlement tokens, upstreams,
 * webhooks): each answer equals what the API's own GET answers afterwards, and the records act
 * as the API's do (a team's privilege opens a private repository to its members, a token
 * downloads a private file), through real fetch against setupMockServer.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { OptionsError } from '../../src/index.ts'
import { call } from './support.ts'

const mock = setupMockServer({ seed: 7, preset: 'empty', onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

async function refusal(promise: Promise<unknown>): Promise<OptionsError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  )
  expect(error).toBeInstanceOf(OptionsError)
  return error as OptionsError
}

describe('each factory answers what a GET answers', () => {
  it('a team, with members, equals GET /orgs/{org}/teams/{team}/', async () => {
    const alice = await mock.given.user({ slug: 'alice' })
    await mock.given.membership({ org: 'acme', user: alice.slug, role: 'Write' })
    const made = await mock.given.team({
      org: 'acme',
      name: 'Release Managers',
      members: [{ user: 'alice', role: 'Manager' }],
    })
    const read = await call('GET', '/v1/orgs/acme/teams/release-managers/')
    expect(read.status).toBe(200)
    expect(made).toEqual(read.body)
    // The slug orgs_teams_create makes from the name.
    expect(made).toMatchObject({ name: 'Release Managers', slug: 'release-managers' })
    const members = await call('GET', '/v1/orgs/acme/teams/release-managers/members/')
    expect(members.body).toEqual({
      members: [{ user: 'alice', role: 'Manager', user_kind: 'User' }],
    })
  })

  it('a privilege is one entry of GET /repos/{owner}/{identifier}/privileges', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' }, 'private')
    const bob = await mock.given.user({ slug: 'bob' })
    const made = await mock.given.privilege({ repository: 'acme/web', user: bob.slug })
    expect(made).toEqual({ privilege: 'Read', user: 'bob' })
    const list = await call<{ privileges: unknown[] }>('GET', '/v1/repos/acme/web/privileges')
    expect(list.body.privileges).toContainEqual(made)
  })

  it('an entitlement token equals GET /entitlements/... with ?show_tokens=true', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = await mock.given.entitlement({ repository: 'acme/web', name: 'ci' }, 'disabled')
    const read = await call('GET', `/v1/entitlements/acme/web/${made.slug_perm}/?show_tokens=true`)
    expect(read.status).toBe(200)
    expect(made).toEqual(read.body)
    expect(made).toMatchObject({ name: 'ci', is_active: false, created_by: 'system' })
    expect(made.token).toMatch(/^[A-Za-z0-9]{16}$/)
  })

  it('an upstream equals GET /repos/.../upstream/{format}/{slug_perm}/, with the API defaults', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = await mock.given.upstream({ repository: 'acme/web', format: 'npm' })
    const read = await call('GET', `/v1/repos/acme/web/upstream/npm/${made.slug_perm}/`)
    expect(read.status).toBe(200)
    expect(made).toEqual(read.body)
    // handlers/resources/repos/upstreams.ts: what a create leaves out.
    expect(made).toMatchObject({
      upstream_url: 'https://registry.npmjs.org',
      is_active: true,
      verify_ssl: true,
      priority: 1,
    })
  })

  it('a webhook equals GET /webhooks/{owner}/{repo}/{identifier}/', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = await mock.given.webhook({
      repository: 'acme/web',
      target_url: 'https://ci.example.com/hook',
      events: ['package.synced'],
    })
    const read = await call('GET', `/v1/webhooks/acme/web/${made.slug_perm}/`)
    expect(read.status).toBe(200)
    expect(made).toEqual(read.body)
    expect(made).toMatchObject({
      target_url: 'https://ci.example.com/hook',
      events: ['package.synced'],
      num_sent: 0,
    })
  })
})

describe('the records act as the API’s', () => {
  it('a team privilege gives a team member what the team was given', async () => {
    // A team member is a member of the organisation, so already reads its private repositories
    // (handlers/access.ts); an Admin privilege to the team is what lifts a Read member.
    const carol = await mock.given.user({ slug: 'carol' })
    await mock.given.membership({ org: 'acme', user: 'carol', role: 'Read' })
    await mock.given.repository({ namespace: 'acme', name: 'secret' }, 'private')
    const path = '/v1/repos/acme/secret/privileges'
    const options = { key: carol.api_key }
    expect((await call('GET', path, options)).status).toBe(403)
    const team = await mock.given.team({ org: 'acme', name: 'Admins', members: ['carol'] })
    const made = await mock.given.privilege({
      repository: 'acme/secret',
      team: team.slug,
      privilege: 'Admin',
    })
    expect(made).toEqual({ privilege: 'Admin', team: 'admins' })
    const after = await call<{ privileges: unknown[] }>('GET', path, options)
    expect(after.status).toBe(200)
    expect(after.body.privileges).toEqual([made])
  })

  it('a user privilege opens a private repository; reset() closes it again', async () => {
    const dave = await mock.given.user({ slug: 'dave' })
    await mock.given.repository({ namespace: 'acme', name: 'vault' }, 'private')
    const path = '/v1/repos/acme/vault/'
    expect((await call('GET', path, { key: dave.api_key })).status).toBe(404)
    await mock.given.privilege({ repository: 'acme/vault', user: 'dave' })
    expect((await call('GET', path, { key: dave.api_key })).status).toBe(200)
    await mock.reset()
    expect((await call('GET', path)).status).toBe(404)
  })

  it('an entitlement made by factory downloads a private file with ?token=', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'dist' }, 'private')
    const pkg = await mock.given.package({ repository: 'acme/dist', format: 'raw' })
    const url = pkg.files![0]!.cdn_url!
    expect((await fetch(url)).status).toBe(401)
    const token = await mock.given.entitlement({ repository: 'acme/dist' })
    const download = await fetch(`${url}?token=${token.token}`)
    expect(download.status).toBe(200)
    await download.arrayBuffer()
    const disabled = await mock.given.entitlement({ repository: 'acme/dist' }, 'disabled')
    const refused = await fetch(`${url}?token=${disabled.token}`)
    expect(refused.status).toBe(401)
    await refused.arrayBuffer()
  })
})

describe('seeded and undone', () => {
  it('the same calls give the same records after reset()', async () => {
    const make = async () => {
      await mock.given.repository({ namespace: 'acme', name: 'web' })
      return [
        await mock.given.team({ org: 'acme' }),
        await mock.given.entitlement({ repository: 'acme/web' }),
        await mock.given.upstream({ repository: 'acme/web' }),
        await mock.given.webhook({ repository: 'acme/web' }),
      ]
    }
    const first = await make()
    await mock.reset()
    expect((await call('GET', '/v1/orgs/acme/teams/')).body).toEqual([])
    expect(await make()).toEqual(first)
  })
})

describe('untyped input, as the admin API and config files send it', () => {
  it('given.make takes the same fields as JSON', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = (await mock.given.make('webhook', {
      fields: { repository: 'acme/web', settings: { package_query: 'format:npm' } },
      traits: ['disabled'],
    })) as { slug_perm: string }
    const read = await call('GET', `/v1/webhooks/acme/web/${made.slug_perm}/`)
    expect(read.body).toMatchObject({ package_query: 'format:npm', is_active: false })
    expect(made).toEqual(read.body)
  })
})

describe('bad input names the field', () => {
  it('a privilege to a team that does not exist', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const error = await refusal(mock.given.privilege({ repository: 'acme/web', team: 'ghosts' }))
    expect(error.option).toBe('team')
    expect(error.message).toContain('no team "ghosts" in acme')
  })

  it('a privilege to both a user and a team', async () => {
    const error = await refusal(mock.given.privilege({ user: 'a', team: 'b' }))
    expect(error.option).toBe('team')
  })

  it('a privilege level that does not exist lists the levels', async () => {
    const error = await refusal(mock.given.privilege({ privilege: 'Owner' as never }))
    expect(error.option).toBe('privilege')
    expect(error.message).toMatch(/"Admin", "Write", "Read"/)
  })

  it('a team member who is not in the organisation', async () => {
    await mock.given.user({ slug: 'eve' })
    const error = await refusal(mock.given.team({ org: 'acme', members: ['eve'] }))
    expect(error.option).toBe('members.0')
    expect(error.message).toContain('"eve" is neither a member nor a service of acme')
  })

  it('a deb upstream without the distro_versions the document requires', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const error = await refusal(mock.given.upstream({ repository: 'acme/web', format: 'deb' }))
    expect(error.option).toBe('settings.distro_versions')
  })

  it('a webhook setting of the wrong type', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const error = await refusal(
      mock.given.webhook({ repository: 'acme/web', settings: { verify_ssl: 'yes' } }),
    )
    expect(error.option).toBe('settings.verify_ssl')
  })
})
