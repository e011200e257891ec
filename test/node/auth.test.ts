import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Repository, UserBrief } from '../../src/index.ts'
import { basic, call, DEMO_KEY, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

describe('authentication', () => {
  it.each([
    ['X-Api-Key', { 'X-Api-Key': DEMO_KEY }],
    ['Authorization: Token', { Authorization: `Token ${DEMO_KEY}` }],
    [
      'Authorization: token (lower case, as the docs write it)',
      { Authorization: `token ${DEMO_KEY}` },
    ],
    ['Authorization: Bearer', { Authorization: `Bearer ${DEMO_KEY}` }],
    ['Basic with the key as password', { Authorization: basic('demo', DEMO_KEY) }],
  ])('identifies demo from %s', async (_scheme, headers) => {
    const self = await call<UserBrief>('GET', '/v1/user/self/', { key: null, headers })
    expect(self.status).toBe(200)
    expect(self.body).toMatchObject({ authenticated: true, slug: 'demo' })
  })

  it('identifies the outsider from its own key', async () => {
    const self = await call<UserBrief>('GET', '/v1/user/self/', { key: OUTSIDER_KEY })
    expect(self.body).toMatchObject({ authenticated: true, slug: 'outsider' })
  })

  it.each([
    ['an unknown X-Api-Key', { 'X-Api-Key': 'not-a-key' }, 'Invalid token.'],
    ['an empty X-Api-Key', { 'X-Api-Key': ' ' }, 'Invalid token.'],
    ['an unknown Token', { Authorization: 'Token not-a-key' }, 'Invalid token.'],
    ['an unknown Bearer token', { Authorization: 'Bearer not-a-key' }, 'Invalid token.'],
    [
      'Basic with a wrong password',
      { Authorization: basic('demo', 'wrong') },
      'Invalid username/password.',
    ],
  ])('responds 401 to %s', async (_case, headers, detail) => {
    const reply = await call<ErrorReply>('GET', '/v1/user/self/', { key: null, headers })
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual({ detail })
  })

  it('responds 401 to an invalid key even on a public read', async () => {
    const reply = await call<ErrorReply>('GET', '/v1/repos/acme/web-assets/', { key: 'nope' })
    expect(reply.status).toBe(401)
    expect(reply.body.detail).toBe('Invalid token.')
  })

  it.each([
    ['GET', '/v1/repos/'],
    ['GET', '/v1/namespaces/'],
    ['POST', '/v1/repos/demo/'],
    ['DELETE', '/v1/repos/acme/web-assets/'],
    ['POST', '/v1/files/acme/web-assets/'],
  ])('responds 401 to anonymous %s %s', async (method, path) => {
    const json = method === 'POST' ? { name: 'x', filename: 'x.txt' } : undefined
    const reply = await call<ErrorReply>(method, path, { key: null, json })
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual({ detail: 'Authentication credentials were not provided.' })
  })

  it('answers anonymous /user/self/ with authenticated: false', async () => {
    const self = await call<UserBrief>('GET', '/v1/user/self/', { key: null })
    expect(self.status).toBe(200)
    expect(self.body).toMatchObject({ authenticated: false, email: null, name: null, slug: null })
  })

  it('lets anonymous callers read public repositories and their packages', async () => {
    const repo = await call<Repository>('GET', '/v1/repos/acme/web-assets/', { key: null })
    expect(repo.status).toBe(200)
    expect(repo.body).toMatchObject({ slug: 'web-assets', is_public: true })
    const packages = await call<unknown[]>('GET', '/v1/packages/acme/python-libs/', { key: null })
    expect(packages.status).toBe(200)
    expect(packages.body.length).toBeGreaterThan(0)
    const openSource = await call<Repository>('GET', '/v1/repos/acme/java/', { key: null })
    expect(openSource.body).toMatchObject({ slug: 'java', is_open_source: true })
  })

  it('lists only public and open-source repositories of acme to anonymous callers', async () => {
    const repos = await call<Repository[]>('GET', '/v1/repos/acme/?sort=slug', { key: null })
    expect(repos.body.map((r) => r.slug)).toEqual(['java', 'python-libs', 'web-assets'])
  })

  it('answers the status check without a key', async () => {
    const status = await call('GET', '/v1/status/check/basic/', { key: null })
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({ detail: 'Cloudsmith API is operational.' })
  })
})
