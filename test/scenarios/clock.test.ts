/**
 * `mock.clock.advance(ms)` drives timestamps, rate-limit windows, Retry-After and sync progress,
 * so no test sleeps. The clock starts at 2026-01-01T00:00:00Z and is `frozen` in process; the
 * default window is one hour; an unfinished sync moves one step per status poll or per 5 s of
 * clock time (docs/scenarios.md). The `real` clock is driven here by faking `performance.now()`
 * (what it reads), so these tests do not wait either.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMock } from '../../src/index.ts'
import { DEFAULT_RESET, EPOCH_SECONDS, send, uploadRawPackage } from './support.ts'

const mock = createMock()
beforeEach(() => mock.reset())

describe('clock', () => {
  it('stamps new records with the clock time', async () => {
    mock.clock.advance(90_000)
    const created = await uploadRawPackage(mock)
    expect(created.body.uploaded_at).toBe('2026-01-01T00:01:30Z')
  })

  it('tells a client under rate-limited to come back in 5 s, counted from the clock time', async () => {
    mock.use('rate-limited')
    const first = await send(mock, 'GET', '/v1/repos/acme/')
    mock.clock.advance(600_000)
    const later = await send(mock, 'GET', '/v1/repos/acme/')
    expect([first.headers.get('Retry-After'), later.headers.get('Retry-After')]).toEqual(['5', '5'])
    expect([
      first.headers.get('X-RateLimit-Reset'),
      later.headers.get('X-RateLimit-Reset'),
    ]).toEqual([String(EPOCH_SECONDS + 5), String(EPOCH_SECONDS + 605)])
    expect(later.body).toEqual({
      detail: 'Request was throttled. Expected available in 5.0 seconds.',
    })
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

describe('real clock', () => {
  // performance.now() is what a real clock reads; faking it moves wall time without waiting.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] })
    return () => vi.useRealTimers()
  })

  it('starts at the configured now and moves with wall-clock time', async () => {
    const real = createMock({ clock: 'real', now: '2026-03-01T12:00:00Z' })
    expect(real.clock.mode).toBe('real')
    expect(real.clock.now()).toBe(Date.UTC(2026, 2, 1, 12))
    vi.advanceTimersByTime(90_000)
    const created = await uploadRawPackage(real)
    expect(created.body.uploaded_at).toBe('2026-03-01T12:01:30Z')
  })

  it('lets advance() and POST-style set() shift it, and keeps running from there', () => {
    const real = createMock({ clock: 'real' })
    vi.advanceTimersByTime(1_000)
    real.clock.advance(60_000)
    expect(real.clock.now()).toBe(Date.UTC(2026, 0, 1) + 61_000)
    vi.advanceTimersByTime(2_000)
    expect(real.clock.now()).toBe(Date.UTC(2026, 0, 1) + 63_000)
    real.clock.set(Date.UTC(2027, 0, 1))
    vi.advanceTimersByTime(500)
    expect(real.clock.now()).toBe(Date.UTC(2027, 0, 1) + 500)
  })

  it('goes back to the start on reset() and runs on from it', async () => {
    const real = createMock({ clock: 'real' })
    vi.advanceTimersByTime(86_400_000)
    await real.reset()
    expect(real.clock.now()).toBe(Date.UTC(2026, 0, 1))
    vi.advanceTimersByTime(10)
    expect(real.clock.now()).toBe(Date.UTC(2026, 0, 1) + 10)
  })

  it('shows a package pushed without waiting as Completed in a later list', async () => {
    const real = createMock({ clock: 'real' })
    const created = await uploadRawPackage(real, 'nowait-1.0.0.tar.gz')
    expect(created.body.status_str).toBe('Awaiting Synchronisation')
    // One step of 5 s by default: the CLI's default --wait-interval (API-NOTES §7).
    vi.advanceTimersByTime(5_000)
    const list = await send<{ slug_perm: string; status_str: string }[]>(
      real,
      'GET',
      '/v1/packages/acme/web-assets/?sort=-date',
    )
    expect(list.body.find((p) => p.slug_perm === created.body.slug_perm)?.status_str).toBe(
      'Completed',
    )
  })

  it('opens a new rate-limit window once wall time passes the reset', async () => {
    const real = createMock({ clock: 'real', rateLimit: { limit: 1, windowMs: 10_000 } })
    expect((await send(real, 'GET', '/v1/user/self/')).status).toBe(200)
    const refused = await send(real, 'GET', '/v1/user/self/')
    expect(refused.status).toBe(429)
    expect(refused.headers.get('Retry-After')).toBe('10')
    vi.advanceTimersByTime(10_000)
    expect((await send(real, 'GET', '/v1/user/self/')).status).toBe(200)
  })

  it('is refused by the options unless frozen or real', () => {
    expect(() => createMock({ clock: 'wall' as 'real' })).toThrow(
      /option "clock" must be one of "frozen", "real"/,
    )
  })
})
