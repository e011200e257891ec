import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { UserBrief } from '../../src/index.ts'
import type { Namespace } from '../../src/generated/types.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

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
