import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, EPOCH_SECONDS, OUTSIDER_KEY, type ErrorReply } from './support.ts'

// Three requests an hour (the default window), from the documented clock start.
const mock = setupMockServer({ seed: 1, rateLimit: { limit: 3 }, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const reset = String(EPOCH_SECONDS + 3600)

describe('rate limit', () => {
  it('counts down X-RateLimit-Remaining on each call', async () => {
    const remaining = []
    for (let i = 0; i < 3; i++) {
      const reply = await call('GET', '/v1/repos/acme/')
      expect(reply.status).toBe(200)
      expect(reply.headers.get('X-RateLimit-Limit')).toBe('3')
      expect(reply.headers.get('X-RateLimit-Reset')).toBe(reset)
      remaining.push(reply.headers.get('X-RateLimit-Remaining'))
    }
    expect(remaining).toEqual(['2', '1', '0'])
  })

  it('responds 429 with Retry-After and the throttled detail once the window is spent', async () => {
    for (let i = 0; i < 3; i++) await call('GET', '/v1/user/self/')
    const reply = await call<ErrorReply>('GET', '/v1/repos/acme/')
    expect(reply.status).toBe(429)
    expect(reply.headers.get('Retry-After')).toBe('3600')
    expect(reply.headers.get('X-RateLimit-Limit')).toBe('3')
    expect(reply.headers.get('X-RateLimit-Remaining')).toBe('0')
    expect(reply.headers.get('X-RateLimit-Reset')).toBe(reset)
    expect(Number(reply.headers.get('X-RateLimit-Interval'))).toBe(3600)
    expect(reply.body).toEqual({
      detail: 'Request was throttled. Expected available in 3600.0 seconds.',
    })
  })

  it('throttles writes as well as reads, before touching any data', async () => {
    for (let i = 0; i < 3; i++) await call('GET', '/v1/user/self/')
    const reply = await call('POST', '/v1/repos/demo/', { json: { name: 'too-late' } })
    expect(reply.status).toBe(429)
    expect(mock.db.repositories.has('demo/too-late')).toBe(false)
  })

  it('keeps one window per identity', async () => {
    for (let i = 0; i < 4; i++) await call('GET', '/v1/user/self/')
    expect((await call('GET', '/v1/user/self/')).status).toBe(429)
    expect((await call('GET', '/v1/user/self/', { key: OUTSIDER_KEY })).status).toBe(200)
    expect((await call('GET', '/v1/user/self/', { key: null })).status).toBe(200)
  })

  it('reports the spent window on /rates/limits/ without spending more', async () => {
    for (let i = 0; i < 3; i++) await call('GET', '/v1/user/self/')
    const rates = await call<{ resources: Record<string, Record<string, unknown>> }>(
      'GET',
      '/v1/rates/limits/',
    )
    expect(rates.status).toBe(200)
    expect(rates.body.resources['core']).toMatchObject({
      limit: 3,
      remaining: 0,
      throttled: true,
    })
  })

  it('answers 200 again once the clock passes the window', async () => {
    for (let i = 0; i < 3; i++) await call('GET', '/v1/user/self/')
    expect((await call('GET', '/v1/user/self/')).status).toBe(429)
    mock.clock.advance(3600 * 1000)
    const reply = await call('GET', '/v1/user/self/')
    expect(reply.status).toBe(200)
    expect(reply.headers.get('X-RateLimit-Remaining')).toBe('2')
    expect(reply.headers.get('X-RateLimit-Reset')).toBe(String(EPOCH_SECONDS + 7200))
  })

  it('starts each test with a full window (reset restores windows and the clock)', async () => {
    const reply = await call('GET', '/v1/user/self/')
    expect(reply.headers.get('X-RateLimit-Remaining')).toBe('2')
    expect(reply.headers.get('X-RateLimit-Reset')).toBe(reset)
  })
})
