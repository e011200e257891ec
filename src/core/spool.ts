/**
 * Where a mock keeps the bytes of uploads too large for their record (over 1 MiB), so that a
 * download answers exactly what was uploaded. Bounded: at most `maxBytes` in all (the
 * `keepBytes` option); a file larger than that is not kept at all, and keeping a new one drops
 * the oldest kept first. The bytes live in a SpoolStorage: memory by default (this module, any
 * runtime), files in a temporary directory for the standalone server
 * (src/adapters/server/file-spool.ts). Not persisted: after a restart with `--persist`, or once
 * dropped, such a file has no bytes to download (410, handlers/downloads.ts) while its size and
 * checksums stay the upload's.
 */

/** Bytes a mock keeps in memory by default for downloads of large uploads (256 MiB). */
export const DEFAULT_KEEP_BYTES = 256 * 1024 * 1024

/** Takes the bytes of one file as they stream in. */
export interface SpoolWriter {
  write(chunk: Uint8Array): void
  /** The file is whole: it is kept under its key (unless it outgrew the spool). */
  done(): void
  /** The upload failed: nothing is kept. */
  drop(): void
}

/** A kept file's bytes. */
export interface SpoolEntry {
  size: number
  /** The bytes `start` to `end` (exclusive), a chunk at a time. */
  read(start: number, end: number): Iterator<Uint8Array>
}

export interface Spool {
  /** Starts keeping a file under `key`, replacing what was kept there. */
  writer(key: string): SpoolWriter
  get(key: string): SpoolEntry | undefined
  /** Keeps what was kept under `from` under `to` (an upload's bytes become a file's). */
  rename(from: string, to: string): void
  delete(key: string): void
  /** The keys kept, oldest first. */
  keys(): string[]
  /** Bytes kept in all. */
  readonly size: number
}

/** Where a spool's bytes live; `H` names one kept file. */
export interface SpoolStorage<H> {
  /** A new file being written. */
  open(): { write(chunk: Uint8Array): void; close(): H; discard(): void }
  read(handle: H, start: number, end: number): Iterator<Uint8Array>
  remove(handle: H): void
}

/** Keeps the bytes as the chunks they arrived in (copied: readers may reuse their buffers). */
export function memoryStorage(): SpoolStorage<Uint8Array[]> {
  return {
    open() {
      const chunks: Uint8Array[] = []
      return {
        write: (chunk) => void chunks.push(chunk.slice()),
        close: () => chunks,
        discard: () => void chunks.splice(0),
      }
    },
    read: (chunks, start, end) => slices(chunks, start, end),
    remove: (chunks) => void chunks.splice(0),
  }
}

/**
 * A spool of at most `maxBytes` (0: nothing is kept) in `storage` (memory by default).
 * @example
 * const spool = createSpool(64 * 1024 * 1024)
 * const w = spool.writer('upload-1'); w.write(bytes); w.done(); spool.get('upload-1')?.size
 */
export function createSpool<H>(
  maxBytes: number = DEFAULT_KEEP_BYTES,
  storage: SpoolStorage<H> = memoryStorage() as SpoolStorage<never>,
): Spool {
  // Insertion order is age: the first entries are dropped first.
  const files = new Map<string, { handle: H; size: number }>()
  let total = 0
  // Bytes of files still being written: they count against the bound too.
  let pending = 0
  const remove = (key: string) => {
    const kept = files.get(key)
    if (!kept) return
    files.delete(key)
    total -= kept.size
    storage.remove(kept.handle)
  }
  /** Makes room for `bytes` more by dropping the oldest; false when they can never fit. */
  const room = (bytes: number) => {
    // Files still being written are never dropped: past them, nothing older is worth dropping.
    if (pending + bytes > maxBytes) return false
    for (const key of files.keys()) {
      if (total + pending + bytes <= maxBytes) break
      remove(key)
    }
    return total + pending + bytes <= maxBytes
  }
  return {
    writer(key) {
      remove(key)
      let sink: ReturnType<SpoolStorage<H>['open']> | null = null
      let size = 0
      let open = true
      const release = () => {
        pending -= size
        size = 0
        open = false
        sink?.discard()
        sink = null
      }
      return {
        write(chunk) {
          if (!open) return
          if (!room(chunk.byteLength)) return release()
          sink ??= storage.open()
          sink.write(chunk)
          size += chunk.byteLength
          pending += chunk.byteLength
        },
        done() {
          if (!open) return
          const handle = (sink ?? storage.open()).close()
          pending -= size
          open = false
          files.set(key, { handle, size })
          total += size
        },
        drop: release,
      }
    },
    get(key) {
      const kept = files.get(key)
      return (
        kept && { size: kept.size, read: (start, end) => storage.read(kept.handle, start, end) }
      )
    },
    rename(from, to) {
      if (from === to) return
      const kept = files.get(from)
      // Whatever was under `to` is stale either way (ids repeat after a reset).
      remove(to)
      if (!kept) return
      files.delete(from)
      files.set(to, kept)
    },
    delete: remove,
    keys: () => [...files.keys()],
    get size() {
      return total
    },
  }
}

function* slices(chunks: Uint8Array[], start: number, end: number): Generator<Uint8Array> {
  let at = 0
  for (const chunk of chunks) {
    if (at >= end) return
    const from = Math.max(start, at)
    const to = Math.min(end, at + chunk.byteLength)
    if (from < to) yield chunk.subarray(from - at, to - at)
    at += chunk.byteLength
  }
}
