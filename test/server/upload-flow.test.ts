/**
 * The whole upload flow against the real server process, as the official CLI runs it
 * (API-NOTES §6 files and packages; CLIENT-TRACE): request an upload, send the bytes to the
 * `upload_url` the server hands out (its own origin), create the package, poll its status.
 */
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Package, PackageFileUpload, PackageStatus } from '../../src/index.ts'
import { call, startServer, stopAll, type RunningServer } from './support/cli.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer(['--seed', '1'])
})
afterAll(stopAll)

const content = 'the bytes of tool 1.4.0\n'
const sha256 = createHash('sha256').update(content).digest('hex')

async function waitForSync(slug: string, headers: Record<string, string> = {}) {
  const seen: PackageStatus[] = []
  for (let poll = 0; poll < 20; poll++) {
    const status = await call<PackageStatus>(
      server,
      'GET',
      `/v1/packages/acme/platform/${slug}/status/`,
      { headers },
    )
    expect(status.status).toBe(200)
    seen.push(status.body)
    if (status.body.is_sync_completed || status.body.is_sync_failed) return seen
  }
  throw new Error('the sync never finished')
}

describe('upload over real HTTP', () => {
  it('posts the file to the upload_url on the server itself, creates the package, syncs it', async () => {
    const headers = { 'X-Mock-Scenario': 'upload-processing' }
    const upload = await call<PackageFileUpload>(server, 'POST', '/v1/files/acme/platform/', {
      json: { filename: 'tool-1.4.0.tar.gz', sha256_checksum: sha256 },
    })
    expect(upload.status).toBe(202)
    expect(upload.body.upload_url).toBe(`${server.url}/__uploads/${upload.body.identifier}/`)

    // The S3-style multipart POST: the signed fields, then the file; no API key.
    const form = new FormData()
    for (const [name, value] of Object.entries(upload.body.upload_fields ?? {}))
      form.append(name, String(value))
    form.append('file', new Blob([content]), 'tool-1.4.0.tar.gz')
    const sent = await fetch(upload.body.upload_url!, { method: 'POST', body: form })
    expect(sent.status).toBe(204)

    const created = await call<Package>(server, 'POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: upload.body.identifier, name: 'tool', version: '1.4.0' },
      headers,
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'tool', version: '1.4.0', is_sync_awaiting: true })
    expect(created.body.checksum_sha256).toBe(sha256)

    const seen = await waitForSync(created.body.slug!, headers)
    expect(seen.some((s) => s.is_sync_in_progress)).toBe(true)
    expect(seen.at(-1)).toMatchObject({ is_sync_completed: true, status_str: 'Completed' })

    const listed = await call<Package[]>(
      server,
      'GET',
      '/v1/packages/acme/platform/?query=name:tool',
    )
    const found = listed.body.find((p) => p.slug_perm === created.body.slug_perm)
    expect(found).toMatchObject({ filename: 'tool-1.4.0.tar.gz', size: content.length })
  })

  it('takes a multipart (put_parts) upload in PUT parts, then completes it', async () => {
    const upload = await call<PackageFileUpload>(server, 'POST', '/files/acme/platform/', {
      json: { filename: 'big.iso', method: 'put_parts' },
    })
    expect(upload.status).toBe(202)
    for (const part of [1, 2]) {
      const info = await call<PackageFileUpload>(
        server,
        'GET',
        `/files/acme/platform/${upload.body.identifier}/info/?filename=big.iso&part_number=${part}`,
      )
      expect(info.status).toBe(200)
      const put = await fetch(`${info.body.upload_url}?${info.body.upload_querystring}`, {
        method: 'PUT',
        body: new Uint8Array(1024).fill(part),
      })
      expect(put.status).toBe(200)
      expect(put.headers.get('ETag')).toMatch(/^"[0-9a-f]{32}"$/)
    }
    const completed = await call<PackageFileUpload>(
      server,
      'POST',
      `/files/acme/platform/${upload.body.identifier}/complete/`,
      { json: { upload_id: upload.body.identifier, complete: true } },
    )
    expect(completed.status).toBe(201)
    const created = await call<Package>(server, 'POST', '/packages/acme/platform/upload/raw/', {
      json: { package_file: upload.body.identifier, name: 'big', version: '1' },
    })
    expect(created.status).toBe(201)
    expect(created.body.size).toBe(2048)
  })

  it('logs one line per request with method, path, status, duration and deciding scenario', async () => {
    await server.waitForOutput(
      /POST \/v1\/packages\/acme\/platform\/upload\/raw\/ 201 [\d.]+ ms \[upload-processing\]/,
    )
    await server.waitForOutput(/POST \/__uploads\/\w+\/ 204 [\d.]+ ms\n/)
  })
})
