/**
 * The bytes of test uploads of any size: one 1 MiB block sent again and again, its bytes
 * depending on a seed, and their SHA-256 worked out here with node:crypto, so a test can give
 * the mock the checksum to verify without trusting the mock's own hashing.
 */
import { createHash } from 'node:crypto'

export const MIB = 1024 * 1024

/** A 1 MiB block whose bytes depend on `seed`, so different uploads have different checksums. */
export function block(seed: number): Buffer {
  const bytes = Buffer.alloc(MIB)
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 7) & 0xff
  return bytes
}

/** The SHA-256 (hex) of `block(seed)` repeated `mib` times. */
export function checksumOf(seed: number, mib: number): string {
  const hash = createHash('sha256')
  const bytes = block(seed)
  for (let i = 0; i < mib; i++) hash.update(bytes)
  return hash.digest('hex')
}
