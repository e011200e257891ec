import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { ResourcesRateCheck, StatusBasic, UserBrief } from '../../src/index.ts'
import type { Namespace } from '../../src/generated/types.ts'
import { call, EPOCH_SECONDS, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

describe('user_self', () => {
  it('describes the signed-in user with the UserBrief fields', async () => {
    const self = await call<UserBrief>('GET', '/v1/user/self/')
    expect(self.status).toBe(200)
    expect(self.body).toMatchObject({
      authenticated: true,
      slug: 'demo',
      name: 'Demo User',
      email: 'demo@example.com',
      profile_url: 'https://cloudsmith.io/~demo/',
    })
    expect(Object.keys(self.body).sort()).toEqual(
      ['authenticated', 'email', 'name', 'profile_url', 'self_url', 'slug', 'slug_perm'].sort(),
    )
    expect(self.body.slug_perm).toMatch(/^\w+$/)
  })
})

describe('namespaces', () => {
  it.each([
    ['demo', undefined, ['acme', 'demo']],
    ['outsider', OUTSIDER_KEY, ['outsider']],
  ])('lists the namespaces %s belongs to', async (_who, key, expected) => {
    const list = await call<Namespace[]>('GET', '/v1/namespaces/', { key })
    expect(list.status).toBe(200)
    expect(list.body.map((ns) => ns.slug).sort()).toEqual(expected)
    expect(list.headers.get('X-Pagination-Count')).toBe(String(expected.length))
  })

  it.each([
    ['acme', 'Organization'],
    ['demo', 'User'],
  ])('reads namespace %s as a %s', async (slug, typeName) => {
    const ns = await call<Namespace>('GET', `/v1/namespaces/${slug}/`)
    expect(ns.status).toBe(200)
    expect(ns.body).toMatchObject({ slug, type_name: typeName })
    expect(Object.keys(ns.body).sort()).toEqual(['name', 'slug', 'slug_perm', 'type_name'])
  })

  it('responds 404 to an unknown namespace', async () => {
    const ns = await call<ErrorReply>('GET', '/v1/namespaces/nobody-here/')
    expect(ns.status).toBe(404)
    expect(ns.body).toEqual({ detail: 'Not found.' })
  })
})

describe('status_check_basic', () => {
  it('reports the API as operational, with or without a key', async () => {
    for (const key of [null, undefined]) {
      const status = await call<StatusBasic>('GET', '/v1/status/check/basic/', { key })
      expect(status.status).toBe(200)
      expect(status.body.detail).toBe('Cloudsmith API is operational.')
      expect(status.body.version).toMatch(/^\d+\.\d+\.\d+$/)
    }
  })
})

describe('rates_limits_list', () => {
  it('reports the caller window with the documented defaults (100,000 an hour, interval 0)', async () => {
    const rates = await call<ResourcesRateCheck>('GET', '/v1/rates/limits/')
    expect(rates.status).toBe(200)
    expect(rates.body.resources?.['core']).toEqual({
      interval: 0,
      limit: 100_000,
      remaining: 100_000,
      reset: EPOCH_SECONDS + 3600,
      reset_iso_8601: '2026-01-01T01:00:00Z',
      throttled: false,
    })
  })

  it('counts other calls but not itself', async () => {
    await call('GET', '/v1/user/self/')
    await call('GET', '/v1/user/self/')
    const first = await call<ResourcesRateCheck>('GET', '/v1/rates/limits/')
    const second = await call<ResourcesRateCheck>('GET', '/v1/rates/limits/')
    expect(first.body.resources?.['core']?.remaining).toBe(100_000 - 2)
    expect(second.body.resources?.['core']?.remaining).toBe(100_000 - 2)
  })

  it('carries X-RateLimit-* headers on every response, errors included', async () => {
    for (const path of ['/v1/user/self/', '/v1/repos/outsider/secret/', '/v1/rates/limits/']) {
      const reply = await call('GET', path)
      expect(reply.headers.get('X-RateLimit-Limit')).toBe('100000')
      expect(reply.headers.get('X-RateLimit-Reset')).toBe(String(EPOCH_SECONDS + 3600))
      expect(Number(reply.headers.get('X-RateLimit-Interval'))).toBe(0)
      expect(Number(reply.headers.get('X-RateLimit-Remaining'))).toBeLessThan(100_000)
    }
  })

  it('keeps separate windows for each identity', async () => {
    await call('GET', '/v1/user/self/')
    const anonymous = await call<ResourcesRateCheck>('GET', '/v1/rates/limits/', { key: null })
    expect(anonymous.body.resources?.['core']?.remaining).toBe(100_000)
  })
})
