/**
 * Issue 13 point 6 with `--persist`: the bytes of an upload over 1 MiB live in the server's
 * spool (temporary files), which is not persisted (src/core/spool.ts). After a restart the
 * package is still there with its size and checksums, and its download answers the documented
 * 410 `content_not_kept` (docs/downloads.md), not a crash and not bytes the checksums do not
 * describe.
 */
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Package } from '../../src/index.ts'
import { call, DEMO_KEY, startServer, stopAll } from './support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'kept-bytes-restart-'))
afterAll(async () => {
  await stopAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('kept upload bytes across a --persist restart', () => {
  it('downloads as sent before the restart, 410 content_not_kept after it', async () => {
    const state = join(dir, 'state.json')
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 13) & 0xff)
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const first = await startServer(['--quiet', '--persist', state])
    const put = await call<{ identifier: string }>(
      first,
      'PUT',
      '/__upload-host/acme/platform/kept-1.0.0.bin',
      { body: bytes, headers: { 'Content-Sha256': sha256 } },
    )
    expect(put.status).toBe(200)
    const created = await call<Package>(first, 'POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: put.body.identifier, name: 'kept', version: '1.0.0' },
    })
    expect(created.status).toBe(201)
    const slug = created.body.slug_perm
    await call(first, 'GET', `/v1/packages/acme/platform/${slug}/status/`)
    const before = await call<Package>(first, 'GET', `/v1/packages/acme/platform/${slug}/`)
    const auth = { 'X-Api-Key': DEMO_KEY }
    const kept = await fetch(before.body.cdn_url!, { headers: auth })
    expect(kept.status).toBe(200)
    const got = Buffer.from(await kept.arrayBuffer())
    expect(createHash('sha256').update(got).digest('hex')).toBe(sha256)
    expect((await first.stop()).code).toBe(0)

    const second = await startServer(['--quiet', '--persist', state])
    const after = await call<Package>(second, 'GET', `/v1/packages/acme/platform/${slug}/`)
    expect(after.status).toBe(200)
    expect(after.body).toMatchObject({ size: bytes.length, checksum_sha256: sha256 })
    const gone = await fetch(after.body.cdn_url!, { headers: auth })
    expect(gone.status).toBe(410)
    expect(gone.headers.get('content-type')).toContain('application/json')
    expect(await gone.json()).toMatchObject({ code: 'content_not_kept' })
    // Still serving after the 410.
    expect((await call(second, 'GET', '/v1/user/self/')).status).toBe(200)
  })
})
