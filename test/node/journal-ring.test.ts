/**
 * The journal's ring reuses its places as it turns (src/core/journal.ts keeps one slot per
 * place, refilled, so that entries do not pile up in V8's old generation). What a caller got
 * must never change when the ring turns, and the ring must list exactly the last requests.
 */
import { describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { API, DEMO_KEY } from './support.ts'

const get = (mock: ReturnType<typeof createMock>, path: string) =>
  mock.handle(new Request(`${API}${path}`, { headers: { 'X-Api-Key': DEMO_KEY } }))

describe('journal ring', () => {
  it('lists the last `journalSize` requests, oldest first, and leaves entries already read as they were', async () => {
    const mock = createMock({ seed: 1, journalSize: 3 })
    await get(mock, '/v1/repos/acme/')
    await get(mock, '/v1/user/self/')
    const early = mock.journal.entries()
    expect(early.map((e) => [e.id, e.path])).toEqual([
      [1, '/v1/repos/acme/'],
      [2, '/v1/user/self/'],
    ])
    const snapshot = structuredClone(early)
    for (const path of ['/v1/packages/acme/platform/', '/v1/nope/', '/v1/repos/acme/?page=1'])
      await get(mock, path)
    expect(early).toEqual(snapshot)
    const late = mock.journal.entries()
    expect(late.map((e) => [e.id, e.path, e.query, e.status])).toEqual([
      [3, '/v1/packages/acme/platform/', '', 200],
      [4, '/v1/nope/', '', 404],
      [5, '/v1/repos/acme/', '?page=1', 200],
    ])
    expect(mock.journal.size).toBe(3)
    expect(mock.journal.entries({ status: 404 }).map((e) => e.id)).toEqual([4])
    expect(mock.journal.entries({ since: 3, limit: 1 }).map((e) => e.id)).toEqual([5])
  })

  it('gives subscribers the same entry the journal lists, and nothing of it changes later', async () => {
    const mock = createMock({ seed: 1, journalSize: 1 })
    const seen: unknown[] = []
    mock.journal.subscribe((entry) => seen.push(entry))
    await get(mock, '/v1/user/self/')
    const first = structuredClone(seen[0])
    await get(mock, '/v1/repos/acme/')
    expect(seen[0]).toEqual(first)
    expect(seen[1]).toEqual(mock.journal.entries()[0])
    expect(Object.keys(seen[1] as object)).toEqual([
      'id',
      'time',
      'method',
      'path',
      'query',
      'operationId',
      'identity',
      'status',
      'scenario',
      'bodySummary',
      'body',
      'durationMs',
      'sequence',
      'requestId',
    ])
  })
})
