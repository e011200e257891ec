/**
 * The whole file's digests (and kept bytes) of a multipart upload, kept while its parts arrive.
 * The CLI sends the parts one after another, in order (C `core/api/files.py`
 * `multi_part_upload_file`), and gives the whole file's `md5_checksum` at `files_create`:
 * hashing each part into running digests as it streams lets `complete` check that checksum
 * without holding any part, and the same chunks go to the mock's spool (src/core/spool.ts) so
 * the package's download answers them. Parts out of order, sent at once, or a part that failed
 * halfway leave nothing to check and nothing kept (the record says so with null digests). Only
 * the hash states live here (a few hundred bytes per upload), in memory: an upload that outlives
 * the process is completed unchecked.
 */
import type { Spool, SpoolWriter } from '../src/core/spool.ts'
import { checksummer, type Checksummer, type Checksums } from './content.ts'
import type { MockState } from './context.ts'

interface Running {
  sums: Checksummer
  kept: SpoolWriter
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
  /**
   * The whole file's digests (null when they cannot be known), forgetting the upload; its bytes
   * stay in the spool under `identifier` when they were kept whole.
   */
  finish(identifier: string): Checksums | null
  /** Forgets the upload and its kept bytes (aborted, dropped). */
  forget(identifier: string): void
}

const perMock = new WeakMap<MockState, PartDigests>()

/** The running digests of `state`'s multipart uploads (one table per mock). */
export function partDigests(state: MockState): PartDigests {
  let table = perMock.get(state)
  if (!table) perMock.set(state, (table = createPartDigests(state.spool)))
  return table
}

function createPartDigests(spool: Spool): PartDigests {
  const running = new Map<string, Running | 'unknown'>()
  const unknown = (identifier: string) => {
    const entry = running.get(identifier)
    if (entry && entry !== 'unknown') entry.kept.drop()
    spool.delete(identifier)
    running.set(identifier, 'unknown')
  }
  return {
    start(identifier, part) {
      // Part 1 starts afresh: a retried first part, or an identifier issued again after reset().
      let entry = running.get(identifier)
      if (part === 1 && !(entry !== undefined && entry !== 'unknown' && entry.busy)) {
        if (entry && entry !== 'unknown') entry.kept.drop()
        entry = { sums: checksummer(), kept: spool.writer(identifier), next: 1, busy: false }
        running.set(identifier, entry)
      }
      if (!entry || entry === 'unknown' || entry.busy || entry.next !== part) {
        unknown(identifier)
        return null
      }
      const digests = entry
      digests.busy = true
      return {
        update(chunk) {
          digests.sums.update(chunk)
          digests.kept.write(chunk)
        },
        done() {
          digests.busy = false
          digests.next++
        },
      }
    },
    fail: unknown,
    finish(identifier) {
      const entry = running.get(identifier)
      running.delete(identifier)
      if (!entry || entry === 'unknown' || entry.busy) {
        if (entry && entry !== 'unknown') entry.kept.drop()
        spool.delete(identifier)
        return null
      }
      entry.kept.done()
      return entry.sums.digest()
    },
    forget(identifier) {
      const entry = running.get(identifier)
      if (entry && entry !== 'unknown') entry.kept.drop()
      running.delete(identifier)
      spool.delete(identifier)
    },
  }
}
