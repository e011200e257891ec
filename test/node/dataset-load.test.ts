/**
 * A dataset given to createMock is stored as the mock's own copy (src/core/db/trusted-copy.ts):
 * the schema's fields only, the caller's objects left as they were, and records that the
 * tables and @msw/data's collection API change, delete and restore like any other.
 */
import { describe, expect, it } from 'vitest'
import { buildDefaultDataset, createMock } from '../../src/index.ts'

const KEY = { 'X-Api-Key': 'demo-api-key' }

async function getJson(mock: ReturnType<typeof createMock>, path: string) {
  const response = await mock.handle(
    new Request(`https://api.cloudsmith.io/v1${path}`, { headers: KEY }),
  )
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

describe('a dataset loaded by createMock', () => {
  it('keeps only the fields of the data model, as a schema parse does', async () => {
    const dataset = buildDefaultDataset({ packageCount: 40 })
    const first = dataset.packages[0]!
    const withExtras = {
      ...first,
      not_a_field: 'dropped',
      files: first.files.map((file) => ({ ...file, stray: 1 })),
      sync: { ...first.sync, stray: true },
    }
    dataset.packages[0] = withExtras as typeof first
    const mock = createMock({ dataset })
    await mock.ready()
    const stored = mock.db.packages.get(first.slug_perm)!
    expect(Object.keys(stored)).toEqual(Object.keys(first))
    expect(Object.keys(stored.files[0]!)).toEqual(Object.keys(first.files[0]!))
    expect(Object.keys(stored.sync)).toEqual(Object.keys(first.sync))
    expect(stored).toEqual(first)
  })

  it("leaves the caller's objects unfrozen, and later changes to them are not served", async () => {
    const dataset = buildDefaultDataset({ packageCount: 40 })
    const pkg = dataset.packages.find((p) => p.namespace === 'acme')!
    const mock = createMock({ dataset })
    await mock.ready()
    expect(Object.isFrozen(pkg)).toBe(false)
    expect(Object.isFrozen(pkg.tags)).toBe(false)
    const name = pkg.name
    const tags = { ...pkg.tags }
    pkg.name = 'changed-by-the-caller'
    pkg.tags.info = ['caller-tag']
    const answer = await getJson(mock, `/packages/acme/${pkg.repository}/${pkg.slug_perm}/`)
    expect(answer.status).toBe(200)
    expect(answer.body.name).toBe(name)
    expect(mock.db.packages.get(pkg.slug_perm)!.tags).toEqual(tags)
  })

  it('serves records changed and deleted through the collection API, and reset() undoes it', async () => {
    const mock = createMock({ dataset: buildDefaultDataset({ packageCount: 40 }) })
    await mock.ready()
    const [a, b] = mock.db.packages.group('acme/web-assets')
    const tags = a!.tags
    await mock.db.packages.collection.update((q) => q.where({ slug_perm: a!.slug_perm }), {
      data(draft) {
        draft.tags = { info: ['through-collection'] }
      },
    })
    mock.db.packages.collection.delete((q) => q.where({ slug_perm: b!.slug_perm }))
    const changed = await getJson(mock, `/packages/acme/web-assets/${a!.slug_perm}/`)
    expect(changed.body.tags).toEqual({ info: ['through-collection'] })
    expect((await getJson(mock, `/packages/acme/web-assets/${b!.slug_perm}/`)).status).toBe(404)
    expect(Object.isFrozen(mock.db.packages.get(a!.slug_perm)!.tags)).toBe(true)

    await mock.reset()
    expect(mock.db.packages.get(a!.slug_perm)!.tags).toEqual(tags)
    expect((await getJson(mock, `/packages/acme/web-assets/${b!.slug_perm}/`)).status).toBe(200)
    expect(mock.db.packages.verify('packages')).toEqual([])
  })
})
