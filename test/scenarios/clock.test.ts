/**
 * `mock.clock.advance(ms)` drives timestamps, rate-limit windows, Retry-After and sync progress,
 * so no test sleeps. The clock starts at 2026-01-01T00:00:00Z; the default window is one hour;
 * an unfinished sync moves one step per status poll or per 5 s of clock time (docs/scenarios.md).
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { DEFAULT_RESET, send, uploadRawPackage } from './support.ts'

const mock = createMock()
beforeEach(() => mock.reset())

describe('clock', () => {
  it('stamps new records with the clock time', async () => {
    mock.clock.advance(90_000)
    const created = await uploadRawPackage(mock)
    expect(created.body.uploaded_at).toBe('2026-01-01T00:01:30Z')
  })

  it('counts Retry-After down under rate-limited', async () => {
    mock.use('rate-limited')
    const first = await send(mock, 'GET', '/v1/repos/acme/')
    mock.clock.advance(600_000)
    const later = await send(mock, 'GET', '/v1/repos/acme/')
    expect([first.headers.get('Retry-After'), later.headers.get('Retry-After')]).toEqual([
      '3600',
      '3000',
    ])
    expect(later.body).toEqual({
      detail: 'Request was throttled. Expected available in 3000.0 seconds.',
    })
    expect(later.headers.get('X-RateLimit-Reset')).toBe(String(DEFAULT_RESET))
    mock.clock.advance(3_000_000)
    const next = await send(mock, 'GET', '/v1/repos/acme/')
    expect(next.headers.get('X-RateLimit-Reset')).toBe(String(DEFAULT_RESET + 3600))
  })

  it('opens a new rate-limit window when the clock passes the reset', async () => {
    const limited = createMock({ rateLimit: { limit: 1 } })
    expect((await send(limited, 'GET', '/v1/user/self/')).status).toBe(200)
    expect((await send(limited, 'GET', '/v1/user/self/')).status).toBe(429)
    limited.clock.advance(3_600_000)
    const fresh = await send(limited, 'GET', '/v1/user/self/')
    expect(fresh.status).toBe(200)
    expect(fresh.headers.get('X-RateLimit-Reset')).toBe(String(DEFAULT_RESET + 3600))
  })

  it('moves a sync along with time, without polling status', async () => {
    mock.use('upload-processing')
    const created = await uploadRawPackage(mock)
    const read = async () =>
      (await send(mock, 'GET', `/v1/packages/acme/web-assets/${created.body.slug_perm}/`)).body
    const seen = [await read()]
    for (let i = 0; i < 4; i++) {
      mock.clock.advance(5_000)
      seen.push(await read())
    }
    expect(seen.map((s) => s.status_str)).toEqual([
      'Awaiting Synchronisation',
      'Sync In Progress',
      'Sync In Progress',
      'Sync In Progress',
      'Completed',
    ])
    expect(seen.at(-1)).toMatchObject({ sync_progress: 100, sync_finished_at: expect.any(String) })
  })

  it('goes back to the start on reset()', async () => {
    mock.clock.advance(86_400_000)
    await mock.reset()
    expect(mock.clock.now()).toBe(Date.UTC(2026, 0, 1))
  })
})
