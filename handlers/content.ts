/**
 * The bytes behind a package file. Small uploads are kept (base64, in the package record, so
 * `--persist` keeps them too); anything else (a large upload, a seeded package) is regenerated
 * on demand from the seed and the file's id, a block at a time, so a download of any size costs
 * about one block of memory and any byte range can be produced without the ones before it.
 */
import { md5, sha1 } from '@noble/hashes/legacy.js'
import { sha256, sha512 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'

/** Uploads up to this many bytes are kept whole and downloaded exactly as sent (1 MiB). */
export const KEEP_BYTES = 1024 * 1024

/** The four digests Cloudsmith lists for a file, lower-case hex. */
export interface Checksums {
  checksum_md5: string
  checksum_sha1: string
  checksum_sha256: string
  checksum_sha512: string
}

/**
 * The checksums of `bytes`, as the package fields carry them.
 * @example
 * checksumsOf(new TextEncoder().encode('abc')).checksum_md5 // '900150983cd24fb0d6963f7d28e17f72'
 */
export function checksumsOf(bytes: Uint8Array): Checksums {
  return {
    checksum_md5: bytesToHex(md5(bytes)),
    checksum_sha1: bytesToHex(sha1(bytes)),
    checksum_sha256: bytesToHex(sha256(bytes)),
    checksum_sha512: bytesToHex(sha512(bytes)),
  }
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

/** Regenerated content is made of blocks of this size, each from its own seeded generator. */
const BLOCK = 64 * 1024

/** FNV-1a over the text: a 32-bit seed for one block. */
function blockSeed(seed: number, id: string, block: number): number {
  let hash = 0x811c9dc5 ^ seed
  for (const char of `${id}:${block}`) {
    hash ^= char.charCodeAt(0)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0 || 1
}

/** Block `index` of the regenerated content (xorshift32, four bytes per step). */
function regeneratedBlock(seed: number, id: string, index: number): Uint8Array {
  const block = new Uint8Array(BLOCK)
  const words = new Uint32Array(block.buffer)
  let x = blockSeed(seed, id, index)
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    words[i] = x >>> 0
  }
  return block
}

/**
 * The bytes `start` to `end` (exclusive) of a file's content as a stream: the kept bytes when
 * there are some, else the content regenerated from `seed` and `id` (the same for every call).
 * @example
 * const stream = contentStream({ seed: 1, id: 'Ab12Cd34', size: 100, kept: null }, 0, 100)
 */
export function contentStream(
  file: { seed: number; id: string; size: number; kept: Uint8Array | null },
  start: number,
  end: number,
): ReadableStream<Uint8Array> {
  if (file.kept) {
    const slice = file.kept.subarray(start, end)
    return new ReadableStream({
      start(controller) {
        if (slice.byteLength) controller.enqueue(slice)
        controller.close()
      },
    })
  }
  let at = start
  return new ReadableStream({
    pull(controller) {
      if (at >= end) return controller.close()
      const index = Math.floor(at / BLOCK)
      const offset = at - index * BLOCK
      const take = Math.min(BLOCK - offset, end - at)
      controller.enqueue(
        regeneratedBlock(file.seed, file.id, index).subarray(offset, offset + take),
      )
      at += take
    },
  })
}
