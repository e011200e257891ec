import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package, PackageFileUpload, PackageStatus } from '../../src/index.ts'
import { call } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

/** What the official CLI does for `cloudsmith push raw acme/platform tool-1.4.0.tar.gz`. */
async function push(content: string, headers: Record<string, string> = {}) {
  const filename = 'tool-1.4.0.tar.gz'
  const validated = await call('POST', '/packages/acme/platform/validate-upload/raw/', {
    json: { package_file: `/tmp/${filename}`, name: 'tool', version: '1.4.0' },
    headers,
  })
  expect(validated.status).toBe(204)

  const md5 = createHash('md5').update(content).digest('hex')
  const upload = await call<PackageFileUpload>('POST', '/files/acme/platform/', {
    json: { filename, md5_checksum: md5 },
  })
  expect(upload.status).toBe(202)

  const form = new FormData()
  for (const [name, value] of Object.entries(upload.body.upload_fields ?? {}))
    form.append(name, String(value))
  form.append('file', new Blob([content]), filename)
  const sent = await fetch(upload.body.upload_url!, { method: 'POST', body: form })
  expect(sent.status).toBe(204)

  const created = await call<Package>('POST', '/packages/acme/platform/upload/raw/', {
    json: { package_file: upload.body.identifier, name: 'tool', version: '1.4.0' },
    headers,
  })
  expect(created.status).toBe(201)
  return created.body
}

/** Polls /status/ by the package slug, as the CLI's wait loop does. */
async function waitForSync(slug: string, headers: Record<string, string> = {}) {
  const seen: PackageStatus[] = []
  for (let poll = 0; poll < 20; poll++) {
    const status = await call<PackageStatus>('GET', `/packages/acme/platform/${slug}/status/`, {
      headers,
    })
    expect(status.status).toBe(200)
    seen.push(status.body)
    if (status.body.is_sync_completed || status.body.is_sync_failed) return seen
  }
  throw new Error('the sync never finished')
}

describe('the whole upload flow', () => {
  it('requests an upload, sends the bytes, creates the package, polls until it is synchronised', async () => {
    const content = 'the bytes of tool 1.4.0'
    const pkg = await push(content)
    expect(pkg).toMatchObject({ name: 'tool', version: '1.4.0', is_sync_awaiting: true })

    const seen = await waitForSync(pkg.slug!)
    expect(seen.at(-1)).toMatchObject({
      is_sync_completed: true,
      status_str: 'Completed',
      stage_str: 'Fully Synchronised',
      sync_progress: 100,
    })

    const listed = await call<Package[]>('GET', '/packages/acme/platform/?query=name:tool')
    const found = listed.body.find((p) => p.slug_perm === pkg.slug_perm)
    expect(found).toMatchObject({
      filename: 'tool-1.4.0.tar.gz',
      size: content.length,
      checksum_md5: createHash('md5').update(content).digest('hex'),
      checksum_sha256: createHash('sha256').update(content).digest('hex'),
    })
    expect(found?.is_sync_completed).toBe(true)
    expect(found?.cdn_url).toEqual(expect.any(String))
  })

  it('walks awaiting -> in progress -> completed under the upload-processing scenario', async () => {
    const scenario = { 'X-Mock-Scenario': 'upload-processing' }
    const pkg = await push('slow bytes', scenario)
    const seen = await waitForSync(pkg.slug!, scenario)
    expect(seen.length).toBeGreaterThan(1)
    expect(seen.some((s) => s.is_sync_in_progress)).toBe(true)
    const progress = seen.map((s) => s.sync_progress!)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(seen.at(-1)?.is_sync_completed).toBe(true)
  })

  it('ends in a failed sync with a reason under upload-sync-failed, and resync restarts it', async () => {
    mock.use('upload-sync-failed')
    const pkg = await push('bad bytes')
    const seen = await waitForSync(pkg.slug!)
    expect(seen.at(-1)).toMatchObject({ is_sync_failed: true, is_sync_completed: false })
    expect(seen.at(-1)?.status_reason).toEqual(expect.any(String))
    const resync = await call<Package>('POST', `/packages/acme/platform/${pkg.slug_perm}/resync/`)
    expect(resync.status).toBe(200)
    expect(resync.body.is_sync_failed).toBe(false)
  })
})
