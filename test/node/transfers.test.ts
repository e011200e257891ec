/**
 * Issue 13 points 5-7 in process (setupMockServer, real fetch): uploads of any size with their
 * checksums verified, direct uploads to upload.cloudsmith.io, downloads of `cdn_url`s from
 * dl.cloudsmith.io. Sources: API-NOTES §6.7 (the handshake; the CLI sends `md5_checksum` at
 * files_create and 100 MiB parts for `put_parts`, C `core/api/files.py`; the direct upload of
 * cloudsmith-docs package-upload.mdx, `Content-Sha256` optional); the CLI's `download` command
 * (cloudsmith-cli `core/download.py`: takes `cdn_url`, sends Basic `token:<key>` for `/basic/`
 * URLs, checks a 32-digit ETag as MD5); download URL shapes `dl.cloudsmith.io/{public|basic}/
 * {owner}/{repo}/...` from Cloudsmith's setup docs (e.g. cloudsmith-docs vagrant page).
 * Expected digests are worked out here with node:crypto, never taken from the mock.
 */
import { createHash } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package, PackageFileUpload } from '../../src/index.ts'
import { call, DEMO_KEY, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const MIB = 1024 * 1024
const digest = (algorithm: string, bytes: Uint8Array | string) =>
  createHash(algorithm).update(bytes).digest('hex')
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`

/** `mib` MiB of bytes made from `seed`, sent as a stream: never held whole, here or in the mock. */
function generated(
  seed: number,
  mib: number,
): { stream: ReadableStream<Uint8Array>; sha256: string; md5: string } {
  const block = new Uint8Array(MIB)
  for (let i = 0; i < block.length; i++) block[i] = (i * 31 + seed * 7) & 0xff
  const sha = createHash('sha256')
  const md5 = createHash('md5')
  for (let i = 0; i < mib; i++) {
    sha.update(block)
    md5.update(block)
  }
  let sent = 0
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent++ < mib) controller.enqueue(block.slice())
      else controller.close()
    },
  })
  return { stream, sha256: sha.digest('hex'), md5: md5.digest('hex') }
}

/** Creates a raw package from an upload identifier and waits until it is synchronised. */
async function createPackage(identifier: string, repo = 'acme/platform'): Promise<Package> {
  const created = await call<Package>('POST', `/v1/packages/${repo}/upload/raw/`, {
    json: { package_file: identifier, name: 'tool', version: '1.0.0' },
  })
  expect(created.status).toBe(201)
  // One status poll completes a sync with default settings (API-NOTES §7, CLI wait loop).
  await call('GET', `/v1/packages/${repo}/${created.body.slug_perm}/status/`)
  const read = await call<Package>('GET', `/v1/packages/${repo}/${created.body.slug_perm}/`)
  expect(read.body.is_sync_completed).toBe(true)
  return read.body
}

describe('direct uploads to upload.cloudsmith.io (point 7)', () => {
  const url = 'https://upload.cloudsmith.io/acme/platform/tool-1.0.0.tar.gz'

  it('answers 200 {identifier} usable once as package_file, with the API key', async () => {
    const bytes = 'direct upload bytes\n'
    const put = await call<{ identifier: string }>('PUT', url, {
      body: bytes,
      headers: { 'Content-Sha256': digest('sha256', bytes) },
    })
    expect(put.status).toBe(200)
    expect(Object.keys(put.body)).toEqual(['identifier'])
    const pkg = await createPackage(put.body.identifier)
    expect(pkg).toMatchObject({
      filename: 'tool-1.0.0.tar.gz',
      size: bytes.length,
      checksum_sha256: digest('sha256', bytes),
      checksum_md5: digest('md5', bytes),
    })
    // Identifiers are single-use (D5).
    const again = await call<ErrorReply>('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: put.body.identifier },
    })
    expect(again.status).toBe(422)
  })

  it('takes Basic auth (user and API key) and Authorization: Token', async () => {
    const viaBasic = await call('PUT', url, {
      key: null,
      body: 'a',
      headers: { Authorization: basic('demo', DEMO_KEY) },
    })
    expect(viaBasic.status).toBe(200)
    const viaToken = await call('PUT', url, {
      key: null,
      body: 'b',
      headers: { Authorization: `Token ${DEMO_KEY}` },
    })
    expect(viaToken.status).toBe(200)
  })

  it('answers 422 naming Content-Sha256 when the bytes do not match it', async () => {
    const put = await call<ErrorReply>('PUT', url, {
      body: 'these bytes',
      headers: { 'Content-Sha256': digest('sha256', 'other bytes') },
    })
    expect(put.status).toBe(422)
    expect(Object.keys(put.body.fields ?? {})).toEqual(['Content-Sha256'])
  })

  it('answers 401 without credentials and 404 for a repository the caller cannot see', async () => {
    expect((await call('PUT', url, { key: null, body: 'x' })).status).toBe(401)
    expect((await call('PUT', url, { key: OUTSIDER_KEY, body: 'x' })).status).toBe(404)
    const missing = 'https://upload.cloudsmith.io/acme/no-such-repo/a.txt'
    expect((await call('PUT', missing, { body: 'x' })).status).toBe(404)
  })
})

describe('downloads from dl.cloudsmith.io (point 6)', () => {
  const content = 'the bytes of tool 1.0.0, as uploaded\n'

  async function uploaded(): Promise<Package> {
    const put = await call<{ identifier: string }>(
      'PUT',
      'https://upload.cloudsmith.io/acme/platform/tool-1.0.0.txt',
      { body: content },
    )
    return createPackage(put.body.identifier)
  }

  it('cdn_url and files[].cdn_url point at dl.cloudsmith.io, served by the mock, bytes as uploaded', async () => {
    const pkg = await uploaded()
    expect(pkg.cdn_url).toMatch(/^https:\/\/dl\.cloudsmith\.io\/basic\/acme\/platform\/raw\//)
    expect(pkg.files![0]!.cdn_url).toBe(pkg.cdn_url)
    const response = await fetch(pkg.cdn_url!, { headers: { 'X-Api-Key': DEMO_KEY } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(content.length))
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(response.headers.get('content-disposition')).toContain(
      'attachment; filename="tool-1.0.0.txt"',
    )
    const body = new Uint8Array(await response.arrayBuffer())
    expect(Buffer.from(body).toString()).toBe(content)
    // What the CLI checks: the package's sha256, and the ETag as MD5.
    expect(digest('sha256', body)).toBe(pkg.checksum_sha256)
    expect(digest('sha1', body)).toBe(pkg.checksum_sha1)
    expect(digest('sha512', body)).toBe(pkg.checksum_sha512)
    expect(response.headers.get('etag')).toBe(`"${digest('md5', body)}"`)
  })

  it('emulates the CLI: list by name, read, GET cdn_url with Basic token:<key>', async () => {
    await uploaded()
    const listed = await call<Package[]>(
      'GET',
      '/v1/packages/acme/platform/?query=name%3Atool&page_size=100',
    )
    const found = listed.body.find((p) => p.name === 'tool')!
    const detail = await call<Package>('GET', `/v1/packages/acme/platform/${found.slug_perm}/`)
    const file = detail.body.files!.find((f) => f.is_downloadable && f.cdn_url)!
    const response = await fetch(file.cdn_url!, {
      headers: { Authorization: basic('token', DEMO_KEY) },
    })
    expect(response.status).toBe(200)
    expect(digest('sha256', new Uint8Array(await response.arrayBuffer()))).toBe(
      file.checksum_sha256,
    )
  })

  it('answers a byte range with 206 and Content-Range, one past the end with 416', async () => {
    const pkg = await uploaded()
    const headers = { 'X-Api-Key': DEMO_KEY }
    const part = await fetch(pkg.cdn_url!, { headers: { ...headers, Range: 'bytes=4-8' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 4-8/${content.length}`)
    expect(await part.text()).toBe(content.slice(4, 9))
    const tail = await fetch(pkg.cdn_url!, { headers: { ...headers, Range: 'bytes=-6' } })
    expect(await tail.text()).toBe(content.slice(-6))
    const past = await fetch(pkg.cdn_url!, { headers: { ...headers, Range: 'bytes=999-' } })
    expect(past.status).toBe(416)
    expect(past.headers.get('content-range')).toBe(`bytes */${content.length}`)
  })

  it('a private repository: 401 (asking for Basic) without credentials, 404 for an outsider', async () => {
    const pkg = await uploaded()
    const anonymous = await fetch(pkg.cdn_url!)
    expect(anonymous.status).toBe(401)
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /)
    const outsider = await fetch(pkg.cdn_url!, { headers: { 'X-Api-Key': OUTSIDER_KEY } })
    expect(outsider.status).toBe(404)
    const wrong = await fetch(pkg.cdn_url!, { headers: { Authorization: basic('token', 'nope') } })
    expect(wrong.status).toBe(401)
  })

  it('a public repository: anyone downloads; a seeded file is regenerated at its recorded size', async () => {
    const repo = mock.db.repositories.get('acme/web-assets')!
    expect(repo.repository_type_str).toBe('Public')
    const listed = await call<Package[]>('GET', '/v1/packages/acme/web-assets/?page_size=100', {
      key: null,
    })
    const small = listed.body.filter((p) => p.cdn_url).sort((a, b) => a.size! - b.size!)[0]!
    const first = await fetch(small.cdn_url!)
    expect(first.status).toBe(200)
    const bytes = new Uint8Array(await first.arrayBuffer())
    expect(bytes.byteLength).toBe(small.size)
    // The same bytes every time (deterministic), and a range is a slice of them.
    const again = new Uint8Array(await (await fetch(small.cdn_url!)).arrayBuffer())
    expect(digest('sha256', again)).toBe(digest('sha256', bytes))
    const range = await fetch(small.cdn_url!, { headers: { Range: 'bytes=100-199' } })
    expect(new Uint8Array(await range.arrayBuffer())).toEqual(bytes.subarray(100, 200))
  })

  it('a package not yet synchronised has no download (404)', async () => {
    const put = await call<{ identifier: string }>(
      'PUT',
      'https://upload.cloudsmith.io/acme/platform/late-1.0.0.txt',
      { body: 'late' },
    )
    const created = await call<Package>('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: put.body.identifier },
    })
    const file = created.body.files![0]!
    const response = await fetch(file.cdn_url!, { headers: { 'X-Api-Key': DEMO_KEY } })
    expect(response.status).toBe(404)
  })
})

describe('uploads of any size, checksums verified (point 5)', () => {
  // Room for hashing 60 MiB on a shared machine; not a speed claim.
  it(
    'a 60 MiB single upload (PUT), streamed, with md5 and sha256 checked',
    { timeout: 120_000 },
    async () => {
      const file = generated(1, 60)
      const created = await call<PackageFileUpload>('POST', '/v1/files/acme/platform/', {
        json: {
          filename: 'big.iso',
          method: 'put',
          md5_checksum: file.md5,
          sha256_checksum: file.sha256,
        },
      })
      const sent = await fetch(created.body.upload_url!, {
        method: 'PUT',
        body: file.stream,
        duplex: 'half',
      } as RequestInit)
      expect(sent.status).toBe(200)
      const pkg = await createPackage(created.body.identifier!)
      expect(pkg).toMatchObject({
        size: 60 * MIB,
        checksum_sha256: file.sha256,
        checksum_md5: file.md5,
      })
    },
  )

  it('answers 422 naming md5_checksum when the bytes do not match it', async () => {
    const created = await call<PackageFileUpload>('POST', '/v1/files/acme/platform/', {
      json: { filename: 'a.txt', md5_checksum: digest('md5', 'expected') },
    })
    const form = new FormData()
    form.append('file', new Blob(['different']), 'a.txt')
    const sent = await fetch(created.body.upload_url!, { method: 'POST', body: form })
    expect(sent.status).toBe(422)
    expect(Object.keys(((await sent.json()) as ErrorReply).fields ?? {})).toEqual(['md5_checksum'])
  })

  it('a multipart upload checks the whole file md5 at complete (in-order parts, as the CLI sends)', async () => {
    const parts = ['first part, ', 'second part, ', 'third part']
    const whole = parts.join('')
    const start = (md5: string) =>
      call<PackageFileUpload>('POST', '/v1/files/acme/platform/', {
        json: { filename: 'parts.bin', method: 'put_parts', md5_checksum: md5 },
      })
    const send = async (upload: PackageFileUpload) => {
      for (const [index, bytes] of parts.entries()) {
        const put = await fetch(
          `${upload.upload_url}?upload_id=${upload.identifier}&part_number=${index + 1}`,
          { method: 'PUT', headers: { 'X-Api-Key': DEMO_KEY }, body: bytes },
        )
        expect(put.status).toBe(200)
      }
      return call<ErrorReply>('POST', `/v1/files/acme/platform/${upload.identifier}/complete/`, {
        json: { upload_id: upload.identifier, complete: true },
      })
    }
    const good = await start(digest('md5', whole))
    expect((await send(good.body)).status).toBe(201)
    const pkg = await createPackage(good.body.identifier!)
    expect(pkg).toMatchObject({ size: whole.length, checksum_md5: digest('md5', whole) })

    const bad = await start(digest('md5', 'something else'))
    const refused = await send(bad.body)
    expect(refused.status).toBe(422)
    expect(Object.keys(refused.body.fields ?? {})).toEqual(['md5_checksum'])
  })
})

/**
 * Issue 13 point 6, "with checksums that match the package's own checksum fields": whatever a
 * download answers (a seeded package's generated content, an upload over the 1 MiB kept in the
 * record), its digests, worked out here with node:crypto, are the package's `checksum_*` and
 * `files[].checksum_*`, and its ETag is the MD5 (what the CLI's `download` checks).
 */
describe('downloads answer the bytes their checksums describe (point 6)', () => {
  const headers = { 'X-Api-Key': DEMO_KEY }
  const expectChecksums = (pkg: Package, bytes: Uint8Array) => {
    const file = pkg.files!.find((f) => f.is_primary)!
    for (const algorithm of ['md5', 'sha1', 'sha256', 'sha512'] as const) {
      expect(digest(algorithm, bytes)).toBe(pkg[`checksum_${algorithm}`])
      expect(digest(algorithm, bytes)).toBe(file[`checksum_${algorithm}`])
    }
  }

  it('a seeded package: its generated bytes have the checksums it shows, the same on every GET', async () => {
    const listed = await call<Package[]>('GET', '/v1/packages/acme/web-assets/?page_size=5', {
      key: null,
    })
    for (const pkg of listed.body.filter((p) => p.cdn_url)) {
      const response = await fetch(pkg.cdn_url!)
      expect(response.status).toBe(200)
      const bytes = new Uint8Array(await response.arrayBuffer())
      expect(bytes.byteLength).toBe(pkg.size)
      expectChecksums(pkg, bytes)
      expect(response.headers.get('etag')).toBe(`"${digest('md5', bytes)}"`)
      const again = new Uint8Array(await (await fetch(pkg.cdn_url!)).arrayBuffer())
      expect(digest('sha256', again)).toBe(pkg.checksum_sha256)
    }
  })

  it('a 3 MiB upload (PUT to upload_url): the download is the bytes sent, with every checksum', async () => {
    const file = generated(3, 3)
    const created = await call<PackageFileUpload>('POST', '/v1/files/acme/platform/', {
      json: { filename: 'three.bin', method: 'put', md5_checksum: file.md5 },
    })
    const sent = await fetch(created.body.upload_url!, {
      method: 'PUT',
      body: file.stream,
      duplex: 'half',
    } as RequestInit)
    expect(sent.status).toBe(200)
    const pkg = await createPackage(created.body.identifier!)
    const response = await fetch(pkg.cdn_url!, { headers })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-length')).toBe(String(3 * MIB))
    const bytes = new Uint8Array(await response.arrayBuffer())
    expect(digest('sha256', bytes)).toBe(file.sha256)
    expect(digest('md5', bytes)).toBe(file.md5)
    expectChecksums(pkg, bytes)
    // A range across the 1 MiB blocks the client sent.
    const range = await fetch(pkg.cdn_url!, {
      headers: { ...headers, Range: `bytes=${MIB - 10}-${MIB + 9}` },
    })
    expect(range.status).toBe(206)
    expect(range.headers.get('content-range')).toBe(`bytes ${MIB - 10}-${MIB + 9}/${3 * MIB}`)
    expect(new Uint8Array(await range.arrayBuffer())).toEqual(bytes.subarray(MIB - 10, MIB + 10))
  })

  it('a multipart upload over 1 MiB (two parts, in order): the download is the parts joined', async () => {
    const parts = [new Uint8Array(MIB).fill(1), new Uint8Array(MIB / 2).fill(2)]
    const whole = new Uint8Array([...parts[0]!, ...parts[1]!])
    const created = await call<PackageFileUpload>('POST', '/v1/files/acme/platform/', {
      json: { filename: 'parts.bin', method: 'put_parts', md5_checksum: digest('md5', whole) },
    })
    for (const [index, bytes] of parts.entries()) {
      const put = await fetch(
        `${created.body.upload_url}?upload_id=${created.body.identifier}&part_number=${index + 1}`,
        { method: 'PUT', headers, body: bytes },
      )
      expect(put.status).toBe(200)
    }
    const done = await call(
      'POST',
      `/v1/files/acme/platform/${created.body.identifier}/complete/`,
      {
        json: { upload_id: created.body.identifier, complete: true },
      },
    )
    expect(done.status).toBe(201)
    const pkg = await createPackage(created.body.identifier!)
    const bytes = new Uint8Array(await (await fetch(pkg.cdn_url!, { headers })).arrayBuffer())
    expect(bytes).toEqual(whole)
    expectChecksums(pkg, bytes)
  })
})
