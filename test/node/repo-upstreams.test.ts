/**
 * repos_upstream_<format>_{list,create,read,update,partial_update,delete} for the 20 formats the
 * document has upstream paths for, all from one family definition (handlers/resources/repos/
 * upstreams.ts). Shapes: <Format>Upstream / <Format>UpstreamRequest (spec/openapi.json).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { listOperations } from '../../src/core/openapi/index.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

interface Upstream {
  slug_perm: string
  name: string
  upstream_url: string
  mode: string
  priority: number
  is_active: boolean
  verify_ssl: boolean
  created_at: string
  updated_at: string
}

// The formats, read from the document's paths rather than from the mock.
const formats = [
  ...new Set(
    listOperations()
      .map((op) => /^\/repos\/\{owner\}\/\{identifier\}\/upstream\/([^/]+)\/$/.exec(op.path)?.[1])
      .filter((f): f is string => !!f),
  ),
].sort()

/** What each format's request schema requires beyond name and URL (DebUpstreamRequest...). */
const extra: Record<string, Record<string, unknown>> = {
  deb: { distro_versions: ['ubuntu/jammy'] },
  rpm: { distro_version: 'el/9' },
}

it('the document has upstreams for 20 formats', () => {
  expect(formats).toHaveLength(20)
})

describe.each(formats)('%s upstreams', (format) => {
  const base = `/v1/repos/acme/containers/upstream/${format}/`

  it('create, read, update, partial update, list and delete', async () => {
    const created = await call<Upstream>('POST', base, {
      json: {
        name: `Mirror ${format}`,
        upstream_url: `https://${format}.example.org`,
        ...extra[format],
      },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({
      name: `Mirror ${format}`,
      upstream_url: `https://${format}.example.org`,
      is_active: true,
      mode: 'Proxy Only',
    })
    const member = `${base}${created.body.slug_perm}/`
    expect((await call<Upstream>('GET', member)).body).toEqual(created.body)

    const put = await call<Upstream>('PUT', member, {
      json: { name: 'Replaced', upstream_url: 'https://replaced.example.org', ...extra[format] },
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ name: 'Replaced', slug_perm: created.body.slug_perm })
    expect(put.body.created_at).toBe(created.body.created_at)

    const patch = await call<Upstream>('PATCH', member, { json: { mode: 'Cache and Proxy' } })
    expect(patch.body).toMatchObject({ name: 'Replaced', mode: 'Cache and Proxy' })

    const list = await call<Upstream[]>('GET', base)
    expect(list.body.map((u) => u.slug_perm)).toContain(created.body.slug_perm)

    expect((await call('DELETE', member)).status).toBe(204)
    expect((await call('GET', member)).status).toBe(404)
  })
})

describe('seeded upstreams and access', () => {
  it('acme/containers proxies Docker Hub', async () => {
    const list = await call<Upstream[]>('GET', '/v1/repos/acme/containers/upstream/docker/')
    expect(list.status).toBe(200)
    expect(list.body.map((u) => [u.name, u.upstream_url])).toEqual([
      ['Docker Hub', 'https://index.docker.io'],
    ])
    expect(list.headers.get('X-Pagination-Count')).toBe('1')
  })

  it('an empty list for a format with none', async () => {
    const list = await call<Upstream[]>('GET', '/v1/repos/acme/containers/upstream/cargo/')
    expect(list.status).toBe(200)
    expect(list.body).toEqual([])
  })

  it('is repository configuration: a reader gets 403, a stranger 404', async () => {
    // outsider reads acme/releases (seeded privilege) and cannot see acme/containers.
    expect(
      (await call('GET', '/v1/repos/acme/releases/upstream/deb/', { key: OUTSIDER_KEY })).status,
    ).toBe(403)
    expect(
      (await call('GET', '/v1/repos/acme/containers/upstream/docker/', { key: OUTSIDER_KEY }))
        .status,
    ).toBe(404)
  })

  it('422 with `fields` when a required field is missing', async () => {
    const answer = await call<ErrorReply>('POST', '/v1/repos/acme/containers/upstream/npm/', {
      json: { name: 'No URL' },
    })
    expect(answer.status).toBe(422)
    expect(Object.keys(answer.body.fields ?? {})).toContain('upstream_url')
  })

  it('404 for an upstream of another format or repository', async () => {
    const docker = await call<Upstream[]>('GET', '/v1/repos/acme/containers/upstream/docker/')
    const id = docker.body[0]!.slug_perm
    expect((await call('GET', `/v1/repos/acme/containers/upstream/helm/${id}/`)).status).toBe(404)
    expect((await call('GET', `/v1/repos/acme/platform/upstream/docker/${id}/`)).status).toBe(404)
  })
})
