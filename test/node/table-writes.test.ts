/**
 * The tables' own writes (insert, update, remove, and rollback for reset()) store and drop
 * records in @msw/data's collection themselves rather than through its create and delete
 * (src/core/db/table.ts): the collection API must still see exactly the records the tables
 * hold, records that do not fit the schema must still be refused, and the caller's objects
 * must not become the stored (frozen) ones.
 */
import { describe, expect, it } from 'vitest'
import { buildDefaultDataset, createMock } from '../../src/index.ts'

const KEY = { 'X-Api-Key': 'demo-api-key' }
const API = 'https://api.cloudsmith.io/v1'

function send(mock: ReturnType<typeof createMock>, method: string, path: string, body?: unknown) {
  return mock.handle(
    new Request(`${API}${path}`, {
      method,
      headers: { ...KEY, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
}

async function newMock() {
  const mock = createMock({ dataset: buildDefaultDataset({ packageCount: 40 }) })
  await mock.ready()
  return mock
}

describe("the tables' own writes", () => {
  it('are what the collection API finds, and reset() undoes them', async () => {
    const mock = await newMock()
    const repos = mock.db.repositories
    const before = repos.collection.count()
    const [first, second] = repos.group('acme')
    const created = await repos.insert({
      ...first!,
      slug: 'table-writes',
      slug_perm: 'tw0000000001',
    })
    await repos.update(`acme/${second!.slug}`, (draft) => {
      draft.description = 'updated through the table'
    })
    repos.remove(`acme/${first!.slug}`)

    const find = (slug: string) =>
      repos.collection.findFirst((q) => q.where({ namespace: 'acme', slug }))
    expect(find('table-writes')).toBe(created)
    expect(find(second!.slug)).toBe(repos.get(`acme/${second!.slug}`))
    expect(find(second!.slug)!.description).toBe('updated through the table')
    expect(find(first!.slug)).toBeUndefined()
    expect(repos.collection.count()).toBe(before)
    expect(repos.verify('repositories')).toEqual([])

    await mock.reset()
    expect(find('table-writes')).toBeUndefined()
    expect(find(first!.slug)).toEqual(first)
    expect(find(second!.slug)).toEqual(second)
    expect(repos.collection.count()).toBe(before)
    expect(repos.verify('repositories')).toEqual([])
  })

  it('refuse a record that does not fit the schema and leave the stored one', async () => {
    const mock = await newMock()
    const repos = mock.db.repositories
    const [repo] = repos.group('acme')
    const count = repos.collection.count()
    const errors: unknown[] = []
    const log = console.error
    console.error = (...args: unknown[]) => errors.push(args)
    try {
      await expect(repos.insert({ ...repo!, slug: 'bad', name: '' })).rejects.toThrow(
        /does not match the schema/,
      )
      await expect(
        repos.update(`acme/${repo!.slug}`, (draft) => {
          draft.num_downloads = -1
        }),
      ).rejects.toThrow(/does not match the schema/)
    } finally {
      console.error = log
    }
    // @msw/data logs the schema's issues before it throws, as it always did.
    expect(errors).toHaveLength(2)
    expect(repos.has('acme/bad')).toBe(false)
    expect(repos.get(`acme/${repo!.slug}`)).toBe(repo)
    expect(repos.collection.count()).toBe(count)
    expect(repos.verify('repositories')).toEqual([])
  })

  it("store a copy: the caller's objects stay unfrozen and later changes are not served", async () => {
    const mock = await newMock()
    const settings = { index_files: true, nested: { list: [1, 2] } }
    const response = await send(mock, 'POST', '/repos/acme/', { name: 'Copied', ...settings })
    expect(response.status).toBe(201)
    const values = { ...mock.db.repositories.get('acme/copied')!, slug: 'by-hand', settings }
    await mock.db.repositories.insert(values)
    expect(Object.isFrozen(settings)).toBe(false)
    expect(Object.isFrozen(settings.nested.list)).toBe(false)
    settings.nested.list.push(3)
    expect(mock.db.repositories.get('acme/by-hand')!.settings).toEqual({
      index_files: true,
      nested: { list: [1, 2] },
    })
    expect(Object.isFrozen(mock.db.repositories.get('acme/by-hand')!.settings.nested)).toBe(true)
  })

  it('keep the collection in step over HTTP creates, updates and deletes', async () => {
    const mock = await newMock()
    const repos = mock.db.repositories
    const count = repos.collection.count()
    for (let round = 0; round < 3; round++) {
      const created = await send(mock, 'POST', '/repos/acme/', { name: `Round ${round}` })
      expect(created.status).toBe(201)
      const { slug } = (await created.json()) as { slug: string }
      const patched = await send(mock, 'PATCH', `/repos/acme/${slug}/`, { description: 'x' })
      expect(patched.status).toBe(200)
      expect(repos.collection.findFirst((q) => q.where({ slug }))!.description).toBe('x')
      expect((await send(mock, 'DELETE', `/repos/acme/${slug}/`)).status).toBe(200)
      expect(repos.collection.findFirst((q) => q.where({ slug }))).toBeUndefined()
    }
    expect(repos.collection.count()).toBe(count)
    expect(repos.collection.count()).toBe(repos.size)
    expect(repos.verify('repositories')).toEqual([])
  })

  it("take a deleted repository's uploads with it, and only those", async () => {
    const mock = await newMock()
    const identifiers: Record<string, string> = {}
    for (const repo of ['platform', 'releases']) {
      const response = await send(mock, 'POST', `/files/acme/${repo}/`, { filename: 'a.txt' })
      expect(response.status).toBe(202)
      identifiers[repo] = ((await response.json()) as { identifier: string }).identifier
    }
    expect((await send(mock, 'DELETE', '/repos/acme/platform/')).status).toBe(200)
    expect(mock.db.uploads.get(identifiers.platform!)).toBeUndefined()
    expect(mock.db.uploads.get(identifiers.releases!)?.repository).toBe('releases')
    expect(mock.db.uploads.verify('uploads')).toEqual([])
  })
})
