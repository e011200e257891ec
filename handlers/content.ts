/**
 * The bytes behind a package file, and their checksums. Three kinds of file:
 * - a small upload: its bytes are kept in the record (base64, so `--persist` keeps them too);
 * - a larger upload: its bytes are kept by the mock's spool while there is room
 *   (handlers/spool.ts), its digests taken as it streamed;
 * - a file with no checksums of its own (seeded packages): its content is generated from the
 *   file's `slug_perm` (itself drawn from the mock's seed) and its size, and its checksums are
 *   the digests of that content, worked out on first use and remembered with the record.
 * Generated content is made of 64 KiB blocks, each from its own seeded generator, so a download
 * of any size costs about one block of memory and any byte range is produced without the bytes
 * before it.
 */
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { PackageFileRecord } from '../src/core/db/schemas.ts'

/** Uploads up to this many bytes are kept in the record, downloaded exactly as sent (1 MiB). */
export const KEEP_BYTES = 1024 * 1024

/** The four digests Cloudsmith lists for a file, lower-case hex. */
export interface Checksums {
  checksum_md5: string
  checksum_sha1: string
  checksum_sha256: string
  checksum_sha512: string
}

/** The four digests taken over a stream of chunks. */
export interface Checksummer {
  update(chunk: Uint8Array): void
  digest(): Checksums
}

/**
 * Running MD5, SHA-1, SHA-256 and SHA-512 (what the package fields carry), fed chunk by chunk.
 * @example
 * const sums = checksummer(); sums.update(bytes); sums.digest().checksum_sha256 // 64 hex digits
 */
export function checksummer(): Checksummer {
  const crypto = nativeCrypto()
  return crypto ? nativeChecksummer(crypto) : portableChecksummer()
}

/** The hashing part of node:crypto. */
interface NativeCrypto {
  createHash(algorithm: string): {
    update(chunk: Uint8Array): unknown
    digest(encoding: 'hex'): string
  }
}

/**
 * Node's own hashes when the runtime has them (Node 22's synchronous `getBuiltinModule`): the
 * same digests as @noble/hashes, an order of magnitude faster, which is what makes uploads of
 * hundreds of MiB and the seeded files' digests cheap. Browsers use @noble/hashes. Looked up on
 * the first checksum, not at import: loading node:crypto was ~15 ms of `serve`'s start, which
 * answers reads without it (bench/NOTES.md, cold start). `undefined` until then, `null` where the
 * runtime has none.
 */
let native: NativeCrypto | null | undefined
function nativeCrypto(): NativeCrypto | null {
  if (native === undefined)
    native =
      ((
        globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
      ).process?.getBuiltinModule?.('node:crypto') as NativeCrypto | undefined) ?? null
  return native
}

function nativeChecksummer(crypto: NativeCrypto): Checksummer {
  const hashes = (['md5', 'sha1', 'sha256', 'sha512'] as const).map((name) =>
    crypto.createHash(name),
  )
  return {
    update(chunk) {
      for (const hash of hashes) hash.update(chunk)
    },
    digest() {
      const [md, s1, s256, s512] = hashes.map((hash) => hash.digest('hex'))
      return {
        checksum_md5: md!,
        checksum_sha1: s1!,
        checksum_sha256: s256!,
        checksum_sha512: s512!,
      }
    },
  }
}

function portableChecksummer(): Checksummer {
  const md = md5.create()
  const s1 = sha1.create()
  const s256 = sha256.create()
  const s512 = sha512.create()
  return {
    update(chunk) {
      md.update(chunk)
      s1.update(chunk)
      s256.update(chunk)
      s512.update(chunk)
    },
    digest: () => ({
      checksum_md5: bytesToHex(md.digest()),
      checksum_sha1: bytesToHex(s1.digest()),
      checksum_sha256: bytesToHex(s256.digest()),
      checksum_sha512: bytesToHex(s512.digest()),
    }),
  }
}

/**
 * The checksums of `bytes`, as the package fields carry them.
 * @example
 * checksumsOf(new TextEncoder().encode('abc')).checksum_md5 // '900150983cd24fb0d6963f7d28e17f72'
 */
export function checksumsOf(bytes: Uint8Array): Checksums {
  const sums = checksummer()
  sums.update(bytes)
  return sums.digest()
}

const CHUNK = 8192

/** Base64 without Buffer (the core runs in browsers too). */
export function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += CHUNK)
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** Generated content is made of blocks of this size, each from its own seeded generator. */
const BLOCK = 64 * 1024

/** FNV-1a over `id:block`: a non-zero 32-bit seed for one block. */
function blockSeed(id: string, block: number): number {
  let hash = 0x811c9dc5
  for (const char of `${id}:${block}`) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0 || 1
}

/**
 * The first `length` bytes of block `index` of the content generated for `id` (xorshift32,
 * four bytes per step, written little-endian through a DataView so every platform makes the
 * same bytes). Only what is asked for is made: a 1 KiB file costs 1 KiB of work.
 */
function generatedBlock(id: string, index: number, length: number): Uint8Array {
  const block = new Uint8Array(Math.ceil(length / 4) * 4)
  const view = new DataView(block.buffer)
  let x = blockSeed(id, index)
  for (let i = 0; i < block.byteLength; i += 4) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    view.setUint32(i, x >>> 0, true)
  }
  return block
}

/**
 * The bytes `start` to `end` (exclusive) of the content generated for the file `id`, block by
 * block: the same bytes for the same `id` on every call, in every runtime.
 * @example
 * for (const chunk of generatedChunks('Ab12Cd34', 0, 100)) sums.update(chunk) // 100 bytes
 */
export function* generatedChunks(id: string, start: number, end: number): Generator<Uint8Array> {
  for (let at = start; at < end;) {
    const index = Math.floor(at / BLOCK)
    const offset = at - index * BLOCK
    const take = Math.min(BLOCK - offset, end - at)
    yield generatedBlock(id, index, offset + take).subarray(offset, offset + take)
    at += take
  }
}

/** Digests of generated content, remembered with the (frozen, long-lived) file record. */
const generatedDigests = new WeakMap<PackageFileRecord, Checksums>()

/**
 * The checksums a file shows: its own when the record has them (an upload), else the digests of
 * its generated content (`slug_perm`, `size`), computed once per record. Seeded files are small
 * (fixtures/packages.ts), so the first listing of a page costs a few milliseconds.
 * @example
 * fileChecksums({ slug_perm: 'Ab12Cd34', filename: 'a.txt', size: 3, is_primary: true }).checksum_sha256
 */
export function fileChecksums(file: PackageFileRecord): Checksums {
  if (file.checksum_md5 && file.checksum_sha1 && file.checksum_sha256 && file.checksum_sha512)
    return {
      checksum_md5: file.checksum_md5,
      checksum_sha1: file.checksum_sha1,
      checksum_sha256: file.checksum_sha256,
      checksum_sha512: file.checksum_sha512,
    }
  let sums = generatedDigests.get(file)
  if (!sums) {
    const running = checksummer()
    for (const chunk of generatedChunks(file.slug_perm, 0, file.size)) running.update(chunk)
    sums = running.digest()
    generatedDigests.set(file, sums)
  }
  return sums
}

/** A stream of `chunks`, pulled one at a time (a download holds about one block). */
export function streamOf(chunks: Iterator<Uint8Array>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      const next = chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(next.value)
    },
  })
}
