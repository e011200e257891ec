import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { ResourcesRateCheck, StatusBasic } from '../../src/index.ts'
import { call, EPOCH_SECONDS } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

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
