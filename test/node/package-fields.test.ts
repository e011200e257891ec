/**
 * Fields Cloudsmith derives from an uploaded file and the upload's fields, per format, with
 * realistic file names (docs/package-identity.md, "Fields derived from the file"), and tags as
 * the real body has them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package } from '../../src/index.ts'
import { contractProblems } from '../contract/overrides.ts'
import { call, uploadFile } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

async function push(format: string, filename: string, fields: Record<string, unknown> = {}) {
  const identifier = await uploadFile('acme', 'platform', filename)
  const created = await call<Package & Record<string, unknown>>(
    'POST',
    `/v1/packages/acme/platform/upload/${format}/`,
    { json: { package_file: identifier, ...fields } },
  )
  expect(created.status).toBe(201)
  return created.body
}

describe('name and version from the file or the request, per format', () => {
  it.each([
    // Raw keeps the whole file name, version null: the webhook example's raw package is
    // "name": "my-file.deb", "version": null (Cloudsmith docs, webhooks page; API-NOTES D4).
    ['raw', 'notes.txt', {}, { name: 'notes.txt', version: null }],
    ['raw', 'my-file.deb', {}, { name: 'my-file.deb', version: null }],
    ['raw', 'notes-1.2.3.tar.gz', {}, { name: 'notes-1.2.3.tar.gz', version: null }],
    // The request's name and version win (RawPackageUploadRequest.name/version).
    ['raw', 'notes.txt', { name: 'notes', version: '2.0' }, { name: 'notes', version: '2.0' }],
    // NuGet's Id.Version.nupkg (nuget pack's file name).
    ['nuget', 'Widget.1.0.0.nupkg', {}, { name: 'Widget', version: '1.0.0' }],
    ['nuget', 'Newtonsoft.Json.13.0.3.nupkg', {}, { name: 'Newtonsoft.Json', version: '13.0.3' }],
    // Maven: artifact_id is the name (MavenPackageUploadRequest.artifact_id/version).
    [
      'maven',
      'core-1.2.0.jar',
      { artifact_id: 'acme-core', group_id: 'io.acme', version: '1.2.1' },
      { name: 'acme-core', version: '1.2.1', group_id: 'io.acme' },
    ],
    ['maven', 'commons-lang3-3.14.0.jar', {}, { name: 'commons-lang3', version: '3.14.0' }],
    // PEP 427 wheel and sdist names.
    ['python', 'requests-2.31.0-py3-none-any.whl', {}, { name: 'requests', version: '2.31.0' }],
    ['python', 'requests-2.31.0.tar.gz', {}, { name: 'requests', version: '2.31.0' }],
    ['npm', 'left-pad-1.3.0.tgz', {}, { name: 'left-pad', version: '1.3.0' }],
    ['helm', 'nginx-15.5.2.tgz', {}, { name: 'nginx', version: '15.5.2' }],
    ['cargo', 'serde-1.0.197.crate', {}, { name: 'serde', version: '1.0.197' }],
    ['ruby', 'rails-7.1.3.gem', {}, { name: 'rails', version: '7.1.3' }],
    // Alpine: abuild's name-version-rN.apk keeps the -rN in the version.
    [
      'alpine',
      'hello-2.10-r0.apk',
      { distribution: 'alpine/v3.19' },
      { name: 'hello', version: '2.10-r0' },
    ],
  ])('%s %s %j -> %j', async (format, filename, fields, expected) => {
    expect(await push(format, filename, fields)).toMatchObject(expected)
  })
})

describe('distribution-based formats carry distro, distro_version and architectures (OpenAPI document, Package)', () => {
  it.each([
    [
      'deb',
      'hello_2.10-3_arm64.deb',
      'ubuntu/jammy',
      { name: 'hello', version: '2.10-3', release: null },
      'arm64',
      ['ubuntu', 'jammy'],
    ],
    [
      'rpm',
      'hello-2.10-1.el9.x86_64.rpm',
      'el/9',
      { name: 'hello', version: '2.10', release: '1.el9' },
      'x86_64',
      ['el', '9'],
    ],
    [
      'alpine',
      'hello_2.10_aarch64.apk',
      'alpine/v3.19',
      { name: 'hello', version: '2.10' },
      'aarch64',
      ['alpine', 'v3.19'],
    ],
  ])(
    '%s %s to %s',
    async (format, filename, distribution, fields, architecture, [distro, release]) => {
      const pkg = await push(format, filename, { distribution })
      expect(pkg).toMatchObject(fields)
      expect(pkg.architectures).toEqual([{ name: architecture, description: null }])
      // Distribution {name, slug, self_url, variants}; DistributionVersion {name, slug}.
      expect(pkg.distro).toMatchObject({ slug: distro, variants: null })
      expect(pkg.distro?.self_url).toBe(`https://api.cloudsmith.io/distros/${distro}/`)
      expect(pkg.distro_version).toEqual({ name: release, slug: release })
      expect(contractProblems(`packages_upload_${format}`, 201, pkg)).toBeNull()
      const read = await call('GET', `/v1/packages/acme/platform/${pkg.slug_perm}/`)
      expect(contractProblems('packages_read', 200, read.body)).toBeNull()
    },
  )

  it('formats without a distribution have distro null', async () => {
    const pkg = await push('npm', 'left-pad-1.3.0.tgz')
    expect(pkg.distro).toBeNull()
    expect(pkg.architectures).toEqual([])
  })
})

describe('tags by type, immutable ones included (OpenAPI document, schema Tags)', () => {
  const tag = (pkg: Package, json: Record<string, unknown>) =>
    call<Package>('POST', `/v1/packages/acme/platform/${pkg.slug_perm}/tag/`, { json })

  it('an immutable tag appears in tags and in tags_immutable', async () => {
    const pkg = await push('raw', 'notes.txt', { tags: 'draft' })
    const added = await tag(pkg, { action: 'add', tags: ['pinned'], is_immutable: true })
    expect(added.status).toBe(200)
    expect(added.body.tags).toEqual({ info: ['draft', 'pinned'] })
    expect(added.body.tags_immutable).toEqual({ info: ['pinned'] })
    const read = await call<Package>('GET', `/v1/packages/acme/platform/${pkg.slug_perm}/`)
    expect(read.body.tags).toEqual({ info: ['draft', 'pinned'] })
    expect(contractProblems('packages_read', 200, read.body)).toBeNull()
  })

  it('"an immutable flag is a tag that cannot be removed" (PackageTagRequest.is_immutable): remove and clear leave it', async () => {
    const pkg = await push('raw', 'notes.txt', { tags: 'draft' })
    await tag(pkg, { action: 'add', tags: ['pinned'], is_immutable: true })
    const removed = await tag(pkg, { action: 'remove', tags: ['pinned', 'draft'] })
    expect(removed.body.tags).toEqual({ info: ['pinned'] })
    const cleared = await tag(pkg, { action: 'clear' })
    expect(cleared.body.tags).toEqual({ info: ['pinned'] })
    expect(cleared.body.tags_immutable).toEqual({ info: ['pinned'] })
  })
})
