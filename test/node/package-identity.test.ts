/**
 * Package identity, duplicates and replacement, as docs/package-identity.md states them with
 * their sources; the doc's identity table drives the per-format cases and must equal the code's.
 */
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package, PackageStatus } from '../../src/index.ts'
import { identityTable } from '../../handlers/package-identity.ts'
import { call, uploadFile } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

/** The phrase the official CLI looks for before it stops retrying (cloudsmith-cli push.py). */
const CLI_PHRASE = 'package should be deleted'

interface Row {
  format: string
  identity: string[]
  file: string
}

/** The rows between the identity-table markers of docs/package-identity.md. */
function docTable(): Row[] {
  const doc = readFileSync(new URL('../../docs/package-identity.md', import.meta.url), 'utf8')
  const section = /<!-- identity-table[^>]*-->([\s\S]*?)<!-- \/identity-table -->/.exec(doc)
  if (!section) throw new Error('docs/package-identity.md has no identity table')
  return section[1]!
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .map(([, format, identity, file]) => ({
      format: format!,
      identity: identity!.split(',').map((c) => c.trim()),
      file: /`([^`]+)`/.exec(file!)![1]!,
    }))
}

/** Extra request fields each format's upload needs (OpenAPI document, `required`). */
function extras(row: Row): Record<string, string> {
  if (row.identity.includes('distribution')) return { distribution: 'ubuntu/jammy' }
  if (row.format === 'maven') return { artifact_id: 'core', group_id: 'io.acme', version: '1.2.0' }
  return {}
}

async function push(
  format: string,
  filename: string,
  fields: Record<string, unknown> = {},
  repo = 'platform',
): Promise<Package> {
  const identifier = await uploadFile('acme', repo, filename)
  const created = await call<Package>('POST', `/v1/packages/acme/${repo}/upload/${format}/`, {
    json: { package_file: identifier, ...fields },
  })
  expect(created.status).toBe(201)
  return created.body
}

/** Polls the status as the CLI does until the sync ends (the default plan takes one step). */
async function settle(pkg: Package, repo = pkg.repository): Promise<PackageStatus> {
  for (let poll = 0; poll < 20; poll++) {
    const status = await call<PackageStatus>(
      'GET',
      `/v1/packages/acme/${repo}/${pkg.slug_perm}/status/`,
    )
    expect(status.status).toBe(200)
    if (status.body.is_sync_completed || status.body.is_sync_failed) return status.body
  }
  throw new Error(`${pkg.slug_perm} never finished its sync`)
}

const read = (pkg: Package, repo = pkg.repository) =>
  call<Package>('GET', `/v1/packages/acme/${repo}/${pkg.slug_perm}/`)

describe('the identity table (docs/package-identity.md)', () => {
  it('is the table the code uses', () => {
    const fromDoc = Object.fromEntries(docTable().map((row) => [row.format, row.identity]))
    expect(fromDoc).toEqual(identityTable)
  })

  it.each(docTable().map((row) => [row.format, row] as const))(
    '%s: the same file twice is a duplicate whose sync fails with the reason the CLI recognises, and again on resync',
    async (format, row) => {
      const first = await push(format, row.file, extras(row))
      expect((await settle(first)).is_sync_completed).toBe(true)
      const second = await push(format, row.file, extras(row))
      // Accepted (201), "flagged as a duplicate" later (OpenAPI document, `republish`).
      const failed = await settle(second)
      expect(failed.is_sync_failed).toBe(true)
      expect(failed.status_reason).toContain('This package should be deleted')
      expect(failed.status_reason).toContain(CLI_PHRASE)
      const resync = await call('POST', `/v1/packages/acme/platform/${second.slug_perm}/resync/`)
      expect(resync.status).toBe(200)
      expect((await settle(second)).is_sync_failed).toBe(true)
      expect((await read(first)).status).toBe(200)
    },
  )
})

describe('distribution and architecture are part of a deb identity (docs/package-identity.md)', () => {
  it('x_1.2.0-1_arm64.deb after the amd64 file, both to ubuntu/jammy, is a second package', async () => {
    const amd64 = await push('deb', 'x_1.2.0-1_amd64.deb', { distribution: 'ubuntu/jammy' })
    const arm64 = await push('deb', 'x_1.2.0-1_arm64.deb', { distribution: 'ubuntu/jammy' })
    expect((await settle(amd64)).is_sync_completed).toBe(true)
    expect((await settle(arm64)).is_sync_completed).toBe(true)
  })

  it('the amd64 file to debian/bookworm with republish leaves the ubuntu/jammy package alone', async () => {
    const jammy = await push('deb', 'x_1.2.0-1_amd64.deb', { distribution: 'ubuntu/jammy' })
    await settle(jammy)
    const bookworm = await push('deb', 'x_1.2.0-1_amd64.deb', {
      distribution: 'debian/bookworm',
      republish: true,
    })
    expect((await settle(bookworm)).is_sync_completed).toBe(true)
    expect((await read(jammy)).status).toBe(200)
  })
})

describe('republish and replace_packages_by_default replace the old package once the new one completes', () => {
  it('republish: the old package stays while the new one syncs, then is gone (OpenAPI document, `republish`)', async () => {
    const old = await push('deb', 'x_1.2.0-1_amd64.deb', { distribution: 'ubuntu/jammy' })
    await settle(old)
    const fresh = await push('deb', 'x_1.2.0-1_amd64.deb', {
      distribution: 'ubuntu/jammy',
      republish: true,
    })
    expect((await read(old)).status).toBe(200)
    expect((await settle(fresh)).is_sync_completed).toBe(true)
    expect((await read(old)).status).toBe(404)
    const list = await call<Package[]>('GET', '/v1/packages/acme/platform/?page_size=500')
    expect(list.body.map((p) => p.slug_perm)).not.toContain(old.slug_perm)
  })

  it('replace_packages_by_default on the repository replaces without republish (RepositoryRequestPatch)', async () => {
    const patched = await call('PATCH', '/v1/repos/acme/platform/', {
      json: { replace_packages_by_default: true },
    })
    expect(patched.status).toBe(200)
    const old = await push('raw', 'notes.txt', { version: '1.0' })
    await settle(old)
    const fresh = await push('raw', 'notes.txt', { version: '1.0' })
    expect((await settle(fresh)).is_sync_completed).toBe(true)
    expect((await read(old)).status).toBe(404)
  })

  it('a raw file pushed twice without either leaves one completed package and one failed duplicate', async () => {
    const first = await push('raw', 'notes.txt')
    const second = await push('raw', 'notes.txt')
    expect((await settle(first)).is_sync_completed).toBe(true)
    expect((await settle(second)).is_sync_failed).toBe(true)
  })
})

describe('copy and move follow the same rules (PackageCopyRequest.republish)', () => {
  it('copying the same version three times: a copy, a failed duplicate, then a republished copy replacing the first', async () => {
    const source = await push('raw', 'tool.bin', { version: '2.0' })
    await settle(source)
    const copy = (json: Record<string, unknown>) =>
      call<Package>('POST', `/v1/packages/acme/platform/${source.slug_perm}/copy/`, {
        json: { destination: 'releases', ...json },
      })
    const first = await copy({})
    expect(first.status).toBe(200)
    expect((await settle(first.body)).is_sync_completed).toBe(true)
    const second = await copy({})
    expect(second.status).toBe(200)
    const failed = await settle(second.body)
    expect(failed.is_sync_failed).toBe(true)
    expect(failed.status_reason).toContain(CLI_PHRASE)
    const third = await copy({ republish: true })
    expect(third.status).toBe(200)
    expect((await settle(third.body)).is_sync_completed).toBe(true)
    expect((await read(first.body)).status).toBe(404)
    const listed = await call<Package[]>(
      'GET',
      `/v1/packages/acme/releases/?query=${encodeURIComponent('name:^tool.bin$')}`,
    )
    expect(listed.body.filter((p) => p.is_sync_completed).map((p) => p.slug_perm)).toEqual([
      third.body.slug_perm,
    ])
  })

  it('moving a package onto the same identity in the destination fails its sync as a duplicate', async () => {
    const there = await push('raw', 'tool.bin', { version: '3.0' }, 'releases')
    await settle(there)
    const here = await push('raw', 'tool.bin', { version: '3.0' })
    await settle(here)
    const moved = await call<Package>(
      'POST',
      `/v1/packages/acme/platform/${here.slug_perm}/move/`,
      {
        json: { destination: 'releases' },
      },
    )
    expect(moved.status).toBe(200)
    const status = await settle(moved.body, 'releases')
    expect(status.is_sync_failed).toBe(true)
    expect(status.status_reason).toContain(CLI_PHRASE)
  })

  it('moving with republish replaces the package with the same identity in the destination', async () => {
    const there = await push('raw', 'tool.bin', { version: '4.0' }, 'releases')
    await settle(there)
    const here = await push('raw', 'tool.bin', { version: '4.0' })
    await settle(here)
    const moved = await call<Package>(
      'POST',
      `/v1/packages/acme/platform/${here.slug_perm}/move/`,
      {
        json: { destination: 'releases', republish: true },
      },
    )
    expect(moved.status).toBe(200)
    expect((await settle(moved.body, 'releases')).is_sync_completed).toBe(true)
    expect((await read(there)).status).toBe(404)
  })
})
