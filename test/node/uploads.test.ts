import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package } from '../../src/index.ts'
import { call, OUTSIDER_KEY, uploadFile, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

describe('packages_upload_<format>', () => {
  it.each([
    ['raw', 'notes-1.2.3.tar.gz', { name: 'notes', version: '1.2.3' }],
    ['npm', 'left-pad-1.3.0.tgz', { npm_dist_tag: 'next' }],
    ['python', 'tool_kit-0.9.1-py3-none-any.whl', {}],
    ['deb', 'hello_2.10_amd64.deb', { distribution: 'ubuntu/jammy' }],
    ['rpm', 'hello-2.10-1.x86_64.rpm', { distribution: 'el/9' }],
    ['helm', 'chart-0.1.0.tgz', {}],
  ])(
    'creates a %s package (201) from an uploaded file, not yet synchronised',
    async (format, filename, extra) => {
      const identifier = await uploadFile('acme', 'platform', filename)
      const created = await call<Package>('POST', `/v1/packages/acme/platform/upload/${format}/`, {
        json: { package_file: identifier, tags: 'one, two', ...extra },
      })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({
        format,
        filename,
        namespace: 'acme',
        repository: 'platform',
        uploader: 'demo',
        is_sync_completed: false,
        is_sync_awaiting: true,
      })
      if ('name' in extra)
        expect(created.body).toMatchObject({ name: extra.name, version: extra.version })
      expect(Object.values(created.body.tags ?? {}).flat()).toEqual(
        expect.arrayContaining(['one', 'two']),
      )
      const read = await call<Package>(
        'GET',
        `/v1/packages/acme/platform/${created.body.slug_perm}/`,
      )
      expect(read.status).toBe(200)
      expect((await call('GET', `/v1/packages/acme/platform/${created.body.slug}/`)).status).toBe(
        200,
      )
    },
  )

  it.each([
    ['python', 'tool_kit-0.9.1-py3-none-any.whl', {}, 'tool_kit', '0.9.1'],
    ['deb', 'hello_2.10_amd64.deb', { distribution: 'ubuntu/jammy' }, 'hello', '2.10'],
    ['rpm', 'my-tool-2.10-1.x86_64.rpm', { distribution: 'el/9' }, 'my-tool', '2.10'],
    ['npm', 'left-pad-1.3.0.tgz', {}, 'left-pad', '1.3.0'],
  ])(
    'names a %s package after its file name conventions (%s)',
    async (format, filename, extra, name, version) => {
      const identifier = await uploadFile('acme', 'platform', filename)
      const created = await call<Package>('POST', `/v1/packages/acme/platform/upload/${format}/`, {
        json: { package_file: identifier, ...extra },
      })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ name, version })
    },
  )

  it('responds 422 naming distribution when a deb upload has none', async () => {
    const identifier = await uploadFile('acme', 'platform', 'hello_2.10_amd64.deb')
    const reply = await call<ErrorReply>('POST', '/v1/packages/acme/platform/upload/deb/', {
      json: { package_file: identifier },
    })
    expect(reply.status).toBe(422)
    expect(reply.body.detail).toBe('Invalid input.')
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['distribution'])
  })

  it('responds 422 naming package_file when it is missing', async () => {
    const reply = await call<ErrorReply>('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: {},
    })
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['package_file'])
  })

  it('responds 422 naming package_file when no such upload was made', async () => {
    const reply = await call<ErrorReply>('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: 'nothing-uploaded' },
    })
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['package_file'])
  })

  it('uses a file identifier once only', async () => {
    const identifier = await uploadFile('acme', 'platform', 'once-1.0.0.tar.gz')
    const path = '/v1/packages/acme/platform/upload/raw/'
    expect((await call('POST', path, { json: { package_file: identifier } })).status).toBe(201)
    expect((await call('POST', path, { json: { package_file: identifier } })).status).toBe(422)
  })

  it.each([
    ['the outsider in acme/releases (read only)', 403, OUTSIDER_KEY, 'releases'],
    ['demo in outsider/secret', 404, undefined, 'outsider-secret'],
    ['anonymous', 401, null, 'platform'],
  ])('refuses %s with %i', async (_case, status, key, repo) => {
    const path =
      repo === 'outsider-secret'
        ? '/v1/packages/outsider/secret/upload/raw/'
        : `/v1/packages/acme/${repo}/upload/raw/`
    const reply = await call('POST', path, { key, json: { package_file: 'abc' } })
    expect(reply.status).toBe(status)
  })

  it('responds 404 to an unknown repository', async () => {
    const reply = await call('POST', '/v1/packages/acme/nope/upload/raw/', {
      json: { package_file: 'abc' },
    })
    expect(reply.status).toBe(404)
  })
})

describe('packages_validate-upload_<format>', () => {
  it.each([
    ['raw', { package_file: '/home/me/build/notes-1.2.3.tar.gz' }],
    ['npm', { package_file: './left-pad-1.3.0.tgz' }],
    ['deb', { package_file: 'dist/hello_2.10_amd64.deb', distribution: 'ubuntu/jammy' }],
  ])('accepts %s with a local path as package_file (204, no body)', async (format, json) => {
    const reply = await call('POST', `/v1/packages/acme/platform/validate-upload/${format}/`, {
      json,
    })
    expect(reply.status).toBe(204)
    expect(reply.body).toBeNull()
  })

  it('responds 422 naming distribution for a deb without one', async () => {
    const reply = await call<ErrorReply>(
      'POST',
      '/v1/packages/acme/platform/validate-upload/deb/',
      {
        json: { package_file: 'hello_2.10_amd64.deb' },
      },
    )
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['distribution'])
  })

  it('responds 403 to the outsider in acme/releases', async () => {
    const reply = await call('POST', '/v1/packages/acme/releases/validate-upload/raw/', {
      key: OUTSIDER_KEY,
      json: { package_file: 'x.tar.gz' },
    })
    expect(reply.status).toBe(403)
  })
})
