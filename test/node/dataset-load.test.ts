/**
 * A dataset given to createMock is stored as the mock's own copy (src/core/db/trusted-copy.ts):
 * the schema's fields only, the caller's objects left as they were, and records that the
 * tables and @msw/data's collection API change, delete and restore like any other.
 */
import { describe, expect, it } from 'vitest'
import { buildDefaultDataset, buildPreset, createMock } from '../../src/index.ts'

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

describe('a preset, stored table by table on first use', () => {
  const listPath = '/packages/acme/web-assets/?page_size=5&sort=-date'
  const sameData = (a: ReturnType<typeof createMock>, b: ReturnType<typeof createMock>) => {
    expect(a.snapshot()).toEqual(b.snapshot())
    // Every table's indexes agree with its collection (keys, aliases, groups and totals).
    for (const name of Object.keys(a.db.counts()) as 'packages'[])
      expect(a.db[name].verify(name)).toEqual([])
  }

  it('answers, writes, snapshots and resets as the same data given eagerly', async () => {
    // A preset is the mock's own (loaded lazily); the same records as `dataset` are the
    // caller's (stored at once).
    const lazy = createMock({ seed: 7, preset: 'default' })
    const eager = createMock({ dataset: buildPreset('default', { seed: 7 }), seed: 7 })
    expect(await getJson(lazy, listPath)).toEqual(await getJson(eager, listPath))
    expect(await getJson(lazy, '/repos/acme/')).toEqual(await getJson(eager, '/repos/acme/'))
    const made = await lazy.given.package({ repository: 'acme/web-assets', format: 'npm' })
    const twin = await eager.given.package({ repository: 'acme/web-assets', format: 'npm' })
    expect(made).toEqual(twin)
    expect(lazy.db.packages.get(made.slug_perm)!.created_seq).toBe(
      eager.db.packages.get(twin.slug_perm)!.created_seq,
    )
    sameData(lazy, eager)
    await Promise.all([lazy.reset(), eager.reset()])
    expect(lazy.db.packages.get(made.slug_perm)).toBeUndefined()
    sameData(lazy, eager)
  })

  it('reset() and commit() before any table was read leave the seeded data', async () => {
    const eager = createMock({ dataset: buildPreset('default', { seed: 7 }), seed: 7 })
    const lazy = createMock({ seed: 7 })
    await lazy.ready()
    await lazy.reset()
    lazy.commit()
    await lazy.reset()
    expect(lazy.db.packages.collection.count()).toBe(eager.db.packages.collection.count())
    expect((await lazy.changes()).snapshot).toEqual(eager.snapshot())
    // Written first, then undone: back to the seeded records, not to an empty table (the
    // twin does the same: a record put back goes last in the table's order).
    const key = eager.db.packages.all()[0]!.slug_perm
    for (const mock of [lazy, eager]) {
      expect(mock.db.packages.remove(key)?.slug_perm).toBe(key)
      await mock.reset()
    }
    sameData(lazy, eager)
  })

  it('counts each table before any was read, as the same data given eagerly', async () => {
    // The server's banner counts every table at start; the lazy ones count without loading.
    const eager = createMock({ dataset: buildPreset('default', { seed: 7 }), seed: 7 })
    const lazy = createMock({ seed: 7 })
    await Promise.all([lazy.ready(), eager.ready()])
    expect(lazy.db.counts()).toEqual(eager.db.counts())
    expect(lazy.db.counts().packages).toBe(buildPreset('default', { seed: 7 }).packages.length)
    sameData(lazy, eager)
  })
})
