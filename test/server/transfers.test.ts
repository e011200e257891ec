/**
 * Issue 13 points 5-7 over real HTTP to `cloudsmith-mock serve` with its default flags: a
 * 60 MiB single upload and a 300 MiB multipart upload (three 100 MiB parts then `complete`, as
 * the CLI does above 100 MiB: API-NOTES §6.7, C `core/api/files.py`), both with the
 * `md5_checksum` the CLI sends; the direct upload of cloudsmith-docs package-upload.mdx at
 * `/__upload-host/{owner}/{repo}/{filename}`; downloads of the `cdn_url`s the server hands out
 * (its own origin, `/__downloads/...`), fetched as the CLI's `download` command does
 * (cloudsmith-cli `core/download.py`: Basic `token:<key>` for `/basic/` URLs). The bytes are
 * sent as a stream of one repeated 1 MiB block and their digests worked out here with
 * node:crypto, so neither side holds a whole file.
 */
import { createHash } from 'node:crypto'
import { request } from 'node:http'
import { setImmediate as turn } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Package, PackageFileUpload } from '../../src/index.ts'
import { call, DEMO_KEY, startServer, stopAll, type RunningServer } from './support/cli.ts'

const MIB = 1024 * 1024
/** Hundreds of MiB hashed on a shared 2-core machine: room, not a speed claim. */
const LARGE = { timeout: 240_000 }

let server: RunningServer
beforeAll(async () => {
  // Default flags: no --max-body-size or upload option.
  server = await startServer(['--quiet'])
})
afterAll(stopAll)

const blocks = new Map<number, Buffer>()
function block(seed: number): Buffer {
  let bytes = blocks.get(seed)
  if (bytes) return bytes
  bytes = Buffer.alloc(MIB)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 7) & 0xff
  blocks.set(seed, bytes)
  return bytes
}

/**
 * md5 and sha256 of each seed's `block` repeated `mib` times, one after the other. It gives
 * the event loop a turn after every MiB: hashing hundreds of MiB in one go blocked this
 * process for 3 to 9 s, past the server's 5 s keep-alive, so undici could not drop its idle
 * pooled socket in time and the next request went out on a socket the server had already
 * closed ("other side closed", on the old main as well).
 */
async function digestsOf(seeds: readonly number[], mib: number) {
  const md5 = createHash('md5')
  const sha256 = createHash('sha256')
  for (const seed of seeds) {
    const bytes = block(seed)
    for (let i = 0; i < mib; i++) {
      md5.update(bytes)
      sha256.update(bytes)
      await turn()
    }
  }
  return { md5: md5.digest('hex'), sha256: sha256.digest('hex') }
}

/** Sends `block(seed)` × `mib` as the body of a PUT, with backpressure. */
function putBlocks(
  url: string,
  headers: Record<string, string>,
  seed: number,
  mib: number,
): Promise<{ status: number; body: string }> {
  const bytes = block(seed)
  return new Promise((resolve, reject) => {
    const sending = request(url, {
      method: 'PUT',
      headers: { ...headers, 'Content-Length': String(mib * MIB) },
    })
    sending.on('error', reject)
    sending.on('response', (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
    })
    void (async () => {
      for (let i = 0; i < mib; i++) {
        if (sending.destroyed) return
        if (!sending.write(bytes))
          await new Promise<void>((resolve) => {
            // Both listeners go once either fires: one left per wait piled up past ten.
            const go = () => {
              sending.off('drain', go)
              sending.off('close', go)
              resolve()
            }
            sending.on('drain', go)
            sending.on('close', go)
          })
      }
      if (!sending.destroyed) sending.end()
    })()
  })
}

async function createPackage(identifier: string): Promise<Package> {
  const created = await call<Package>(server, 'POST', '/v1/packages/acme/platform/upload/raw/', {
    json: { package_file: identifier, name: 'big', version: String(Math.random()) },
  })
  expect(created.status).toBe(201)
  await call(server, 'GET', `/v1/packages/acme/platform/${created.body.slug_perm}/status/`)
  const read = await call<Package>(
    server,
    'GET',
    `/v1/packages/acme/platform/${created.body.slug_perm}/`,
  )
  expect(read.body.is_sync_completed).toBe(true)
  return read.body
}

describe('uploads beyond the JSON body limit, with default flags (point 5)', () => {
  it('a 60 MiB single upload succeeds and its md5 and sha256 are checked', LARGE, async () => {
    const digests = await digestsOf([1], 60)
    const upload = await call<PackageFileUpload>(server, 'POST', '/v1/files/acme/platform/', {
      json: {
        filename: 'sixty.bin',
        method: 'put',
        md5_checksum: digests.md5,
        sha256_checksum: digests.sha256,
      },
    })
    const sent = await putBlocks(upload.body.upload_url!, {}, 1, 60)
    expect(sent.status).toBe(200)
    const pkg = await createPackage(upload.body.identifier!)
    expect(pkg).toMatchObject({
      size: 60 * MIB,
      checksum_md5: digests.md5,
      checksum_sha256: digests.sha256,
    })
  })

  it(
    'a 300 MiB multipart upload: three 100 MiB parts, complete, the whole md5 checked',
    LARGE,
    async () => {
      const { md5 } = await digestsOf([2, 3, 4], 100)
      const upload = await call<PackageFileUpload>(server, 'POST', '/v1/files/acme/platform/', {
        json: { filename: 'three-hundred.iso', method: 'put_parts', md5_checksum: md5 },
      })
      expect(upload.status).toBe(202)
      for (const [index, seed] of [2, 3, 4].entries()) {
        const part = await putBlocks(
          `${upload.body.upload_url}?upload_id=${upload.body.identifier}&part_number=${index + 1}`,
          { 'X-Api-Key': DEMO_KEY },
          seed,
          100,
        )
        expect(part.status).toBe(200)
      }
      const complete = await call(
        server,
        'POST',
        `/v1/files/acme/platform/${upload.body.identifier}/complete/`,
        { json: { upload_id: upload.body.identifier, complete: true } },
      )
      expect(complete.status).toBe(201)
      const pkg = await createPackage(upload.body.identifier!)
      expect(pkg).toMatchObject({ size: 300 * MIB, checksum_md5: md5 })
    },
  )

  it('a mismatch is a 422 naming the checksum', async () => {
    const upload = await call<PackageFileUpload>(server, 'POST', '/v1/files/acme/platform/', {
      json: { filename: 'x.bin', method: 'put', md5_checksum: '0'.repeat(32) },
    })
    const sent = await putBlocks(upload.body.upload_url!, {}, 5, 2)
    expect(sent.status).toBe(422)
    expect(Object.keys(JSON.parse(sent.body).fields)).toEqual(['md5_checksum'])
  })
})

describe('direct uploads and downloads over HTTP (points 6 and 7)', () => {
  it('PUT /__upload-host/{owner}/{repo}/{filename}, package, then the CLI-style download', async () => {
    const content = 'a small file, kept and served as sent\n'
    const sha256 = createHash('sha256').update(content).digest('hex')
    const put = await call<{ identifier: string }>(
      server,
      'PUT',
      '/__upload-host/acme/platform/notes-1.0.0.txt',
      { body: content, headers: { 'Content-Sha256': sha256 } },
    )
    expect(put.status).toBe(200)
    const pkg = await createPackage(put.body.identifier)
    expect(pkg.cdn_url).toBe(
      `${server.url}/__downloads/basic/acme/platform/raw/${pkg.files![0]!.slug_perm}/notes-1.0.0.txt`,
    )
    expect(pkg.files![0]!.cdn_url).toBe(pkg.cdn_url)

    // The CLI turns X-Api-Key into Basic token:<key> for /basic/ URLs.
    const auth = `Basic ${Buffer.from(`token:${DEMO_KEY}`).toString('base64')}`
    const response = await fetch(pkg.cdn_url!, { headers: { Authorization: auth } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(content.length))
    expect(response.headers.get('content-disposition')).toContain('filename="notes-1.0.0.txt"')
    const body = Buffer.from(await response.arrayBuffer())
    expect(createHash('sha256').update(body).digest('hex')).toBe(sha256)
    expect(pkg.checksum_sha256).toBe(sha256)
    expect(response.headers.get('etag')).toBe(
      `"${createHash('md5').update(content).digest('hex')}"`,
    )

    const range = await fetch(pkg.cdn_url!, {
      headers: { Authorization: auth, Range: 'bytes=2-6' },
    })
    expect(range.status).toBe(206)
    expect(await range.text()).toBe(content.slice(2, 7))
    expect((await fetch(pkg.cdn_url!)).status).toBe(401)
  })

  it('a seeded package downloads as bytes whose sha256 and md5 are its checksum fields', async () => {
    const listed = await call<Package[]>(
      server,
      'GET',
      '/v1/packages/acme/web-assets/?page_size=3',
      {
        key: null,
      },
    )
    for (const pkg of listed.body.filter((p) => p.cdn_url)) {
      const response = await fetch(pkg.cdn_url!)
      expect(response.status).toBe(200)
      const body = Buffer.from(await response.arrayBuffer())
      expect(body.length).toBe(pkg.size)
      expect(createHash('sha256').update(body).digest('hex')).toBe(pkg.checksum_sha256)
      expect(createHash('md5').update(body).digest('hex')).toBe(pkg.files![0]!.checksum_md5)
    }
  })

  it(
    'downloads a 60 MiB upload as sent (kept in the spool), its digests the package fields',
    LARGE,
    async () => {
      const put = await putBlocks(
        `${server.url}/__upload-host/acme/platform/large-1.0.0.bin`,
        { 'X-Api-Key': DEMO_KEY },
        6,
        60,
      )
      expect(put.status).toBe(200)
      const pkg = await createPackage(JSON.parse(put.body).identifier)
      const response = await fetch(pkg.cdn_url!, { headers: { 'X-Api-Key': DEMO_KEY } })
      expect(response.headers.get('content-length')).toBe(String(60 * MIB))
      const md5 = createHash('md5')
      const sha256 = createHash('sha256')
      let size = 0
      for await (const chunk of response.body!) {
        size += chunk.byteLength
        md5.update(chunk)
        sha256.update(chunk)
      }
      expect(size).toBe(60 * MIB)
      const sent = await digestsOf([6], 60)
      expect(sha256.digest('hex')).toBe(sent.sha256)
      expect(md5.digest('hex')).toBe(sent.md5)
      expect(pkg).toMatchObject({ checksum_sha256: sent.sha256, checksum_md5: sent.md5 })
      // A range in the middle is the block the client sent at that offset.
      const range = await fetch(pkg.cdn_url!, {
        headers: { 'X-Api-Key': DEMO_KEY, Range: `bytes=${30 * MIB + 5}-${30 * MIB + 14}` },
      })
      expect(range.status).toBe(206)
      expect(Buffer.from(await range.arrayBuffer())).toEqual(block(6).subarray(5, 15))
    },
  )
})
