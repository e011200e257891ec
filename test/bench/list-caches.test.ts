/**
 * The caches the benchmarks led to (each record's JSON text, each page's bytes, a namespace's
 * visible repositories per caller) must never serve a stale page: every change a list shows
 * reaches it at once. Expected values come from the default dataset's definition (README: acme
 * has six repositories, three of them private; outsider may read acme/releases only).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY, uploadFile } from '../node/support.ts'

interface RepoJson {
  slug: string
  package_count: number
}
interface PackageJson {
  slug_perm: string
  tags: Record<string, string[]>
  is_sync_completed: boolean
  status_str: string
}

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const slugs = (repos: RepoJson[]) => repos.map((repo) => repo.slug).sort()

describe('list pages after a change', () => {
  it('show a repository created after the page was served, and drop it once deleted', async () => {
    const before = await call<RepoJson[]>('GET', '/v1/repos/acme/')
    expect(before.body).toHaveLength(6)
    expect((await call('POST', '/v1/repos/acme/', { json: { name: 'fresh' } })).status).toBe(201)
    const after = await call<RepoJson[]>('GET', '/v1/repos/acme/')
    expect(slugs(after.body)).toEqual(slugs([...before.body, { slug: 'fresh', package_count: 0 }]))
    expect(after.headers.get('X-Pagination-Count')).toBe('7')
    await call('DELETE', '/v1/repos/acme/fresh/')
    expect(slugs((await call<RepoJson[]>('GET', '/v1/repos/acme/')).body)).toEqual(
      slugs(before.body),
    )
  })

  it("count a deleted package out of its repository's package_count", async () => {
    const countOf = async () =>
      (await call<RepoJson[]>('GET', '/v1/repos/acme/')).body.find(
        (repo) => repo.slug === 'web-assets',
      )!.package_count
    const before = await countOf()
    const packages = await call<PackageJson[]>('GET', '/v1/packages/acme/web-assets/')
    const gone = packages.body[0]!.slug_perm
    expect((await call('DELETE', `/v1/packages/acme/web-assets/${gone}/`)).status).toBe(204)
    expect(await countOf()).toBe(before - 1)
    const again = await call<PackageJson[]>('GET', '/v1/packages/acme/web-assets/')
    expect(again.body.map((p) => p.slug_perm)).not.toContain(gone)
  })

  it('show a tag added after the page was served', async () => {
    const page = async () =>
      (await call<PackageJson[]>('GET', '/v1/packages/acme/web-assets/?page=1')).body
    const target = (await page())[0]!.slug_perm
    const tagged = await call('POST', `/v1/packages/acme/web-assets/${target}/tag/`, {
      json: { action: 'add', tags: ['fresh-tag'] },
    })
    expect(tagged.status).toBe(200)
    const shown = (await page()).find((p) => p.slug_perm === target)!
    expect(shown.tags.info).toContain('fresh-tag')
  })

  it('follow a membership written straight to the database: the caller sees what it now may', async () => {
    const seen = async () =>
      slugs((await call<RepoJson[]>('GET', '/v1/repos/acme/', { key: OUTSIDER_KEY })).body)
    // Public and open-source repositories, plus releases through outsider's Read privilege.
    expect(await seen()).toEqual(['java', 'python-libs', 'releases', 'web-assets'])
    await mock.db.memberships.insert({ org: 'acme', user: 'outsider', role: 'Owner' })
    expect(await seen()).toHaveLength(6)
  })

  it('are the seeded pages again after reset()', async () => {
    const first = await call<RepoJson[]>('GET', '/v1/repos/acme/')
    await call('POST', '/v1/repos/acme/', { json: { name: 'temporary' } })
    await mock.reset()
    expect((await call<RepoJson[]>('GET', '/v1/repos/acme/')).body).toEqual(first.body)
  })

  it('follow a sync as the clock moves, and again once it is set back (a page holds only while the time cannot change it)', async () => {
    const identifier = await uploadFile('acme', 'platform', 'clocked-1.0.0.tar.gz')
    const created = await call<PackageJson>('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: identifier },
    })
    expect(created.status).toBe(201)
    const shown = async () =>
      (await call<PackageJson[]>('GET', '/v1/packages/acme/platform/?sort=-date')).body.find(
        (p) => p.slug_perm === created.body.slug_perm,
      )!
    const start = mock.clock.now()
    // The mock's default sync: one step, 5 s of clock time (handlers/sync.ts SYNC_STEP_MS).
    expect(await shown()).toMatchObject({ is_sync_completed: false })
    expect(await shown()).toMatchObject({ is_sync_completed: false })
    mock.clock.advance(60_000)
    expect(await shown()).toMatchObject({ is_sync_completed: true, status_str: 'Completed' })
    mock.clock.set(start)
    expect(await shown()).toMatchObject({ is_sync_completed: false })
  })
})
