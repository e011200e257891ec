/**
 * The data layer takes plain data from any realm (issue 11). Under jest the global
 * `structuredClone`, `fetch` and `Response` belong to Node's outer realm while the mock runs in
 * jest's VM context, and every write that updated a stored record answered 500. Here the same
 * situation is made under vitest: a `structuredClone` whose copies come from another realm
 * (node:vm), and a dataset built in another realm. test/jest/writes.test.mjs runs the real one.
 */
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMock } from '../../src/create-mock.ts'
import { isPlainObject, plainCopy } from '../../src/core/db/plain.ts'

const foreign = runInNewContext('({ JSON, Object, Array })') as {
  JSON: typeof JSON
  Object: ObjectConstructor
  Array: ArrayConstructor
}
/** structuredClone as jest's VM context sees it: the copy's objects are another realm's. */
const foreignClone = <T>(value: T): T => foreign.JSON.parse(JSON.stringify(value)) as T

afterEach(() => vi.unstubAllGlobals())

async function send(
  mock: ReturnType<typeof createMock>,
  method: string,
  path: string,
  body?: unknown,
) {
  const response = await mock.handle(
    new Request(`https://api.cloudsmith.io/v1${path}`, {
      method,
      headers: { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

/** A package of acme/platform whose sync is complete, so it may be moved. */
async function settled(mock: ReturnType<typeof createMock>) {
  const response = await mock.handle(
    new Request('https://api.cloudsmith.io/v1/packages/acme/platform/', {
      headers: { 'X-Api-Key': 'demo-api-key' },
    }),
  )
  const list = (await response.json()) as { slug_perm: string; is_sync_completed: boolean }[]
  return list.find((p) => p.is_sync_completed)!
}

describe('records from another realm', () => {
  it('are updated when structuredClone hands out another realm objects', async () => {
    vi.stubGlobal('structuredClone', foreignClone)
    const mock = createMock({ seed: 1 })
    await mock.ready()
    const pkg = mock.db.packages.group('acme/platform')[0]!

    const patched = await send(mock, 'PATCH', '/repos/acme/platform/', { description: 'd' })
    const tagged = await send(mock, 'POST', `/packages/acme/platform/${pkg.slug_perm}/tag/`, {
      action: 'Add',
      tags: ['realm'],
    })

    expect(patched).toMatchObject({ status: 200, body: { description: 'd' } })
    expect(tagged).toMatchObject({ status: 200, body: { tags: { info: ['realm'] } } })
  })

  it('load as a dataset, take writes, and come back out of snapshot() as this realm objects', async () => {
    const origin = createMock({ seed: 1 })
    await origin.ready()
    const mock = createMock({ seed: 1, dataset: foreignClone(origin.snapshot().dataset) })
    const pkg = await settled(mock)

    const moved = await send(mock, 'POST', `/packages/acme/platform/${pkg.slug_perm}/move/`, {
      destination: 'releases',
    })

    expect(moved).toMatchObject({ status: 200, body: { repository: 'releases' } })
    const stored = mock.snapshot().dataset.packages.find((p) => p.slug_perm === pkg.slug_perm)!
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(stored.files)).toBe(Array.prototype)
    expect(Object.getPrototypeOf(stored.sync)).toBe(Object.prototype)
  })
})

describe('plainCopy', () => {
  it('rebuilds another realm objects and arrays as this realm ones, values equal', () => {
    const value = foreign.JSON.parse('{"a":[1,{"b":null}],"c":{"d":"e"}}') as {
      a: [number, { b: null }]
      c: { d: string }
    }
    expect(value).not.toBeInstanceOf(Object)

    const copy = plainCopy(value)

    expect(copy).toStrictEqual({ a: [1, { b: null }], c: { d: 'e' } })
    expect(copy).toBeInstanceOf(Object)
    expect(copy.a).toBeInstanceOf(Array)
    expect(Object.getPrototypeOf(copy.a[1])).toBe(Object.prototype)
  })

  it('tells plain objects of any realm from everything else', () => {
    expect(isPlainObject(new foreign.Object())).toBe(true)
    expect(isPlainObject(Object.create(null))).toBe(true)
    expect(isPlainObject(new foreign.Array())).toBe(false)
    expect(isPlainObject(new Date())).toBe(false)
    expect(isPlainObject(new (class Thing {})())).toBe(false)
    expect(isPlainObject(null)).toBe(false)
  })
})
