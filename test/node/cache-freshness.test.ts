/**
 * List pages and record texts are cached per mock (src/core/response-cache.ts), on the
 * assumption that a record changes only through its table. Every public way to reach a stored
 * record must therefore refuse an edit in place (records are frozen), and every write through
 * the data layer must show on the next page. Expected values come from the default dataset
 * (README: acme/web-assets holds packages; demo may read acme's repositories).
 */
import { describe, expect, it } from 'vitest'
import { createMock, type CloudsmithMock } from '../../src/index.ts'
import { DEMO_KEY } from './support.ts'

const API = 'https://api.cloudsmith.io/v1'

interface PackageJson {
  slug_perm: string
  name: string
  tags: Record<string, string[]>
}
interface RepoJson {
  slug: string
  description: string
}

async function list<T>(mock: CloudsmithMock, path: string): Promise<T[]> {
  const response = await mock.handle(
    new Request(`${API}${path}`, { headers: { 'X-Api-Key': DEMO_KEY } }),
  )
  expect(response.status).toBe(200)
  return (await response.json()) as T[]
}

const packagesOf = (mock: CloudsmithMock) =>
  list<PackageJson>(mock, '/packages/acme/web-assets/?page_size=500')
const nameIn = async (mock: CloudsmithMock, slugPerm: string) =>
  (await packagesOf(mock)).find((p) => p.slug_perm === slugPerm)?.name

async function loaded(mock: CloudsmithMock) {
  await mock.handle(new Request(`${API}/user/self/`, { headers: { 'X-Api-Key': DEMO_KEY } }))
  return mock
}

describe('stored records cannot be edited in place', () => {
  it('throws a TypeError through every public way to a record, and the page stays true', async () => {
    const mock = await loaded(createMock({ seed: 1 }))
    const first = mock.db.packages.group('acme/web-assets')[0]!
    const key = first.slug_perm
    const before = await nameIn(mock, key)
    expect(before).toBe(first.name)

    const reach = {
      'db.packages.get()': () => mock.db.packages.get(key)!,
      'db.packages.all()': () => mock.db.packages.all().find((p) => p.slug_perm === key)!,
      'db.packages.group()': () => mock.db.packages.group('acme/web-assets')[0]!,
      'db.findPackage()': () => mock.db.findPackage('acme', 'web-assets', key)!,
      'db.packages.view()': () =>
        mock.db.packages.view('acme/web-assets', 'test', (all) => all)[0]!,
      'db.packages.collection.findFirst()': () =>
        mock.db.packages.collection.findFirst((q) => q.where({ slug_perm: key }))!,
      'db.packages.collection.all()': () =>
        mock.db.packages.collection.all().find((p) => p.slug_perm === key)!,
    }
    for (const [path, record] of Object.entries(reach)) {
      expect(() => {
        record().name = 'edited-in-place'
      }, path).toThrow(TypeError)
      expect(() => {
        record().tags.info = ['edited-in-place']
      }, `${path} (nested)`).toThrow(TypeError)
      expect(() => {
        ;(record().tags.info ??= []).push('edited-in-place')
      }, `${path} (nested array)`).toThrow(TypeError)
      expect(await nameIn(mock, key), path).toBe(before)
    }
    // A repository reached through its alias, and a membership, too.
    const repo = mock.db.repositories.byAlias(
      mock.db.findRepository('acme', 'web-assets')!.slug_perm,
    )!
    expect(() => {
      repo.description = 'edited-in-place'
    }).toThrow(TypeError)
    expect(() => {
      mock.db.memberships.all()[0]!.role = 'Owner'
    }).toThrow(TypeError)
  })

  it('leaves records returned by writes and snapshots as documented', async () => {
    const mock = await loaded(createMock({ seed: 1 }))
    const key = mock.db.packages.group('acme/web-assets')[0]!.slug_perm
    const updated = (await mock.db.packages.update(key, (draft) => {
      draft.name = 'renamed'
    }))!
    expect(() => {
      updated.name = 'again'
    }).toThrow(TypeError)
    // A snapshot is the caller's copy: editing it touches nothing stored.
    const copy = mock.snapshot().dataset.packages.find((p) => p.slug_perm === key)!
    copy.name = 'copy-only'
    expect(await nameIn(mock, key)).toBe('renamed')
  })
})

describe('list pages after writes through the data layer', () => {
  it('show table.update, collection.update, insert and remove at once', async () => {
    const mock = await loaded(createMock({ seed: 1 }))
    const [a, b] = mock.db.packages.group('acme/web-assets')
    expect(await packagesOf(mock)).toHaveLength(mock.db.packages.groupSize('acme/web-assets'))

    await mock.db.packages.update(a!.slug_perm, (draft) => {
      draft.name = 'through-table-update'
    })
    expect(await nameIn(mock, a!.slug_perm)).toBe('through-table-update')

    await mock.db.packages.collection.update((q) => q.where({ slug_perm: b!.slug_perm }), {
      data(draft) {
        draft.name = 'through-collection-update'
      },
    })
    expect(await nameIn(mock, b!.slug_perm)).toBe('through-collection-update')
    // The record the collection now stores is the one the table hands out, frozen too.
    const stored = mock.db.packages.collection.findFirst((q) =>
      q.where({ slug_perm: b!.slug_perm }),
    )!
    expect(stored).toBe(mock.db.packages.get(b!.slug_perm))
    expect(() => {
      stored.name = 'edited-in-place'
    }).toThrow(TypeError)
    expect(mock.db.packages.verify('packages')).toEqual([])

    const copy = { ...mock.snapshot().dataset.packages.find((p) => p.slug_perm === a!.slug_perm)! }
    await mock.db.packages.insert({ ...copy, slug_perm: 'insertedPerm1', name: 'inserted' })
    expect(await nameIn(mock, 'insertedPerm1')).toBe('inserted')

    mock.db.packages.remove('insertedPerm1')
    expect(await nameIn(mock, 'insertedPerm1')).toBeUndefined()

    await mock.reset()
    expect(await nameIn(mock, a!.slug_perm)).toBe(a!.name)
    expect(await nameIn(mock, b!.slug_perm)).toBe(b!.name)
  })

  it('follow every table a repository list reads: repositories, packages, memberships', async () => {
    const mock = await loaded(createMock({ seed: 1 }))
    const platform = () => list<RepoJson>(mock, '/repos/acme/?page_size=100')
    const first = (await platform())[0]!
    await mock.db.repositories.update(`acme/${first.slug}`, (draft) => {
      draft.description = 'fresh description'
    })
    expect((await platform())[0]!.description).toBe('fresh description')
    // demo's own list shows acme's repositories through demo's membership: gone with it.
    const mine = async () => (await list<RepoJson>(mock, '/repos/?page_size=100')).length
    const withMembership = await mine()
    mock.db.memberships.remove('acme/demo')
    expect(await mine()).toBeLessThan(withMembership)
  })
})

describe('two mocks in one process', () => {
  it('share no cached page, even at equal table versions', async () => {
    const one = await loaded(createMock({ seed: 1 }))
    const two = await loaded(createMock({ seed: 1 }))
    const key = one.db.packages.group('acme/web-assets')[0]!.slug_perm
    expect(await nameIn(one, key)).toBe(await nameIn(two, key))
    // One write each: every table's version is the same in both mocks, the data is not.
    await one.db.packages.update(key, (draft) => {
      draft.name = 'only-in-one'
    })
    await two.db.packages.update(key, (draft) => {
      draft.name = 'only-in-two'
    })
    expect(await nameIn(one, key)).toBe('only-in-one')
    expect(await nameIn(two, key)).toBe('only-in-two')
    expect(await nameIn(one, key)).toBe('only-in-one')
  })
})
