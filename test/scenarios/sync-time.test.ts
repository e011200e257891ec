/**
 * A new package's sync ends after its number of status polls or its duration of clock time,
 * whichever comes first (docs/scenarios.md). The duration defaults to 5 s a step: the official
 * CLI's default `--wait-interval` between status polls (API-NOTES §7, CLI `push.py`
 * `wait_for_package_sync`). The frozen clock is advanced; nothing waits.
 */
import { describe, expect, it } from 'vitest'
import { createMock, type CloudsmithMock } from '../../src/index.ts'
import { send, syncFields, uploadRawPackage } from './support.ts'

const read = async (mock: CloudsmithMock, slugPerm: string) =>
  (await send(mock, 'GET', `/v1/packages/acme/web-assets/${slugPerm}/`)).body

const poll = async (mock: CloudsmithMock, slugPerm: string) =>
  (await send(mock, 'GET', `/v1/packages/acme/web-assets/${slugPerm}/status/`)).body

describe('sync by clock time or by polls', () => {
  it('ends after durationMs of clock time, moving through in progress on the way', async () => {
    const mock = createMock({ sync: { steps: 4, durationMs: 60_000 } })
    const { slug_perm } = (await uploadRawPackage(mock)).body
    const seen = []
    for (const at of [0, 15_000, 30_000, 59_999, 60_000]) {
      mock.clock.set(Date.UTC(2026, 0, 1) + at)
      seen.push((await read(mock, slug_perm)).status_str)
    }
    expect(seen).toEqual([
      'Awaiting Synchronisation',
      'Sync In Progress',
      'Sync In Progress',
      'Sync In Progress',
      'Completed',
    ])
    expect(await read(mock, slug_perm)).toMatchObject({
      sync_progress: 100,
      // Finished by time: when the duration ran out.
      sync_finished_at: '2026-01-01T00:01:00Z',
      status_updated_at: '2026-01-01T00:01:00Z',
    })
  })

  it('ends after its polls when they come first, however long the duration', async () => {
    const mock = createMock({ sync: { steps: 2, durationMs: 3_600_000 } })
    const { slug_perm } = (await uploadRawPackage(mock)).body
    const polls = [await poll(mock, slug_perm), await poll(mock, slug_perm)]
    expect(polls.map((p) => p.status_str)).toEqual(['Sync In Progress', 'Completed'])
  })

  it('counts the further of the two: time cannot undo what polls did', async () => {
    const mock = createMock({ sync: { steps: 4, durationMs: 40_000 } })
    const { slug_perm } = (await uploadRawPackage(mock)).body
    await poll(mock, slug_perm)
    await poll(mock, slug_perm)
    // 10 s is one step of four by time; the polls already made two.
    mock.clock.advance(10_000)
    expect(syncFields(await read(mock, slug_perm))).toMatchObject({ sync_progress: 50 })
    mock.clock.advance(20_000)
    expect(syncFields(await read(mock, slug_perm))).toMatchObject({ sync_progress: 75 })
  })

  it('fails or quarantines by time as the scenario says', async () => {
    const mock = createMock({
      customScenarios: [
        {
          name: 'fails-late',
          sync: { steps: 10, durationMs: 2_000, outcome: 'failed', reason: 'Bad archive.' },
        },
        { name: 'held-late', sync: { steps: 10, durationMs: 2_000, outcome: 'quarantined' } },
      ],
    })
    mock.use('fails-late')
    const failed = (await uploadRawPackage(mock, 'a-1.0.tar.gz')).body.slug_perm
    mock.use('held-late')
    const held = (await uploadRawPackage(mock, 'b-1.0.tar.gz')).body.slug_perm
    mock.clock.advance(2_000)
    expect(await read(mock, failed)).toMatchObject({
      status_str: 'Sync Failed',
      status_reason: 'Bad archive.',
      is_sync_failed: true,
    })
    expect(await read(mock, held)).toMatchObject({
      status_str: 'Quarantined',
      is_quarantined: true,
    })
  })

  it('takes the duration from the scenario, the rest from the options', async () => {
    const mock = createMock({ sync: { durationMs: 1_000 } })
    mock.use('upload-processing')
    const { slug_perm } = (await uploadRawPackage(mock)).body
    // upload-processing's 4 steps, over the options' 1 s.
    mock.clock.advance(500)
    expect(syncFields(await read(mock, slug_perm))).toMatchObject({ sync_progress: 50 })
    mock.clock.advance(500)
    expect((await read(mock, slug_perm)).status_str).toBe('Completed')
  })

  it('restarts the clock on resync, with the duration in force then', async () => {
    const mock = createMock({ scenarios: ['upload-sync-failed'] })
    const { slug_perm } = (await uploadRawPackage(mock)).body
    // upload-sync-failed: 2 steps, so 10 s by default.
    mock.clock.advance(10_000)
    expect((await read(mock, slug_perm)).status_str).toBe('Sync Failed')
    mock.scenarios.setStartup([])
    mock.use({ name: 'quick', sync: { durationMs: 1_000 } })
    const resynced = await send(mock, 'POST', `/v1/packages/acme/web-assets/${slug_perm}/resync/`)
    expect(resynced.body.status_str).toBe('Awaiting Synchronisation')
    mock.clock.advance(1_000)
    expect((await read(mock, slug_perm)).status_str).toBe('Completed')
  })

  it('refuses a duration that is not whole ms from 0 to 30 days', () => {
    for (const durationMs of [-1, 1.5, 31 * 86_400_000])
      expect(() => createMock({ sync: { durationMs } })).toThrow(/option "sync.durationMs"/)
  })
})
