/**
 * The caller's API keys and logging in, through real fetch (API-NOTES §6.2: `GET /user/tokens/`
 * answers `{"results": [...]}` with keys obfuscated, one key per user, refresh replaces it;
 * `POST /user/token/` takes email and password without an API key). The dataset keeps no
 * passwords: a user's API key is their password, as for Basic auth (README).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, DEMO_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

interface Key {
  created: string
  key: string
  slug_perm: string
}

describe('user tokens', () => {
  it('lists the caller’s key, obfuscated', async () => {
    const listed = await call<{ results: Key[] }>('GET', '/user/tokens/')
    expect(listed.status).toBe(200)
    expect(listed.body.results).toHaveLength(1)
    expect(listed.body.results[0]!.key).toBe(`${'*'.repeat(DEMO_KEY.length - 4)}-key`)
    expect((await call('GET', '/user/tokens/', { key: null })).status).toBe(401)
  })

  it('creates the one API key of the endpoint and refuses a second', async () => {
    const created = await call<Key>('POST', '/user/tokens/')
    expect(created.status).toBe(201)
    const self = await call<{ slug: string }>('GET', '/user/self/', { key: created.body.key })
    expect(self.body.slug).toBe('demo')
    const second = await call<ErrorReply>('POST', '/user/tokens/')
    expect(second.status).toBe(400)
    expect(second.body.detail).toBe('User has already created an API key')
  })

  it('refresh replaces a key: the old one stops working, the new one works', async () => {
    const [current] = (await call<{ results: Key[] }>('GET', '/user/tokens/')).body.results
    const refreshed = await call<Key>('PUT', `/user/tokens/${current!.slug_perm}/refresh/`)
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.slug_perm).toBe(current!.slug_perm)
    expect(refreshed.body.key).not.toBe(DEMO_KEY)
    expect((await call('GET', '/user/self/', { key: DEMO_KEY })).status).toBe(401)
    const self = await call<{ slug: string }>('GET', '/user/self/', { key: refreshed.body.key })
    expect(self.body.slug).toBe('demo')
  })

  it('logs in with email and password: the token answered authenticates', async () => {
    const login = await call<{ token: string; two_factor_required: boolean }>(
      'POST',
      '/user/token/',
      {
        key: null,
        json: { email: 'demo@example.com', password: DEMO_KEY },
      },
    )
    expect(login.status).toBe(201)
    expect(login.body.two_factor_required).toBe(false)
    const self = await call<{ slug: string }>('GET', '/user/self/', { key: login.body.token })
    expect(self.body.slug).toBe('demo')
  })

  // DRF's serializer errors: a missing field "This field is required.", an empty one "This field
  // may not be blank." (rest_framework/fields.py default_error_messages).
  it('answers 422 naming the missing or blank fields', async () => {
    const empty = await call<ErrorReply>('POST', '/user/token/', { key: null, json: {} })
    expect(empty.status).toBe(422)
    expect(empty.body.fields).toEqual({
      email: ['This field is required.'],
      password: ['This field is required.'],
    })
    const blank = await call<ErrorReply>('POST', '/user/token/', {
      key: null,
      json: { email: 'demo@example.com', password: '' },
    })
    expect(blank.status).toBe(422)
    expect(blank.body.fields).toEqual({ password: ['This field may not be blank.'] })
  })

  it('answers 422 "Failed to authenticate." to a wrong password or an unknown email', async () => {
    for (const json of [
      { email: 'demo@example.com', password: 'wrong' },
      { email: 'nobody@example.com', password: DEMO_KEY },
    ]) {
      const refused = await call<ErrorReply>('POST', '/user/token/', { key: null, json })
      expect(refused.status).toBe(422)
      expect(refused.body.detail).toBe('Failed to authenticate.')
    }
  })
})
