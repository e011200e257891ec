/**
 * Uploads are streamed: twenty 50 MB uploads in flight at once against the real server process
 * must not be held in memory. Before, each upload was held about 3.5 to 4 times over (the
 * buffered body, the FormData, the File's bytes, the hashed copy): ten concurrent 24 MB
 * uploads added ~0.9 GB, twenty peaked at 1.8 GB. Holding these twenty even once would take
 * 1,000 MiB; the bound below is a tenth of that (a run on the 2-core machine peaked 38 MiB
 * above the warmed-up size).
 *
 * The server's resident memory is read from /proc/<pid>/status: VmRSS before (after a warm-up
 * upload), VmHWM (the peak) after. Linux only, as /proc is.
 */
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Package } from '../../src/index.ts'
import { call, startServer, stopAll, type RunningServer } from '../server/support/cli.ts'
import { checksumOf, requestUpload, sendUpload } from './support/streamed-upload.ts'

const UPLOADS = 20
const MIB_EACH = 50
/** Peak growth allowed over the warmed-up resident size, in MiB. */
const BOUND_MIB = 100

function memoryMib(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1])
  return kib / 1024
}

let server: RunningServer
beforeAll(async () => {
  server = await startServer(['--quiet', '--max-concurrent-uploads', String(UPLOADS)])
})
afterAll(stopAll)

describe('uploads in flight are held a chunk at a time', () => {
  it(`${UPLOADS} concurrent ${MIB_EACH} MB uploads (POST and PUT) raise the peak RSS by < ${BOUND_MIB} MiB, and each checksum verifies`, async () => {
    const pid = server.child.pid!
    // Hashed before any request: a second or more of blocked event loop (1 GB of SHA-256) with
    // a kept-alive socket idle would outlast the server's 5 s keep-alive under load, and the next
    // request would go out on a socket the server already closed.
    const sha256 = Array.from({ length: UPLOADS }, (_, seed) => checksumOf(seed, MIB_EACH))
    // Warm-up: the upload path's modules and compiled code are part of the baseline.
    const warm = await requestUpload(server, 'warm.bin', { sha256: checksumOf(99, 2) })
    expect((await sendUpload(warm, 'POST', 99, 2)).status).toBe(204)
    const before = memoryMib(pid, 'VmRSS')

    const uploads = await Promise.all(
      Array.from({ length: UPLOADS }, (_, seed) =>
        requestUpload(server, `big-${seed}.bin`, {
          method: seed % 2 ? 'put' : 'post',
          sha256: sha256[seed]!,
        }),
      ),
    )
    // The server checks each file against the sha256_checksum given: 204/200 means it hashed
    // every byte as node:crypto did here.
    const sent = await Promise.all(
      uploads.map((upload, seed) => sendUpload(upload, seed % 2 ? 'PUT' : 'POST', seed, MIB_EACH)),
    )
    expect(sent.map((reply) => reply.status)).toEqual(
      uploads.map((_, seed) => (seed % 2 ? 200 : 204)),
    )
    const peak = memoryMib(pid, 'VmHWM')
    console.info(
      `upload memory: RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB during ${UPLOADS} x ${MIB_EACH} MiB`,
    )
    expect(peak - before).toBeLessThan(BOUND_MIB)

    // The package made from one of them carries the size and checksum of the whole file.
    const created = await call<Package>(server, 'POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: uploads[0]!.identifier, name: 'big', version: '1.0.0' },
    })
    expect(created.status).toBe(201)
    expect(created.body.checksum_sha256).toBe(checksumOf(0, MIB_EACH))
    expect(created.body.size).toBe(MIB_EACH * 1024 * 1024)
  }, 600_000)
})
