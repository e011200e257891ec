/**
 * The read-mostly groups through real fetch: webhooks (RepositoryWebhook), formats, distros,
 * storage regions, user profiles, vulnerabilities, package groups and license update, bulk
 * actions and quota for an open-source subset. Shapes from the OpenAPI document; the default
 * dataset (demo owns acme; acme/java is Open-Source).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

interface Hook {
  slug_perm: string
  target_url: string
  is_active: boolean
  events: string[]
}

describe('webhooks', () => {
  it('lists the seeded hook and creates, updates, deletes one', async () => {
    const listed = await call<Hook[]>('GET', '/webhooks/acme/platform/')
    expect(listed.body.map((h) => h.target_url)).toEqual([
      'https://ci.example.com/hooks/cloudsmith',
    ])
    const created = await call<Hook>('POST', '/webhooks/acme/platform/', {
      json: {
        target_url: 'https://hooks.example.com/x',
        events: ['package.deleted'],
        templates: [],
      },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const at = `/webhooks/acme/platform/${created.body.slug_perm}/`
    const patched = await call<Hook>('PATCH', at, { json: { is_active: false } })
    expect(patched.body).toMatchObject({ is_active: false, events: ['package.deleted'] })
    expect((await call('DELETE', at)).status).toBe(204)
    expect((await call('GET', at)).status).toBe(404)
  })

  it('refuses a hook without a target_url (422 with fields)', async () => {
    const refused = await call<{ fields: Record<string, string[]> }>(
      'POST',
      '/webhooks/acme/platform/',
      {
        json: { events: [], templates: [] },
      },
    )
    expect(refused.status).toBe(422)
    expect(Object.keys(refused.body.fields)).toContain('target_url')
  })

  it('is hidden from someone outside the repository', async () => {
    expect((await call('GET', '/webhooks/acme/platform/', { key: OUTSIDER_KEY })).status).toBe(404)
  })
})

describe('catalogues and profiles', () => {
  it('lists formats, distros and storage regions, and reads one of each', async () => {
    const formats = await call<{ slug: string }[]>('GET', '/formats/', { key: null })
    expect(formats.body).toHaveLength(29)
    expect((await call<{ name: string }>('GET', '/formats/python/')).body.name).toBe('Python')
    expect((await call('GET', '/formats/nope/')).status).toBe(404)
    const distro = await call<{ format: string; versions: { slug: string }[] }>(
      'GET',
      '/distros/ubuntu/',
    )
    expect(distro.body.format).toBe('deb')
    expect(distro.body.versions.map((v) => v.slug)).toContain('ubuntu/jammy')
    const regions = await call<{ slug: string }[]>('GET', '/storage-regions/')
    expect(regions.body.map((r) => r.slug)).toEqual([
      'default',
      'us-ohio',
      'eu-frankfurt',
      'ap-sydney',
    ])
  })

  it('shows a user’s profile, not an organisation’s', async () => {
    const demo = await call<{ slug: string }>('GET', '/users/profile/demo/')
    expect(demo.body.slug).toBe('demo')
    expect((await call('GET', '/users/profile/acme/')).status).toBe(404)
  })
})

describe('packages beyond the core', () => {
  it('groups packages by name, updates a license, quarantines in bulk', async () => {
    const groups = await call<{ results: { name: string; count: number }[] }>(
      'GET',
      '/packages/acme/python-libs/groups/',
    )
    expect(groups.status).toBe(200)
    const packages = await call<{ slug_perm: string; name: string }[]>(
      'GET',
      '/packages/acme/python-libs/',
    )
    expect(groups.body.results.reduce((n, g) => n + g.count, 0)).toBe(packages.body.length)
    const [pkg] = packages.body
    const licensed = await call<{ license: string }>(
      'PATCH',
      `/packages/acme/python-libs/${pkg!.slug_perm}/update-license/`,
      { json: { spdx_license: 'Apache-2.0' } },
    )
    expect(licensed.body.license).toBe('Apache-2.0')
    const bulk = await call<{ packages_actioned: string[] }>('POST', '/bulk-action/acme/', {
      json: { action: 'Quarantine', identifiers: [pkg!.slug_perm] },
    })
    expect(bulk.body.packages_actioned).toEqual([pkg!.slug_perm])
    const after = await call<{ is_quarantined: boolean }>(
      'GET',
      `/packages/acme/python-libs/${pkg!.slug_perm}/`,
    )
    expect(after.body.is_quarantined).toBe(true)
  })

  it('lists a scan per synchronised package and reads it by identifier', async () => {
    const scans = await call<{ identifier: string; package: { identifier: string } }[]>(
      'GET',
      '/vulnerabilities/acme/python-libs/',
    )
    expect(scans.status).toBe(200)
    const [scan] = scans.body
    const read = await call<{ scans: unknown[] }>(
      'GET',
      `/vulnerabilities/acme/python-libs/${scan!.package.identifier}/${scan!.identifier}/`,
    )
    expect(read.status).toBe(200)
    expect(read.body.scans).toHaveLength(1)
  })
})
