/**
 * setupMockServer takes the same checked options as createMock, through real fetch: `now` as an
 * ISO string or a Date sets the clock the API reports; a bad option fails at creation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { OptionsError } from '../../src/index.ts'
import { call } from './support.ts'

describe('setupMockServer options', () => {
  const mock = setupMockServer({
    preset: 'empty',
    now: new Date('2026-02-01T00:30:00Z'),
    rateLimit: { limit: 2 },
    onUnhandledFrame: 'bypass',
  })
  beforeAll(() => mock.listen())
  afterAll(() => mock.close())

  it('now as a Date: the rate-limit window ends at the next hour (API-NOTES §5)', async () => {
    const reply = await call('GET', '/v1/user/self/')
    expect(reply.status).toBe(200)
    expect(reply.headers.get('X-RateLimit-Reset')).toBe(String(Date.UTC(2026, 1, 1, 1) / 1000))
    expect(reply.headers.get('X-RateLimit-Limit')).toBe('2')
  })

  it('now as an ISO string, after reset(): the same start', async () => {
    await mock.reset()
    expect(mock.clock.now()).toBe(Date.UTC(2026, 1, 1, 0, 30))
    const other = setupMockServer({ now: '2026-02-01T00:30:00Z', preset: 'empty' })
    expect(other.clock.now()).toBe(mock.clock.now())
  })

  it('a bad option throws at creation, synchronously, before anything listens', () => {
    expect(() => setupMockServer({ latency: -1 })).toThrow(OptionsError)
    expect(() => setupMockServer({ latency: -1 })).toThrow(
      'setupMockServer: option "latency" must be a number of ms from 0 to 600000; got -1',
    )
  })
})
