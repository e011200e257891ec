import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Repository } from '../../src/index.ts'
import { call, OUTSIDER_KEY } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

describe('mock.db', () => {
  it('holds the default fixture records', () => {
    expect(mock.db.namespaces.get('acme')).toMatchObject({ kind: 'Organization' })
    expect(mock.db.apiKeys.get('demo-api-key')).toMatchObject({ user: 'demo' })
    expect(mock.db.apiKeys.get('outsider-api-key')).toMatchObject({ user: 'outsider' })
    expect(mock.db.memberships.get('acme/demo')).toMatchObject({ role: 'Owner' })
    expect(mock.db.repositories.get('acme/platform')).toMatchObject({
      repository_type_str: 'Private',
    })
    expect(mock.db.packages.size).toBe(360)
  })

  it('serves records written directly, and reset() removes them', async () => {
    await mock.db.repositories.insert({
      namespace: 'acme',
      slug: 'seeded-by-test',
      slug_perm: 'TeStPeRm0001',
      name: 'Seeded by test',
      description: 'written through mock.db',
      repository_type_str: 'Public',
      created_at: mock.clock.now(),
      num_downloads: 0,
      settings: {},
    })
    const read = await call<Repository>('GET', '/v1/repos/acme/seeded-by-test/', { key: null })
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({
      slug_perm: 'TeStPeRm0001',
      description: 'written through mock.db',
    })
    await mock.reset()
    expect((await call('GET', '/v1/repos/acme/seeded-by-test/')).status).toBe(404)
  })

  it('reflects writes made through the API', async () => {
    await call('POST', '/v1/repos/demo/', {
      json: { name: 'via-api', repository_type_str: 'Private' },
    })
    expect(mock.db.repositories.get('demo/via-api')).toMatchObject({
      name: 'via-api',
      repository_type_str: 'Private',
    })
  })
})

describe('mock.journal', () => {
  it('records each request with its operation, identity and status', async () => {
    await call('GET', '/v1/repos/acme/platform/')
    await call('GET', '/v1/repos/acme/platform/', { key: OUTSIDER_KEY })
    await call('POST', '/repos/demo/', { json: {} })
    await call('GET', '/v1/nowhere/')
    const entries = mock.journal.entries()
    expect(
      entries.map(({ method, path, operationId, identity, status }) => ({
        method,
        path,
        operationId,
        identity,
        status,
      })),
    ).toEqual([
      {
        method: 'GET',
        path: '/v1/repos/acme/platform/',
        operationId: 'repos_read',
        identity: 'demo',
        status: 200,
      },
      {
        method: 'GET',
        path: '/v1/repos/acme/platform/',
        operationId: 'repos_read',
        identity: 'outsider',
        status: 404,
      },
      {
        method: 'POST',
        path: '/repos/demo/',
        operationId: 'repos_create',
        identity: 'demo',
        status: 422,
      },
      { method: 'GET', path: '/v1/nowhere/', operationId: null, identity: null, status: 404 },
    ])
  })

  it('filters by operation and status, and names the scenario that decided', async () => {
    await call('GET', '/v1/user/self/')
    await call('GET', '/v1/user/self/', { headers: { Prefer: 'code=404' } })
    await call('GET', '/v1/repos/acme/?page=1')
    expect(mock.journal.entries({ operationId: 'user_self' })).toHaveLength(2)
    const forced = mock.journal.entries({ status: 404 })
    expect(forced).toHaveLength(1)
    expect(forced[0]).toMatchObject({ operationId: 'user_self', scenario: 'code=404' })
    expect(mock.journal.entries({ operationId: 'repos_namespace_list' })[0]?.query).toBe('?page=1')
  })
})
