/**
 * The `--persist` write log: an append-only file beside the state file, one line per group of
 * writes saved together, each line `<sha1 of the JSON> <JSON>\n`. JSON.stringify never writes a
 * raw line break, so a line is an entry; a crash in the middle of an append leaves at most the
 * last line torn (no line break, or bytes that do not match their checksum), and reading stops
 * there. Appends go through one O_APPEND handle and are fdatasync'd once per group.
 */
import { createHash } from 'node:crypto'
import { open, readFile, type FileHandle } from 'node:fs/promises'

/** One group of writes: the records they changed, the clock and the id counters after them. */
export interface LogEntry {
  /** 1, 2, 3...: the snapshot names the last one it holds, so older ones are skipped. */
  seq: number
  now: number
  counters: Record<string, number>
  /** Per table: [key, record now] pairs, null for a deleted record. */
  records: Record<string, [string, unknown][]>
}

const HASH_LENGTH = 40

const checksum = (json: string) => createHash('sha1').update(json).digest('hex')

/** The line for `entry`, line break included. */
export function encodeEntry(entry: LogEntry): string {
  const json = JSON.stringify(entry)
  return `${checksum(json)} ${json}\n`
}

/** A log that is damaged before its last line: not what a crash leaves, so not skipped quietly. */
export class CorruptLogError extends Error {
  override name = 'CorruptLogError'
}

/**
 * The entries of the log text, in order, up to a torn last line (dropped). Throws
 * CorruptLogError when a line before the last is damaged.
 * @example
 * decodeEntries(encodeEntry(a) + encodeEntry(b).slice(0, 10)) // [a]: the torn b is dropped
 */
export function decodeEntries(text: string): { entries: LogEntry[]; torn: boolean } {
  const lines = text.split('\n')
  // After the last line break: empty, or an entry whose append never finished.
  const tail = lines.pop()!
  const entries: LogEntry[] = []
  for (let index = 0; index < lines.length; index++) {
    const entry = decodeLine(lines[index]!)
    if (entry) {
      entries.push(entry)
      continue
    }
    // A torn last append can still end with a line break (a page written, the one before not).
    if (index === lines.length - 1 && tail === '') return { entries, torn: true }
    throw new CorruptLogError(`line ${index + 1} is damaged (its checksum does not match)`)
  }
  return { entries, torn: tail !== '' }
}

function decodeLine(line: string): LogEntry | null {
  const json = line.slice(HASH_LENGTH + 1)
  if (line[HASH_LENGTH] !== ' ' || checksum(json) !== line.slice(0, HASH_LENGTH)) return null
  try {
    const entry = JSON.parse(json) as LogEntry
    return typeof entry.seq === 'number' && entry.records && typeof entry.records === 'object'
      ? entry
      : null
  } catch {
    return null
  }
}

/** The log's text, or '' when there is none. */
export async function readLog(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw error
  }
}

export interface LogAppender {
  /** Bytes in the log so far. */
  readonly size: number
  /** Appends `line` and fdatasyncs it; rejects when either fails (the log is then unusable). */
  append(line: string): Promise<void>
  close(): Promise<void>
}

/** Opens (creating it when missing) the log at `path` for appending. */
export async function openLog(path: string): Promise<LogAppender> {
  const handle: FileHandle = await open(path, 'a', 0o600)
  let size = (await handle.stat()).size
  return {
    get size() {
      return size
    },
    async append(line) {
      const bytes = Buffer.from(line)
      for (let done = 0; done < bytes.length;)
        done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten
      await handle.datasync()
      size += bytes.length
    },
    close: () => handle.close(),
  }
}
