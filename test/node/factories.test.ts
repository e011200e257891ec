/**
 * `mock.given`: each factory's answer is checked against what the API itself answers for the
 * record afterwards (real fetch through setupMockServer), so "what the API would answer" is
 * measured, not assumed. Sync states follow handlers/sync.ts' published status numbers
 * (Completed = 4 from Cloudsmith's webhook example; the others per the OpenAPI enum order).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createControl } from '../../src/adapters/browser/control.ts'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import {
  checkIntegrity,
  createMock,
  OptionsError,
  trait,
  type Package,
  type PackageStatus,
  type Repository,
} from '../../src/index.ts'
import { call, OUTSIDER_KEY } from './support.ts'

const mock = setupMockServer({ seed: 7, preset: 'empty', onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

describe('mock.given answers what the API answers', () => {
  it('a repository: the factory result equals GET /repos/{owner}/{slug}/', async () => {
    const made = await mock.given.repository({ namespace: 'acme', name: 'web' }, 'private')
    const read = await call<Repository>('GET', '/v1/repos/acme/web/')
    expect(read.status).toBe(200)
    expect(made).toEqual(read.body)
    expect(read.body).toMatchObject({
      slug: 'web',
      repository_type_str: 'Private',
      package_count: 0,
    })
  })

  it('a package: derived fields as an upload makes them, totals updated', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = await mock.given.package({
      repository: 'acme/web',
      format: 'npm',
      name: 'left-pad',
      version: '1.3.0',
      size: 2048,
    })
    const read = await call<Package>('GET', `/v1/packages/acme/web/${made.slug_perm}/`)
    expect(made).toEqual(read.body)
    expect(read.body).toMatchObject({
      name: 'left-pad',
      version: '1.3.0',
      filename: 'left-pad-1.3.0.tgz',
      status_str: 'Completed',
      size: 2048,
    })
    // The slug rule of handlers/uploads.ts: name, version, first four of slug_perm.
    expect(made.slug).toBe(`left-pad-1-3-0-${made.slug_perm!.slice(0, 4).toLowerCase()}`)
    expect(made.cdn_url).toMatch(/^https:\/\/dl\.cloudsmith\.io\/basic\/acme\/web\/npm\//)
    const repo = await call<Repository>('GET', '/v1/repos/acme/web/')
    expect(repo.body).toMatchObject({ package_count: 1, size: 2048 })
  })

  it('a package from a file name only: name, version and architecture read as uploads read them', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'debs' })
    const made = await mock.given.package({
      repository: 'acme/debs',
      format: 'deb',
      filename: 'hello_2.10-1_arm64.deb',
    })
    expect(made).toMatchObject({ name: 'hello', version: '2.10-1' })
    expect(made.architectures).toEqual([{ name: 'arm64', description: null }])
  })

  it('every package format gets a realistic default that reads back its version', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'all' })
    for (const format of [
      'nuget',
      'alpine',
      'ruby',
      'cargo',
      'maven',
      'python',
      'rpm',
      'helm',
    ] as const) {
      const made = await mock.given.package({
        repository: 'acme/all',
        format,
        name: 'thing',
        version: '2.1.0',
      })
      expect(made.format).toBe(format)
      expect(made.filename).toContain('2.1.0')
    }
  })

  it('a user with an API key that signs requests as them', async () => {
    const user = await mock.given.user({ slug: 'carol' })
    const self = await call('GET', '/v1/user/self/', { key: user.api_key })
    expect(self.body).toMatchObject({ authenticated: true, slug: 'carol' })
    expect(user).toEqual({ ...self.body, api_key: 'carol-api-key' })
  })

  it('a namespace and a membership: a Write member may upload files', async () => {
    const org = await mock.given.namespace({ slug: 'globex' })
    const user = await mock.given.user()
    await mock.given.membership({ org: org.slug, user: user.slug, role: 'Write' })
    await mock.given.repository({ namespace: 'globex', name: 'assets' }, 'private')
    const upload = await call('POST', '/v1/files/globex/assets/', {
      key: user.api_key,
      json: { filename: 'a.txt' },
    })
    expect(upload.status).toBe(202)
  })

  it('a file the upload API accepts as package_file', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'raw' })
    const file = await mock.given.file({ repository: 'acme/raw', filename: 'notes.txt' })
    const made = await call<Package>('POST', '/v1/packages/acme/raw/upload/raw/', {
      json: { package_file: file.identifier },
    })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ name: 'notes.txt', size: file.size })
  })

  it('a tag on an existing package, as packages_tag stores it', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const pkg = await mock.given.package({ repository: 'acme/web' })
    const tagged = await mock.given.tag({
      repository: 'acme/web',
      package: pkg.slug_perm!,
      tags: ['stable'],
      immutable: true,
    })
    expect(tagged.tags_immutable).toEqual({ info: ['stable'] })
    const read = await call<Package>('GET', `/v1/packages/acme/web/${pkg.slug_perm}/`)
    expect(read.body.tags_immutable).toEqual({ info: ['stable'] })
  })

  it('fills in what is not given: a package alone makes its organisation and repository', async () => {
    const made = await mock.given.package()
    const read = await call<Package>(
      'GET',
      `/v1/packages/${made.namespace}/${made.repository}/${made.slug_perm}/`,
    )
    expect(read.status).toBe(200)
    expect(made).toEqual(read.body)
    expect(checkIntegrity(mock.db).problems).toEqual([])
  })
})

describe('traits', () => {
  const status = async (pkg: Package) =>
    (await call<PackageStatus>('GET', `/v1/packages/acme/web/${pkg.slug_perm}/status/`)).body

  it('every sync state, as the status endpoint reports it', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const at = { repository: 'acme/web' }
    const quarantined = await mock.given.package(at, 'quarantined')
    const failed = await mock.given.package(at, trait.syncFailed('Disk full.'))
    const failedDefault = await mock.given.package(at, 'syncFailed')
    const syncing = await mock.given.package(at, 'syncing')
    const awaiting = await mock.given.package(at, 'awaitingSync')
    expect(await status(quarantined)).toMatchObject({ status: 5, status_str: 'Quarantined' })
    expect(await status(failed)).toMatchObject({ status: 3, status_reason: 'Disk full.' })
    expect((await status(failedDefault)).status_str).toBe('Sync Failed')
    expect(await status(syncing)).toMatchObject({
      status_str: 'Sync In Progress',
      is_sync_in_progress: true,
    })
    // A read does not move a sync on; a status poll would (each poll takes a step).
    const read = await call<Package>('GET', `/v1/packages/acme/web/${awaiting.slug_perm}/`)
    expect(read.body).toMatchObject({
      status_str: 'Awaiting Synchronisation',
      is_sync_awaiting: true,
    })
    expect(awaiting.status_str).toBe('Awaiting Synchronisation')
    const repo = await call<Repository>('GET', '/v1/repos/acme/web/')
    expect(repo.body.num_quarantined_packages).toBe(1)
  })

  it('duplicate: the original is stored first, the duplicate fails with the API reason', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const dup = await mock.given.package(
      { repository: 'acme/web', format: 'npm', name: 'left-pad', version: '1.3.0' },
      'duplicate',
    )
    expect(dup.status_str).toBe('Sync Failed')
    expect(dup.status_reason).toContain("name 'left-pad', version '1.3.0' already exists")
    const list = await call<Package[]>('GET', '/v1/packages/acme/web/')
    expect(list.body.map((p) => p.status_str).sort()).toEqual(['Completed', 'Sync Failed'])
  })

  it('withTags in each written form, and immutableTags', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const a = await mock.given.package({ repository: 'acme/web' }, 'withTags(["beta", "rc"])')
    const b = await mock.given.package(
      { repository: 'acme/web' },
      { withTags: 'beta' },
      'immutableTags',
    )
    expect(a.tags).toEqual({ info: ['beta', 'rc'] })
    expect(b.tags_immutable).toEqual({ info: ['beta'] })
  })

  it('public, openSource, private and readOnlyFor(user) as another user sees them', async () => {
    const pub = await mock.given.repository({ namespace: 'acme', name: 'pub' }, 'public')
    const oss = await mock.given.repository({ namespace: 'acme', name: 'oss' }, 'openSource')
    const ro = await mock.given.repository(
      { namespace: 'acme', name: 'ro' },
      'private',
      'readOnlyFor(outsider)',
    )
    await mock.given.repository({ namespace: 'acme', name: 'hidden' }, 'private')
    expect([pub.is_public, oss.is_open_source, ro.is_private]).toEqual([true, true, true])
    const as = { key: OUTSIDER_KEY }
    expect((await call('GET', '/v1/repos/acme/ro/', as)).status).toBe(200)
    expect((await call('GET', '/v1/repos/acme/hidden/', as)).status).toBe(404)
    expect(
      (await call('POST', '/v1/files/acme/ro/', { ...as, json: { filename: 'x' } })).status,
    ).toBe(403)
  })

  it('deletedToRecycleBin: in the recycle bin, gone from reads, lists and totals', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const kept = await mock.given.package({ repository: 'acme/web' })
    const gone = await mock.given.package({ repository: 'acme/web' }, 'deletedToRecycleBin')
    expect((await call('GET', `/v1/packages/acme/web/${gone.slug_perm}/`)).status).toBe(404)
    const list = await call<Package[]>('GET', '/v1/packages/acme/web/')
    expect(list.body.map((p) => p.slug_perm)).toEqual([kept.slug_perm])
    expect((await call<Repository>('GET', '/v1/repos/acme/web/')).body.package_count).toBe(1)
    // In the recycle bin, as packages_delete leaves a package (recycle-bin_list, restorable).
    const bin = await call<{ slug_perm: string }[]>('GET', '/v1/recycle-bin/acme/')
    expect(bin.body.map((p) => p.slug_perm)).toEqual([gone.slug_perm])
    const restored = await call('POST', '/v1/recycle-bin/acme/action/', {
      json: { action: 'restore', identifiers: [gone.slug_perm] },
    })
    expect(restored.status).toBe(200)
    expect((await call('GET', `/v1/packages/acme/web/${gone.slug_perm}/`)).status).toBe(200)
    const repo = await mock.given.repository(
      { namespace: 'acme', name: 'bin' },
      'deletedToRecycleBin',
    )
    expect(repo.deleted_at).not.toBeNull()
    expect((await call('GET', '/v1/repos/acme/bin/')).status).toBe(404)
  })
})

describe('many, seeded, undone by reset', () => {
  it('packages(30): varied names and versions, distinct identities, in one page set', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = await mock.given.packages(30, { repository: 'acme/web' })
    expect(made).toHaveLength(30)
    expect(new Set(made.map((p) => p.name)).size).toBeGreaterThan(20)
    expect(new Set(made.map((p) => `${p.format} ${p.name} ${p.version}`)).size).toBe(30)
    expect(made.every((p) => p.status_str === 'Completed')).toBe(true)
    const page = await call<Package[]>('GET', '/v1/packages/acme/web/?page_size=10&page=3')
    expect(page.body).toHaveLength(10)
    expect(page.headers.get('x-pagination-count')).toBe('30')
  })

  it('packages(n) of one name: varied versions, none a duplicate', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = await mock.given.packages(12, {
      repository: 'acme/web',
      format: 'npm',
      name: 'left-pad',
    })
    expect(new Set(made.map((p) => p.version)).size).toBe(12)
    expect(made.every((p) => p.name === 'left-pad' && p.status_str === 'Completed')).toBe(true)
  })

  it('same seed and same calls give the same records; another seed others', async () => {
    const build = async (seed: number) => {
      const m = createMock({ seed, preset: 'empty' })
      await m.given.repository({ namespace: 'acme', name: 'web' })
      return m.given.packages(3, { repository: 'acme/web' })
    }
    expect(await build(3)).toEqual(await build(3))
    expect((await build(4)).map((p) => p.slug_perm)).not.toEqual(
      (await build(3)).map((p) => p.slug_perm),
    )
  })

  it('reset() removes what the factories made, and the next calls repeat the same values', async () => {
    const before = mock.db.counts()
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const first = await mock.given.packages(2, { repository: 'acme/web' })
    await mock.reset()
    expect(mock.db.counts()).toEqual(before)
    expect((await call('GET', '/v1/repos/acme/web/')).status).toBe(404)
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    expect(await mock.given.packages(2, { repository: 'acme/web' })).toEqual(first)
  })

  it('a cached list page is not served stale after a factory adds to it', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    expect((await call<Package[]>('GET', '/v1/packages/acme/web/')).body).toEqual([])
    await mock.given.package({ repository: 'acme/web' })
    expect((await call<Package[]>('GET', '/v1/packages/acme/web/')).body).toHaveLength(1)
  })
})

describe('bad input is an OptionsError naming the field and what is valid', () => {
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (thrown: unknown) => thrown,
    )
    expect(error).toBeInstanceOf(OptionsError)
    return error as OptionsError
  }

  it('a format that does not exist lists the formats', async () => {
    const error = await refusal(mock.given.package({ format: 'zip' as never }))
    expect(error.option).toBe('format')
    expect(error.message).toMatch(/^mock\.given\.package: .*"alpine", "cargo"/)
  })

  it('a misspelt field gets a "did you mean"', async () => {
    const error = await refusal(mock.given.repository({ nmae: 'x' } as never))
    expect(error.message).toContain('(did you mean "name"?)')
  })

  it('an unknown trait lists the traits of that entity', async () => {
    const error = await refusal(mock.given.package({}, 'quarantine' as never))
    expect(error.option).toBe('traits.0')
    expect(error.message).toContain(
      'unknown trait "quarantine". Valid traits: quarantined, syncFailed',
    )
  })

  it('a repository that does not exist lists the repositories there are', async () => {
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const error = await refusal(mock.given.packages(3, { repository: 'acme/wbe' }))
    expect(error.option).toBe('repository')
    expect(error.message).toContain('no repository "acme/wbe". Repositories: acme/web')
  })

  it('two sync states at once, and readOnlyFor a user who can write, are refused', async () => {
    expect((await refusal(mock.given.package({}, 'syncing', 'quarantined'))).message).toContain(
      'syncing and quarantined do not go together',
    )
    expect(
      (await refusal(mock.given.repository({ namespace: 'acme' }, 'readOnlyFor(demo)'))).message,
    ).toContain('"demo" can write in acme (Owner member)')
    expect(mock.db.repositories.size).toBe(0)
  })

  it('a count out of range', async () => {
    const error = await refusal(mock.given.packages(-1))
    expect(error.option).toBe('count')
  })
})

describe('the browser control', () => {
  it('offers the mock factories, and its reset takes their records away', async () => {
    const m = createMock({ preset: 'empty' })
    const control = createControl(m, () => m.reset())
    await control.given.repository({ namespace: 'acme', name: 'web' })
    const [pkg] = await control.given.packages(1, { repository: 'acme/web' })
    const read = () =>
      m.handle(
        new Request(`https://api.cloudsmith.io/v1/packages/acme/web/${pkg!.slug_perm}/`, {
          headers: { 'X-Api-Key': 'demo-api-key' },
        }),
      )
    expect((await read()).status).toBe(200)
    await control.reset()
    expect((await read()).status).toBe(404)
  })
})

describe('the given option: records that are part of the start state', () => {
  it('made after the dataset loads, kept by reset()', async () => {
    const m = createMock({
      preset: 'empty',
      given: [
        { entity: 'repository', fields: { namespace: 'acme', name: 'web' }, traits: ['private'] },
        { entity: 'package', fields: { repository: 'acme/web' }, count: 5 },
      ],
    })
    await m.ready()
    const list = async () =>
      (
        await m.handle(
          new Request('https://api.cloudsmith.io/v1/packages/acme/web/', {
            headers: { 'X-Api-Key': 'demo-api-key' },
          }),
        )
      ).json() as Promise<Package[]>
    expect(await list()).toHaveLength(5)
    await m.given.package({ repository: 'acme/web' })
    await m.reset()
    expect(await list()).toHaveLength(5)
  })

  it('a bad entry rejects ready() naming it', async () => {
    const m = createMock({ preset: 'empty', given: [{ entity: 'repo' }] })
    await expect(m.ready()).rejects.toThrow(/no factory "repo"\. Factories: namespace, user/)
  })
})

describe('a dataset builder uses the factories', () => {
  const list = async (m: ReturnType<typeof createMock>, path: string) =>
    (
      await m.handle(
        new Request(`https://api.cloudsmith.io/v1${path}`, {
          headers: { 'X-Api-Key': 'demo-api-key' },
        }),
      )
    ).json() as Promise<Package[]>

  it('given() in the builder: made once the dataset loads, before the given option, kept by reset()', async () => {
    const m = createMock({
      seed: 7,
      dataset: ({ preset, given }) => {
        given('repository', { fields: { namespace: 'acme', name: 'web' }, traits: ['private'] })
        given('package', { fields: { repository: 'acme/web', format: 'npm' }, count: 3 })
        return preset('empty')
      },
      // Runs after the builder's uses: the repository it names exists by then.
      given: [{ entity: 'package', fields: { repository: 'acme/web' }, traits: ['quarantined'] }],
    })
    await m.ready()
    const made = await list(m, '/packages/acme/web/')
    expect(made).toHaveLength(4)
    expect(made.filter((p) => p.format === 'npm')).toHaveLength(3)
    expect(checkIntegrity(m.db).ok).toBe(true)
    await m.given.package({ repository: 'acme/web' })
    await m.reset()
    expect(await list(m, '/packages/acme/web/')).toEqual(made)
  })

  it('the same builder and seed make the same records as mock.given does afterwards', async () => {
    const fromBuilder = createMock({
      seed: 7,
      dataset: ({ preset, given }) => {
        given('repository', { fields: { namespace: 'acme', name: 'web' } })
        given('package', { fields: { repository: 'acme/web' }, count: 2 })
        return preset('empty')
      },
    })
    const byHand = createMock({ seed: 7, preset: 'empty' })
    await byHand.given.repository({ namespace: 'acme', name: 'web' })
    await byHand.given.packages(2, { repository: 'acme/web' })
    await fromBuilder.ready()
    expect(await list(fromBuilder, '/packages/acme/web/')).toEqual(
      await list(byHand, '/packages/acme/web/'),
    )
  })

  it('a bad use rejects ready() naming it as dataset.given.<n>', async () => {
    const m = createMock({
      dataset: ({ preset, given }) => {
        given('package', { fields: { format: 'zip' } })
        return preset('empty')
      },
    })
    await expect(m.ready()).rejects.toThrow(/dataset\.given\.0\.package.*"format" must be one of/)
  })
})

describe('a factory package is built as the presets build theirs', () => {
  it('its file downloads the bytes its checksums are the digests of', async () => {
    // Before fixtures/ shared the builders, a factory package showed drawn stand-in checksums.
    const { createHash } = await import('node:crypto')
    await mock.given.repository({ namespace: 'acme', name: 'web' })
    const made = await mock.given.package({ repository: 'acme/web', format: 'raw' })
    const response = await fetch(made.cdn_url!, { headers: { 'X-Api-Key': 'demo-api-key' } })
    expect(response.status).toBe(200)
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(bytes.byteLength).toBe(made.size)
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(made.checksum_sha256)
    expect(createHash('md5').update(bytes).digest('hex')).toBe(made.checksum_md5)
  })
})
