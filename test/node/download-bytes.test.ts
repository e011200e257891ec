/**
 * Issue 13 point 6, "regenerated deterministically ... with checksums that match the package's
 * own checksum fields", through the server adapter in this process (createMockHttpServer, real
 * fetch over HTTP on 127.0.0.1, no MSW): a seeded file larger than one 64 KiB block of
 * generated content, ranges within it, the same seed giving the same bytes, and uploads over
 * the 1 MiB a record keeps (in the server's spool files; `keepBytes: 0` keeps none, a 410).
 * Expected digests are worked out here with node:crypto, never taken from the mock.
 */
import { createHash } from 'node:crypto'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createMockHttpServer,
  type MockHttpServer,
  type MockHttpServerOptions,
} from '../../src/adapters/server/index.ts'
import type { Package } from '../../src/index.ts'
import { DEMO_KEY } from './support.ts'

const MIB = 1024 * 1024
const digest = (algorithm: string, bytes: Uint8Array | string) =>
  createHash(algorithm).update(bytes).digest('hex')

describe('generated content and kept bytes over HTTP (createMockHttpServer)', () => {
  const headers = { 'X-Api-Key': DEMO_KEY }
  const servers: MockHttpServer[] = []
  afterAll(() => Promise.all(servers.map((server) => server.close())))
  async function serve(options: MockHttpServerOptions): Promise<string> {
    const server = await createMockHttpServer({ clock: 'frozen', ...options })
    servers.push(server)
    return server.listen(0, '127.0.0.1')
  }
  const bytesOf = async (url: string, extra: Record<string, string> = {}) =>
    new Uint8Array(await (await fetch(url, { headers: { ...headers, ...extra } })).arrayBuffer())

  /** The default preset plus one public package of 200,000 bytes with no checksums given. */
  const withLargeSeeded = (seed: number) =>
    serve({
      seed,
      dataset: ({ preset }) => {
        const data = preset('default')
        const template = data.packages.find((p) => p.repository === 'web-assets')!
        data.packages.push({
          ...template,
          slug_perm: 'BigPkg01',
          slug: 'big-1-0-0',
          name: 'big',
          version: '1.0.0',
          format: 'raw',
          filename: 'big.bin',
          size: 200_000,
          files: [{ slug_perm: 'BigSeed01', filename: 'big.bin', size: 200_000, is_primary: true }],
          quarantined: false,
          sync: { ...template.sync, outcome: 'completed' },
        })
        return data
      },
    })
  const bigPackage = async (origin: string) =>
    (await (
      await fetch(`${origin}/v1/packages/acme/web-assets/BigPkg01/`, { headers })
    ).json()) as Package

  it('spans blocks, answers any range without the bytes before it, and matches its checksums', async () => {
    const pkg = await bigPackage(await withLargeSeeded(1))
    const whole = await bytesOf(pkg.cdn_url!)
    expect(whole.byteLength).toBe(200_000)
    expect(digest('sha256', whole)).toBe(pkg.checksum_sha256)
    expect(digest('md5', whole)).toBe(pkg.checksum_md5)
    expect(digest('sha512', whole)).toBe(pkg.files![0]!.checksum_sha512)
    // 65,536 is where the second block starts.
    for (const [range, from, to] of [
      ['bytes=65530-65545', 65530, 65546],
      ['bytes=131072-', 131072, 200_000],
      ['bytes=-7', 199_993, 200_000],
    ] as const) {
      const part = await fetch(pkg.cdn_url!, { headers: { ...headers, Range: range } })
      expect(part.status).toBe(206)
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(whole.subarray(from, to))
    }
  })

  it('the same seed gives the same bytes, another seed other packages and bytes', async () => {
    const a = await bytesOf((await bigPackage(await withLargeSeeded(1))).cdn_url!)
    const b = await bytesOf((await bigPackage(await withLargeSeeded(1))).cdn_url!)
    expect(digest('sha256', b)).toBe(digest('sha256', a))
    const seeded = async (seed: number) => {
      const origin = await serve({ seed })
      const listed = await fetch(`${origin}/v1/packages/acme/web-assets/?page_size=1`)
      const [pkg] = (await listed.json()) as Package[]
      const bytes = await bytesOf(pkg!.cdn_url!)
      expect(digest('sha256', bytes)).toBe(pkg!.checksum_sha256)
      return digest('sha256', bytes)
    }
    const seven = await seeded(7)
    expect(await seeded(7)).toBe(seven)
    expect(await seeded(8)).not.toBe(seven)
  })

  it('keeps a 3 MiB direct upload in its spool files; with keepBytes: 0 the download is a 410', async () => {
    const bytes = new Uint8Array(3 * MIB).map((_, i) => (i * 13) & 0xff)
    const upload = async (origin: string) => {
      const put = await fetch(`${origin}/__upload-host/acme/platform/big-1.0.0.bin`, {
        method: 'PUT',
        headers,
        body: bytes,
      })
      expect(put.status).toBe(200)
      const { identifier } = (await put.json()) as { identifier: string }
      const created = await fetch(`${origin}/v1/packages/acme/platform/upload/raw/`, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ package_file: identifier }),
      })
      const pkg = (await created.json()) as Package
      // Its checksums are the upload's either way.
      expect(pkg.checksum_sha256).toBe(digest('sha256', bytes))
      expect(pkg.checksum_sha1).toBe(digest('sha1', bytes))
      expect(pkg.checksum_sha512).toBe(digest('sha512', bytes))
      // One status poll completes a sync with default settings; then the package has a cdn_url.
      await fetch(`${origin}/v1/packages/acme/platform/${pkg.slug_perm}/status/`, { headers })
      const read = await fetch(`${origin}/v1/packages/acme/platform/${pkg.slug_perm}/`, {
        headers,
      })
      return fetch(((await read.json()) as Package).cdn_url!, { headers })
    }
    const kept = await upload(await serve({ seed: 1 }))
    expect(kept.status).toBe(200)
    const body = new Uint8Array(await kept.arrayBuffer())
    expect(digest('sha256', body)).toBe(digest('sha256', bytes))
    expect(kept.headers.get('etag')).toBe(`"${digest('md5', bytes)}"`)

    const gone = await upload(await serve({ seed: 1, keepBytes: 0 }))
    expect(gone.status).toBe(410)
    expect(await gone.json()).toMatchObject({ code: 'content_not_kept' })
  })
})
