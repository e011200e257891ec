/**
 * The standalone server's spool storage (src/core/spool.ts): kept upload bytes go to files in
 * a temporary directory of their own, so keeping them costs disk, not memory. Synchronous file
 * calls, a chunk at a time: the bytes arrive and leave in chunks of at most 64 KiB.
 */
import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SpoolStorage } from '../../core/spool.ts'

const PREFIX = 'cloudsmith-mock-spool-'

/**
 * Removes spool directories of servers that are gone (kill -9 never runs `dispose`), so kept
 * bytes of killed servers do not pile up in the temporary directory. Live servers' are kept.
 */
function removeOrphans(parent: string): void {
  let names: string[]
  try {
    names = readdirSync(parent)
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(/^cloudsmith-mock-spool-(\d+)-/.exec(name)?.[1])
    if (!pid || pid === process.pid || alive(pid)) continue
    rmSync(join(parent, name), { recursive: true, force: true })
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

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
  removeOrphans(parent)
  // The process id in the name lets a later server tell a killed one's directory from a live one's.
  const dir = mkdtempSync(join(parent, `${PREFIX}${process.pid}-`))
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
