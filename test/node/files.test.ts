import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { PackageFileUpload } from '../../src/index.ts'
import { call, DEMO_KEY, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const files = '/v1/files/acme/platform/'

const requestUpload = (json: Record<string, unknown>) =>
  call<PackageFileUpload>('POST', files, { json })

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

describe('files_create', () => {
  it('accepts an upload (202) with an upload_url on the mock and the fields to POST', async () => {
    const created = await requestUpload({
      filename: 'notes.txt',
      md5_checksum: 'd41d8cd98f00b204e9800998ecf8427e',
    })
    expect(created.status).toBe(202)
    expect(created.body.identifier).toMatch(/^\w+$/)
    expect(created.body.upload_url).toMatch(/^https:\/\/api\.cloudsmith\.io\//)
    expect(created.body.upload_fields).toEqual(expect.any(Object))
  })

  it('responds 422 naming filename when it is missing, and method outside the enum', async () => {
    const missing = await call<ErrorReply>('POST', files, { json: {} })
    expect(missing.status).toBe(422)
    expect(Object.keys(missing.body.fields ?? {})).toEqual(['filename'])
    const badMethod = await call<ErrorReply>('POST', files, {
      json: { filename: 'a.txt', method: 'carrier-pigeon' },
    })
    expect(badMethod.status).toBe(422)
    expect(Object.keys(badMethod.body.fields ?? {})).toEqual(['method'])
  })

  it.each([
    ['the outsider in acme/releases (read only)', 403, OUTSIDER_KEY, '/v1/files/acme/releases/'],
    ['demo in outsider/secret', 404, undefined, '/v1/files/outsider/secret/'],
    ['anyone in an unknown repository', 404, undefined, '/v1/files/acme/nope/'],
  ])('refuses %s with %i', async (_case, status, key, path) => {
    expect((await call('POST', path, { key, json: { filename: 'a.txt' } })).status).toBe(status)
  })
})

describe('files_validate', () => {
  it('validates an upload request (204, no body)', async () => {
    const reply = await call('POST', `${files}validate/`, { json: { filename: 'a.txt' } })
    expect(reply.status).toBe(204)
    expect(reply.body).toBeNull()
  })

  it('responds 422 naming filename when it is missing', async () => {
    const reply = await call<ErrorReply>('POST', `${files}validate/`, { json: {} })
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['filename'])
  })
})

describe('the upload target (upload_url)', () => {
  it('takes a multipart POST without credentials, upload_fields first and the bytes as "file" (204)', async () => {
    const created = await requestUpload({ filename: 'notes.txt' })
    const form = new FormData()
    for (const [name, value] of Object.entries(created.body.upload_fields ?? {}))
      form.append(name, String(value))
    form.append('file', new Blob(['hello world']), 'notes.txt')
    const sent = await fetch(created.body.upload_url!, { method: 'POST', body: form })
    expect(sent.status).toBe(204)
    const stored = mock.db.uploads.get(created.body.identifier!)
    expect(stored).toMatchObject({ size: 11, sha256: await sha256('hello world') })
  })

  it('responds 400 to a POST without a file field', async () => {
    const created = await requestUpload({ filename: 'notes.txt' })
    const form = new FormData()
    form.append('key', 'only-fields')
    const sent = await fetch(created.body.upload_url!, { method: 'POST', body: form })
    expect(sent.status).toBe(400)
  })

  // Issue 13 point 5: a checksum mismatch is a 422 naming the checksum field.
  it('responds 422 naming sha256_checksum when the bytes do not match it', async () => {
    const created = await requestUpload({
      filename: 'a.txt',
      method: 'put',
      sha256_checksum: await sha256('expected'),
    })
    const sent = await fetch(created.body.upload_url!, { method: 'PUT', body: 'different' })
    expect(sent.status).toBe(422)
    expect(Object.keys(((await sent.json()) as ErrorReply).fields ?? {})).toEqual([
      'sha256_checksum',
    ])
  })

  it('responds 404 for an identifier that was never handed out', async () => {
    const sent = await fetch('https://api.cloudsmith.io/__uploads/never-issued/', {
      method: 'PUT',
      body: 'x',
    })
    expect(sent.status).toBe(404)
  })
})

describe('multipart uploads (put_parts)', () => {
  async function startParts() {
    const created = await requestUpload({ filename: 'big.iso', method: 'put_parts' })
    expect(created.status).toBe(202)
    return created.body
  }

  const putPart = (upload: PackageFileUpload, part: number, bytes: string) =>
    fetch(`${upload.upload_url}?upload_id=${upload.identifier}&part_number=${part}`, {
      method: 'PUT',
      headers: { 'X-Api-Key': DEMO_KEY },
      body: bytes,
    })

  it('takes PUT parts then completes with the CLI body {upload_id, complete} (201)', async () => {
    const upload = await startParts()
    expect((await putPart(upload, 1, 'a'.repeat(10))).status).toBe(200)
    expect((await putPart(upload, 2, 'b'.repeat(5))).status).toBe(200)
    const completed = await call<PackageFileUpload>(
      'POST',
      `${files}${upload.identifier}/complete/`,
      {
        json: { upload_id: upload.identifier, complete: true },
      },
    )
    expect(completed.status).toBe(201)
    expect(completed.body.identifier).toBe(upload.identifier)
    expect(mock.db.uploads.get(upload.identifier!)).toMatchObject({ size: 15, parts: 2 })
  })

  it('describes the next part on files_info (200)', async () => {
    const upload = await startParts()
    const info = await call<PackageFileUpload>(
      'GET',
      `${files}${upload.identifier}/info/?filename=big.iso&part_number=2`,
    )
    expect(info.status).toBe(200)
    expect(info.body.identifier).toBe(upload.identifier)
    expect(info.body.upload_url).toBe(upload.upload_url)
    expect(info.body.upload_querystring).toContain('part_number=2')
  })

  it('responds 400 to files_info on an upload that is not multipart', async () => {
    const created = await requestUpload({ filename: 'small.txt' })
    const info = await call('GET', `${files}${created.body.identifier}/info/?filename=small.txt`)
    expect(info.status).toBe(400)
  })

  it('responds 400 to files_complete before any bytes arrived', async () => {
    const upload = await startParts()
    const reply = await call<ErrorReply>('POST', `${files}${upload.identifier}/complete/`, {
      json: { upload_id: upload.identifier, complete: true },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toEqual(expect.any(String))
  })

  it('aborts an upload (204); it cannot be completed afterwards (404)', async () => {
    const upload = await startParts()
    await putPart(upload, 1, 'partial')
    const aborted = await call('POST', `${files}${upload.identifier}/abort/`, { json: {} })
    expect(aborted.status).toBe(204)
    const completed = await call('POST', `${files}${upload.identifier}/complete/`, {
      json: { upload_id: upload.identifier, complete: true },
    })
    expect(completed.status).toBe(404)
  })

  it('responds 404 to an unknown identifier and to one from another repository', async () => {
    const upload = await startParts()
    expect((await call('POST', `${files}nope/abort/`, { json: {} })).status).toBe(404)
    const elsewhere = `/v1/files/acme/releases/${upload.identifier}/abort/`
    expect((await call('POST', elsewhere, { json: {} })).status).toBe(404)
  })
})
