/**
 * The standalone server's spool storage (src/core/spool.ts): kept upload bytes go to files in
 * a temporary directory of their own, so keeping them costs disk, not memory. Synchronous file
 * calls, a chunk at a time: the bytes arrive and leave in chunks of at most 64 KiB.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SpoolStorage } from '../../core/spool.ts'

/** Bytes read per chunk of a download. */
const READ_CHUNK = 64 * 1024

export interface FileStorage extends SpoolStorage<string> {
  /** Where the files are. */
  readonly dir: string
  /** Removes the directory and everything in it. */
  dispose(): void
}

/**
 * A directory under `parent` (default: the OS temporary directory) for the kept bytes.
 * @throws Error from node:fs when the directory cannot be made.
 * @example
 * const storage = fileStorage(); createSpool(2 ** 31, storage); ...; storage.dispose()
 */
export function fileStorage(parent: string = tmpdir()): FileStorage {
  const dir = mkdtempSync(join(parent, 'cloudsmith-mock-spool-'))
  let count = 0
  return {
    dir,
    open() {
      const path = join(dir, `${++count}.bin`)
      const fd = openSync(path, 'w')
      let open = true
      const close = () => {
        if (open) closeSync(fd)
        open = false
      }
      return {
        write(chunk) {
          for (let at = 0; at < chunk.byteLength;)
            at += writeSync(fd, chunk, at, chunk.byteLength - at)
        },
        close() {
          close()
          return path
        },
        discard() {
          close()
          rmSync(path, { force: true })
        },
      }
    },
    *read(path, start, end) {
      // Opened per chunk: a download left half-read holds no descriptor.
      for (let at = start; at < end;) {
        const chunk = new Uint8Array(Math.min(READ_CHUNK, end - at))
        const fd = openSync(path, 'r')
        let read: number
        try {
          read = readSync(fd, chunk, 0, chunk.byteLength, at)
        } finally {
          closeSync(fd)
        }
        if (read === 0) return
        yield chunk.subarray(0, read)
        at += read
      }
    },
    remove: (path) => rmSync(path, { force: true }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  }
}
