/**
 * The whole file's digests of a multipart upload, kept while its parts arrive. The CLI sends
 * the parts one after another, in order (C `core/api/files.py` `multi_part_upload_file`), and
 * gives the whole file's `md5_checksum` at `files_create`: hashing each part into running
 * digests as it streams lets `complete` check that checksum without holding any part. Parts out
 * of order, sent at once, or a part that failed halfway leave nothing to check (the record says
 * so with null digests). Only the hash states live here (a few hundred bytes per upload), in
 * memory: an upload that outlives the process is completed unchecked.
 */
import { md5 } from '@noble/hashes/legacy.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import type { MockState } from './context.ts'

interface Running {
  sha: ReturnType<typeof sha256.create>
  md: ReturnType<typeof md5.create>
  /** The part number expected next (1-based). */
  next: number
  /** A part is streaming into the digests. */
  busy: boolean
}

export interface PartDigests {
  /**
   * A part starts: its chunks go to `update` when it is the next in order and no other part is
   * streaming; otherwise (null) the upload can no longer be checked.
   */
  start(identifier: string, part: number): { update(chunk: Uint8Array): void; done(): void } | null
  /** The part failed halfway: the digests no longer describe the parts recorded. */
  fail(identifier: string): void
  /** The whole file's digests (null when they cannot be known), forgetting the upload. */
  finish(identifier: string): { md5: string; sha256: string } | null
}

const perMock = new WeakMap<MockState, PartDigests>()

/** The running digests of `state`'s multipart uploads (one table per mock). */
export function partDigests(state: MockState): PartDigests {
  let table = perMock.get(state)
  if (!table) perMock.set(state, (table = createPartDigests()))
  return table
}

function createPartDigests(): PartDigests {
  const running = new Map<string, Running | 'unknown'>()
  return {
    start(identifier, part) {
      // Part 1 starts afresh: a retried first part, or an identifier issued again after reset().
      let entry = running.get(identifier)
      if (part === 1 && !(entry !== undefined && entry !== 'unknown' && entry.busy)) {
        entry = { sha: sha256.create(), md: md5.create(), next: 1, busy: false }
        running.set(identifier, entry)
      }
      if (!entry || entry === 'unknown' || entry.busy || entry.next !== part) {
        running.set(identifier, 'unknown')
        return null
      }
      const digests = entry
      digests.busy = true
      return {
        update(chunk) {
          digests.sha.update(chunk)
          digests.md.update(chunk)
        },
        done() {
          digests.busy = false
          digests.next++
        },
      }
    },
    fail: (identifier) => void running.set(identifier, 'unknown'),
    finish(identifier) {
      const entry = running.get(identifier)
      running.delete(identifier)
      if (!entry || entry === 'unknown' || entry.busy) return null
      return { md5: bytesToHex(entry.md.digest()), sha256: bytesToHex(entry.sha.digest()) }
    },
  }
}
