/**
 * Packages created in the same clock instant (every upload of a run, with the frozen clock) keep
 * their creation order, and a descending sort reverses it: `sort=-date`, the API's default
 * (API-NOTES §6, packages_list), lists the last upload first, as the official CLI's own test of
 * `cloudsmith list packages --sort -date` expects.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMock, type CloudsmithMock } from '../../src/index.ts'
import { send, uploadRawPackage } from './support.ts'

const names = ['first', 'second', 'third']

async function uploadAll(mock: CloudsmithMock): Promise<void> {
  for (const name of names) await uploadRawPackage(mock, `${name}-1.0.0.tar.gz`)
}

async function listed(mock: CloudsmithMock, sort?: string): Promise<string[]> {
  const query = sort === undefined ? '' : `&sort=${sort}`
  const reply = await send<{ name: string }[]>(
    mock,
    'GET',
    `/v1/packages/acme/web-assets/?page_size=100${query}`,
  )
  // A raw package keeps its whole filename as its name (docs/package-identity.md).
  return reply.body
    .map((p) => p.name.replace(/-1\.0\.0\.tar\.gz$/, ''))
    .filter((name) => names.includes(name))
}

describe('order at equal times', () => {
  afterEach(() => vi.useRealTimers())

  it('lists the last upload first by default (-date) and the first first by date', async () => {
    const mock = createMock()
    await uploadAll(mock)
    expect(await listed(mock)).toEqual(['third', 'second', 'first'])
    expect(await listed(mock, '-date')).toEqual(['third', 'second', 'first'])
    expect(await listed(mock, 'date')).toEqual(['first', 'second', 'third'])
  })

  it('does the same with the real clock when the uploads share a millisecond', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const mock = createMock({ clock: 'real' })
    await uploadAll(mock)
    expect(await listed(mock, '-date')).toEqual(['third', 'second', 'first'])
    expect(await listed(mock, 'date')).toEqual(['first', 'second', 'third'])
  })

  it('reverses creation order for other sort keys that tie too', async () => {
    const mock = createMock()
    await uploadAll(mock)
    // All three are raw packages: the format ties.
    expect(await listed(mock, 'format')).toEqual(['first', 'second', 'third'])
    expect(await listed(mock, '-format')).toEqual(['third', 'second', 'first'])
  })

  it('keeps the order through a status poll, a snapshot restored, and a reset', async () => {
    const mock = createMock()
    await uploadAll(mock)
    const list = await send<{ slug_perm: string; name: string }[]>(
      mock,
      'GET',
      '/v1/packages/acme/web-assets/',
    )
    const oldest = list.body.find((p) => p.name === 'first-1.0.0.tar.gz')!.slug_perm
    // A poll rewrites the record: it must not move to the end.
    await send(mock, 'GET', `/v1/packages/acme/web-assets/${oldest}/status/`)
    expect(await listed(mock, 'date')).toEqual(['first', 'second', 'third'])
    const saved = mock.snapshot()
    const restored = createMock()
    await restored.restore(saved)
    expect(await listed(restored, '-date')).toEqual(['third', 'second', 'first'])
    // Created after the restore: after the three, though in the same instant.
    await uploadRawPackage(restored, 'fourth-1.0.0.tar.gz')
    const latest = await send<{ name: string }[]>(restored, 'GET', '/v1/packages/acme/web-assets/')
    expect(latest.body[0]!.name).toBe('fourth-1.0.0.tar.gz')
    await mock.reset()
    await uploadAll(mock)
    expect(await listed(mock, '-date')).toEqual(['third', 'second', 'first'])
  })

  it('puts a copy after its original, made in the same instant', async () => {
    const mock = createMock()
    await uploadAll(mock)
    const list = await send<{ slug_perm: string; name: string }[]>(
      mock,
      'GET',
      '/v1/packages/acme/web-assets/',
    )
    const first = list.body.find((p) => p.name === 'first-1.0.0.tar.gz')!
    // One poll ends the default sync (a copy needs a synchronised package); no time passes.
    await send(mock, 'GET', `/v1/packages/acme/web-assets/${first.slug_perm}/status/`)
    const copy = await send(mock, 'POST', `/v1/packages/acme/web-assets/${first.slug_perm}/copy/`, {
      json: { destination: 'web-assets' },
    })
    expect(copy.status).toBe(200)
    const again = await send<{ name: string; slug_perm: string }[]>(
      mock,
      'GET',
      '/v1/packages/acme/web-assets/?sort=-date',
    )
    expect(again.body[0]!.slug_perm).toBe(copy.body.slug_perm)
  })
})
