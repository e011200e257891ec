import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package, PackageRecord, PackageStatus } from '../../src/index.ts'
import { call, OUTSIDER_KEY, uploadFile, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const list = (repo: string, search = '') =>
  call<Package[]>('GET', `/v1/packages/acme/${repo}/${search ? `?${search}` : ''}`)

/** Every package of a repository, through the API (page_size is clamped at 500). */
async function all(repo: string, search = ''): Promise<Package[]> {
  const reply = await list(repo, `page_size=500${search ? `&${search}` : ''}`)
  expect(reply.status).toBe(200)
  return reply.body
}

/** A fully synchronised fixture package of `format` in acme/`repo`, as the data holds it. */
function fixture(repo: string, format: string): PackageRecord {
  const found = mock.db.packages
    .group(`acme/${repo}`)
    .find((p) => p.format === format && p.sync.outcome === 'completed' && !p.quarantined)
  if (!found) throw new Error(`no ${format} package in acme/${repo}`)
  return found
}

const tagsOf = (pkg: Package) => Object.values(pkg.tags ?? {}).flat()

describe('packages_list', () => {
  it('lists bare Package objects of one repository, newest first by default', async () => {
    const packages = await all('platform')
    expect(packages).toHaveLength(mock.db.packages.groupSize('acme/platform'))
    for (const pkg of packages)
      expect(pkg).toMatchObject({ namespace: 'acme', repository: 'platform' })
    const dates = packages.map((p) => Date.parse(p.uploaded_at!))
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
  })

  it.each<[string, (p: Package) => unknown]>([
    ['name', (p) => p.name],
    ['-name', (p) => p.name],
    ['version', (p) => p.version],
    ['size', (p) => p.size],
    ['-downloads', (p) => p.downloads],
  ])('sorts by %s', async (sort, read) => {
    const packages = await all('platform', `sort=${sort}`)
    const values = packages.map(read)
    const compare = (a: unknown, b: unknown) =>
      typeof a === 'number'
        ? a - (b as number)
        : String(a).localeCompare(String(b), 'en', { numeric: true })
    const expected = [...values].sort(sort.startsWith('-') ? (a, b) => compare(b, a) : compare)
    expect(values).toEqual(expected)
  })

  it('responds 422 naming sort for an unknown sort field', async () => {
    const reply = await call<ErrorReply>('GET', '/v1/packages/acme/platform/?sort=colour')
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['sort'])
  })

  it('searches by format: only that format, and all of it', async () => {
    const debs = await all('platform', 'query=format:deb')
    const expected = mock.db.packages.group('acme/platform').filter((p) => p.format === 'deb')
    expect(debs.length).toBe(expected.length)
    expect(new Set(debs.map((p) => p.format))).toEqual(new Set(['deb']))
  })

  it('searches by name and by version', async () => {
    const target = fixture('platform', 'npm')
    const byName = await all('platform', `query=${encodeURIComponent(`name:${target.name}`)}`)
    expect(byName.map((p) => p.slug_perm)).toContain(target.slug_perm)
    for (const pkg of byName) expect(pkg.name).toContain(target.name)
    const byVersion = await all('platform', `query=version:${target.version}`)
    expect(byVersion.map((p) => p.slug_perm)).toContain(target.slug_perm)
    for (const pkg of byVersion) expect(pkg.version).toBe(target.version)
    const both = await all(
      'platform',
      `query=${encodeURIComponent(`name:${target.name} version:${target.version}`)}`,
    )
    expect(both.map((p) => p.slug_perm)).toEqual([target.slug_perm])
  })

  it('searches by tag', async () => {
    const tagged = await all('platform', 'query=tag:latest')
    const expected = mock.db.packages
      .group('acme/platform')
      .filter((p) => Object.values(p.tags).flat().includes('latest'))
    expect(expected.length).toBeGreaterThan(0)
    expect(tagged.map((p) => p.slug_perm).sort()).toEqual(expected.map((p) => p.slug_perm).sort())
  })

  it('matches tag: as "contains", as Cloudsmith documents (tag:lat finds latest)', async () => {
    const partial = await all('platform', 'query=tag:lat')
    const whole = await all('platform', 'query=tag:latest')
    expect(whole.length).toBeGreaterThan(0)
    expect(partial.map((p) => p.slug_perm).sort()).toEqual(whole.map((p) => p.slug_perm).sort())
    expect(await all('platform', `query=${encodeURIComponent('tag:^lat$')}`)).toEqual([])
  })

  it('anchors a term with ^ and $ (name:^acme/ finds docker images, not @acme/ npm packages)', async () => {
    // Fixture shapes: npm packages are named @acme/<base>, docker images acme/<base>.
    const contains = await all('platform', `query=${encodeURIComponent('name:acme/')}`)
    expect(new Set(contains.map((p) => p.format))).toEqual(new Set(['npm', 'docker']))
    const anchored = await all('platform', `query=${encodeURIComponent('name:^acme/')}`)
    expect(anchored.length).toBeGreaterThan(0)
    expect(new Set(anchored.map((p) => p.format))).toEqual(new Set(['docker']))

    const target = fixture('platform', 'raw')
    const exact = await all('platform', `query=${encodeURIComponent(`name:^${target.name}$`)}`)
    expect(exact.map((p) => p.name)).toEqual(
      mock.db.packages
        .group('acme/platform')
        .filter((p) => p.name === target.name)
        .map((p) => p.name),
    )
  })

  it('searches by status: awaiting, completed, failed and quarantined partition the repository', async () => {
    const identifier = await uploadFile('acme', 'platform', 'fresh-1.0.0.tar.gz')
    const created = await call<Package>('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: identifier },
    })
    const seeded = mock.db.packages
      .group('acme/platform')
      .filter((p) => p.slug_perm !== created.body.slug_perm)
    const perms = (packages: { slug_perm?: string }[]) => packages.map((p) => p.slug_perm).sort()
    const expected = {
      awaiting: [created.body],
      failed: seeded.filter((p) => p.sync.outcome === 'failed'),
      quarantined: seeded.filter((p) => p.quarantined),
      completed: seeded.filter((p) => p.sync.outcome === 'completed' && !p.quarantined),
    }
    expect(expected.completed.length).toBeGreaterThan(0)
    for (const [word, packages] of Object.entries(expected)) {
      const found = await all('platform', `query=status:${word}`)
      expect(perms(found), word).toEqual(perms(packages))
    }
    const inFlight = await all('platform', 'query=status:in_progress')
    expect(inFlight).toEqual([])
  })

  it('negates a term with ~', async () => {
    const notDeb = await all('platform', `query=${encodeURIComponent('~format:deb')}`)
    const debs = await all('platform', 'query=format:deb')
    expect(notDeb.length + debs.length).toBe(mock.db.packages.groupSize('acme/platform'))
    expect(notDeb.some((p) => p.format === 'deb')).toBe(false)
  })

  it('responds 422 naming query for an unknown search field', async () => {
    const reply = await call<ErrorReply>('GET', '/v1/packages/acme/platform/?query=colour:red')
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['query'])
  })

  it.each([
    ['demo listing outsider/secret', 404, '/v1/packages/outsider/secret/', undefined],
    ['anonymous listing acme/platform', 401, '/v1/packages/acme/platform/', null],
    ['anyone listing an unknown repository', 404, '/v1/packages/acme/nope/', undefined],
  ])('responds to %s with %i', async (_case, status, path, key) => {
    expect((await call('GET', path, { key })).status).toBe(status)
  })
})

describe('packages_read', () => {
  it('reads a package by slug_perm and by slug', async () => {
    const target = fixture('platform', 'python')
    const byPerm = await call<Package>('GET', `/v1/packages/acme/platform/${target.slug_perm}/`)
    expect(byPerm.status).toBe(200)
    expect(byPerm.body).toMatchObject({
      slug_perm: target.slug_perm,
      identifier_perm: target.slug_perm,
      slug: target.slug,
      name: target.name,
      version: target.version,
      format: 'python',
      namespace: 'acme',
      repository: 'platform',
      self_url: `https://api.cloudsmith.io/packages/acme/platform/${target.slug_perm}/`,
      status_url: `https://api.cloudsmith.io/packages/acme/platform/${target.slug_perm}/status/`,
      is_sync_completed: true,
      status_str: 'Completed',
      stage_str: 'Fully Synchronised',
      sync_progress: 100,
    })
    const bySlug = await call<Package>('GET', `/v1/packages/acme/platform/${target.slug}/`)
    expect(bySlug.status).toBe(200)
    expect(bySlug.body).toEqual(byPerm.body)
  })

  it('responds 404 to a package addressed through another repository', async () => {
    const target = fixture('platform', 'raw')
    const reply = await call('GET', `/v1/packages/acme/web-assets/${target.slug_perm}/`)
    expect(reply.status).toBe(404)
  })

  it('hides packages of outsider/secret from demo (404) and from anonymous callers (401)', async () => {
    const secret = mock.db.packages.group('outsider/secret')[0]!
    const path = `/v1/packages/outsider/secret/${secret.slug_perm}/`
    expect((await call('GET', path)).status).toBe(404)
    expect((await call('GET', path, { key: null })).status).toBe(401)
    expect((await call('GET', path, { key: OUTSIDER_KEY })).status).toBe(200)
  })
})

describe('packages_delete', () => {
  it('deletes a package (204, no body); reading it again is a 404', async () => {
    const target = fixture('platform', 'maven')
    const path = `/v1/packages/acme/platform/${target.slug_perm}/`
    const reply = await call('DELETE', path)
    expect(reply.status).toBe(204)
    expect(reply.body).toBeNull()
    expect((await call('GET', path)).status).toBe(404)
  })

  it('responds 403 to the outsider deleting in acme/releases, which it can only read', async () => {
    const target = fixture('releases', 'deb')
    const path = `/v1/packages/acme/releases/${target.slug_perm}/`
    const reply = await call<ErrorReply>('DELETE', path, { key: OUTSIDER_KEY })
    expect(reply.status).toBe(403)
    expect(reply.body.detail).toBe('You do not have permission to perform this action.')
    expect((await call('GET', path)).status).toBe(200)
  })
})

describe('packages_copy and packages_move', () => {
  it('copies a package into another repository as a new package (200)', async () => {
    const source = fixture('platform', 'raw')
    const copy = await call<Package>(
      'POST',
      `/v1/packages/acme/platform/${source.slug_perm}/copy/`,
      {
        json: { destination: 'releases' },
      },
    )
    expect(copy.status).toBe(200)
    expect(copy.body).toMatchObject({
      repository: 'releases',
      namespace: 'acme',
      name: source.name,
      version: source.version,
      filename: source.filename,
    })
    expect(copy.body.slug_perm).not.toBe(source.slug_perm)
    const read = await call('GET', `/v1/packages/acme/releases/${copy.body.slug_perm}/`)
    expect(read.status).toBe(200)
    expect((await call('GET', `/v1/packages/acme/platform/${source.slug_perm}/`)).status).toBe(200)
  })

  it('moves a package: it answers in the destination and no longer in the source', async () => {
    const source = fixture('platform', 'rpm')
    const moved = await call<Package>(
      'POST',
      `/v1/packages/acme/platform/${source.slug_perm}/move/`,
      {
        json: { destination: 'releases' },
      },
    )
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ slug_perm: source.slug_perm, repository: 'releases' })
    expect((await call('GET', `/v1/packages/acme/releases/${source.slug_perm}/`)).status).toBe(200)
    expect((await call('GET', `/v1/packages/acme/platform/${source.slug_perm}/`)).status).toBe(404)
  })

  it.each(['copy', 'move'])('responds 422 naming destination when %s has none', async (action) => {
    const source = fixture('platform', 'raw')
    const reply = await call<ErrorReply>(
      'POST',
      `/v1/packages/acme/platform/${source.slug_perm}/${action}/`,
      {
        json: {},
      },
    )
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['destination'])
  })

  it('responds 422 naming destination when it does not exist', async () => {
    const source = fixture('platform', 'raw')
    const reply = await call<ErrorReply>(
      'POST',
      `/v1/packages/acme/platform/${source.slug_perm}/copy/`,
      {
        json: { destination: 'no-such-repo' },
      },
    )
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['destination'])
  })

  it('answers a destination the caller cannot see like one that does not exist (422)', async () => {
    // The outsider reads acme/releases but cannot see acme/platform: its existence must not leak.
    const source = fixture('releases', 'raw')
    const copyTo = (destination: string) =>
      call<ErrorReply>('POST', `/v1/packages/acme/releases/${source.slug_perm}/copy/`, {
        key: OUTSIDER_KEY,
        json: { destination },
      })
    const hidden = await copyTo('platform')
    const missing = await copyTo('no-such-repo')
    expect(hidden.status).toBe(422)
    expect(missing.status).toBe(422)
    expect(Object.keys(hidden.body.fields ?? {})).toEqual(['destination'])
  })

  it('responds 403 to a copy into a repository the caller can read but not write', async () => {
    const source = fixture('releases', 'raw')
    const reply = await call('POST', `/v1/packages/acme/releases/${source.slug_perm}/copy/`, {
      key: OUTSIDER_KEY,
      json: { destination: 'web-assets' },
    })
    expect(reply.status).toBe(403)
  })

  it.each(['copy', 'move'])(
    'responds 400 to %s of a package whose sync has not completed',
    async (action) => {
      const identifier = await uploadFile('acme', 'platform', 'pending-2.0.0.tar.gz')
      const created = await call<Package>('POST', '/v1/packages/acme/platform/upload/raw/', {
        json: { package_file: identifier },
      })
      expect(created.body.is_sync_completed).toBe(false)
      const reply = await call<ErrorReply>(
        'POST',
        `/v1/packages/acme/platform/${created.body.slug_perm}/${action}/`,
        {
          json: { destination: 'releases' },
        },
      )
      expect(reply.status).toBe(400)
      expect(reply.body.detail).toEqual(expect.any(String))
    },
  )
})

describe('packages_resync', () => {
  it('restarts the sync of a completed package (200); a status poll completes it again', async () => {
    const source = fixture('platform', 'helm')
    const base = `/v1/packages/acme/platform/${source.slug_perm}/`
    const resynced = await call<Package>('POST', `${base}resync/`)
    expect(resynced.status).toBe(200)
    expect(resynced.body).toMatchObject({ slug_perm: source.slug_perm, is_sync_completed: false })
    const status = await call<PackageStatus>('GET', `${base}status/`)
    expect(status.body.is_sync_completed).toBe(true)
  })

  it('responds 400 to a resync while the sync is still in flight', async () => {
    const identifier = await uploadFile('acme', 'platform', 'busy-0.1.0.tar.gz')
    const created = await call<Package>('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: identifier },
    })
    const reply = await call('POST', `/v1/packages/acme/platform/${created.body.slug_perm}/resync/`)
    expect(reply.status).toBe(400)
  })
})

describe('packages_tag', () => {
  const tag = (slugPerm: string, json: unknown) =>
    call<Package>('POST', `/v1/packages/acme/platform/${slugPerm}/tag/`, { json })

  it('adds, replaces, removes and clears tags with the lower-case actions the CLI sends', async () => {
    const { slug_perm } = fixture('platform', 'docker')
    const added = await tag(slug_perm, { action: 'add', tags: ['beta', 'qa'] })
    expect(added.status).toBe(200)
    expect(tagsOf(added.body)).toEqual(expect.arrayContaining(['beta', 'qa']))

    const replaced = await tag(slug_perm, { action: 'replace', tags: ['stable'] })
    expect(tagsOf(replaced.body)).toContain('stable')
    expect(tagsOf(replaced.body)).not.toContain('beta')

    const removed = await tag(slug_perm, { action: 'remove', tags: ['stable'] })
    expect(tagsOf(removed.body)).not.toContain('stable')

    await tag(slug_perm, { action: 'add', tags: ['again'] })
    const cleared = await tag(slug_perm, { action: 'clear' })
    expect(tagsOf(cleared.body)).toEqual([])
  })

  it('accepts the capitalised actions of the document too, Add being the default', async () => {
    const { slug_perm } = fixture('platform', 'npm')
    expect(tagsOf((await tag(slug_perm, { action: 'Add', tags: ['x1'] })).body)).toContain('x1')
    expect(tagsOf((await tag(slug_perm, { tags: ['x2'] })).body)).toContain('x2')
  })

  it('keeps immutable tags apart', async () => {
    const { slug_perm } = fixture('platform', 'npm')
    const added = await tag(slug_perm, { action: 'add', tags: ['pinned'], is_immutable: true })
    expect(Object.values(added.body.tags_immutable ?? {}).flat()).toContain('pinned')
  })

  it('responds 422 naming action for an unknown action', async () => {
    const { slug_perm } = fixture('platform', 'npm')
    const reply = await call<ErrorReply>('POST', `/v1/packages/acme/platform/${slug_perm}/tag/`, {
      json: { action: 'explode', tags: ['x'] },
    })
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['action'])
  })

  it('responds 403 to the outsider tagging in acme/releases', async () => {
    const { slug_perm } = fixture('releases', 'raw')
    const reply = await call('POST', `/v1/packages/acme/releases/${slug_perm}/tag/`, {
      key: OUTSIDER_KEY,
      json: { action: 'add', tags: ['mine'] },
    })
    expect(reply.status).toBe(403)
  })
})

describe('packages_status', () => {
  it('answers the PackageStatus fields of a synchronised package', async () => {
    const { slug_perm } = fixture('platform', 'deb')
    const status = await call<PackageStatus>(
      'GET',
      `/v1/packages/acme/platform/${slug_perm}/status/`,
    )
    expect(status.status).toBe(200)
    expect(status.body).toMatchObject({
      self_url: `https://api.cloudsmith.io/packages/acme/platform/${slug_perm}/`,
      status: 4,
      status_str: 'Completed',
      stage: 9,
      stage_str: 'Fully Synchronised',
      sync_progress: 100,
      is_sync_completed: true,
      is_sync_failed: false,
      is_sync_awaiting: false,
      is_sync_in_progress: false,
    })
  })

  it('answers by slug as the CLI polls it', async () => {
    const { slug } = fixture('platform', 'deb')
    expect((await call('GET', `/v1/packages/acme/platform/${slug}/status/`)).status).toBe(200)
  })
})

describe('packages_quarantine', () => {
  it('quarantines a package and releases it again', async () => {
    const { slug_perm } = fixture('platform', 'python')
    const base = `/v1/packages/acme/platform/${slug_perm}/`
    const quarantined = await call<Package>('POST', `${base}quarantine/`, { json: {} })
    expect(quarantined.status).toBe(200)
    expect(quarantined.body).toMatchObject({ is_quarantined: true, status_str: 'Quarantined' })
    const released = await call<Package>('POST', `${base}quarantine/`, { json: { release: true } })
    expect(released.status).toBe(200)
    expect(released.body).toMatchObject({ is_quarantined: false, status_str: 'Completed' })
  })

  it('responds 403 to the outsider and 401 to anonymous callers', async () => {
    const { slug_perm } = fixture('releases', 'rpm')
    const path = `/v1/packages/acme/releases/${slug_perm}/quarantine/`
    expect((await call('POST', path, { key: OUTSIDER_KEY, json: {} })).status).toBe(403)
    expect((await call('POST', path, { key: null, json: {} })).status).toBe(401)
  })
})
