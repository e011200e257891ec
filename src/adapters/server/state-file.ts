/**
 * `--persist FILE`: the mock's state on disk, as a snapshot (FILE) and a write log beside it
 * (FILE.log, ./write-log.ts). A group of writes appends the records it changed to the log and
 * fdatasyncs once, so its cost follows the change, not the data. Now and then (the log past the
 * snapshot's size, a failed append, start-up, SIGTERM) the whole state is written to a temporary
 * file, fsynced and renamed over FILE, and the log is removed: a kill -9 at any moment leaves the
 * old or the new snapshot, plus a log whose entries the snapshot does not hold yet (it names the
 * last one it holds). Loading is the snapshot plus every complete entry after it; a torn last
 * entry (a crash mid-append) was never acknowledged and is dropped. When to save is
 * durable-saves.ts's job. docs/decisions/persist-log-and-snapshot.md says why.
 */
import { randomUUID } from 'node:crypto'
import { open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import * as z from 'zod'
import type { ChangeSet, MockSnapshot } from '../../create-mock.ts'
import { parseDataset } from '../../core/db/database.ts'
import { recordKeys } from '../../core/db/keys.ts'
import { timestamp, type Dataset } from '../../core/db/schemas.ts'
import {
  CorruptLogError,
  decodeEntries,
  encodeEntry,
  openLog,
  readLog,
  type LogAppender,
  type LogEntry,
} from './write-log.ts'

const FORMAT = 'cloudsmith-mock-state'
const VERSION = 1
/** The log is folded into a new snapshot once it is this big, or as big as the snapshot. */
const MIN_LOG_BYTES = 4 * 1024 * 1024

const envelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  snapshot: z.object({
    seed: z.number().int(),
    now: timestamp,
    counters: z.record(z.string(), z.number().int().nonnegative()),
    dataset: z.unknown(),
  }),
  /** The last log entry the snapshot holds (absent in files written before the log: 0). */
  log: z.number().int().nonnegative().optional(),
})

/** A persisted state that cannot be used: the message is one line, fit for a CLI. */
export class StateFileError extends Error {
  override name = 'StateFileError'
}

function describe(error: z.ZodError): string {
  const issues = error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : ''
  return issues.join('; ') + more
}

export interface StateFile {
  readonly path: string
  /** The write log's path: `path` + `.log`. */
  readonly logPath: string
  /**
   * The saved state (snapshot plus log), or null when there is no snapshot yet. Throws a
   * StateFileError (one line) when it cannot be used. Removes temporary files a killed process
   * left behind.
   */
  load(): Promise<MockSnapshot | null>
  /**
   * True when the next save should be a whole snapshot: none written yet, the log has grown past
   * its bound, an append failed, or compact() asked for one.
   */
  wantsSnapshot(): boolean
  /** Makes the next save a whole snapshot (SIGTERM: leave one file behind). */
  compact(): void
  /**
   * Puts `changes` on disk: its snapshot written to a temporary file, fsynced, renamed over
   * `path`, the directory fsynced and the log removed; or, without a snapshot, one log entry
   * appended and fdatasync'd (nothing when nothing changed). Resolves once that is done; rejects
   * when any step fails, and then the next save is a whole snapshot (what the failed entry held
   * was taken from the mock already).
   */
  save(changes: ChangeSet): Promise<void>
}

/**
 * @example
 * const file = createStateFile('/tmp/state.json')
 * const saved = await file.load() // null on a first start
 * await file.save(await mock.changes({ snapshot: file.wantsSnapshot() }))
 */
export function createStateFile(path: string): StateFile {
  const directory = dirname(path)
  const tmpPrefix = `.${basename(path)}.`
  const logPath = `${path}.log`
  let log: LogAppender | null = null
  /** The last entry on disk (in the snapshot or the log). */
  let seq = 0
  let snapshotBytes = 0
  let needSnapshot = true
  let last: { now: number; counters: string } | null = null

  async function removeStaleTemporaries(): Promise<void> {
    let names: string[]
    try {
      names = await readdir(directory)
    } catch {
      return
    }
    // Left behind by a process killed between writing and renaming.
    for (const name of names)
      if (name.startsWith(tmpPrefix) && name.endsWith('.tmp'))
        await rm(join(directory, name), { force: true })
  }

  async function syncDirectory(): Promise<void> {
    const dir = await open(directory, 'r').catch(() => null)
    if (dir) await dir.sync().catch(() => undefined)
    await dir?.close()
  }

  async function closeLog(): Promise<void> {
    const open = log
    log = null
    await open?.close().catch(() => undefined)
  }

  async function writeSnapshot(snapshot: MockSnapshot): Promise<void> {
    // Every entry so far is in this snapshot: a log left by a crash after the rename is skipped.
    const text = JSON.stringify({ format: FORMAT, version: VERSION, snapshot, log: seq })
    const tmp = join(directory, `${tmpPrefix}${randomUUID()}.tmp`)
    try {
      const handle = await open(tmp, 'w', 0o600)
      try {
        await handle.writeFile(text)
        await handle.sync()
      } finally {
        await handle.close()
      }
      await rename(tmp, path)
    } catch (error) {
      await rm(tmp, { force: true }).catch(() => undefined)
      throw error
    }
    // The rename itself is durable only once the directory entry is.
    await syncDirectory()
    snapshotBytes = text.length
    await closeLog()
    await rm(logPath, { force: true })
  }

  async function append(changes: ChangeSet): Promise<void> {
    const counters = JSON.stringify(changes.counters)
    const unchanged = Object.keys(changes.records).length === 0
    if (unchanged && last?.now === changes.now && last.counters === counters) return
    if (!log) {
      log = await openLog(logPath)
      // A new file: its directory entry must survive a power cut as its bytes do.
      if (log.size === 0) await syncDirectory()
    }
    // Counted before the append: should it fail with its bytes on disk after all, the next
    // snapshot still names it as held, so a restart never replays it over newer data.
    seq++
    const entry: LogEntry = {
      seq,
      now: changes.now,
      counters: changes.counters,
      records: changes.records as LogEntry['records'],
    }
    await log.append(encodeEntry(entry))
    last = { now: changes.now, counters }
    if (log.size > Math.max(MIN_LOG_BYTES, snapshotBytes)) needSnapshot = true
  }

  return {
    path,
    logPath,
    async load() {
      const loaded = await readState(path)
      await removeStaleTemporaries()
      if (loaded) {
        seq = loaded.seq
        snapshotBytes = loaded.snapshotBytes
      }
      return loaded?.snapshot ?? null
    },
    wantsSnapshot: () => needSnapshot,
    compact() {
      needSnapshot = true
    },
    async save(changes) {
      try {
        if (changes.snapshot) await writeSnapshot(changes.snapshot)
        else await append(changes)
        if (changes.snapshot) needSnapshot = false
        last = { now: changes.now, counters: JSON.stringify(changes.counters) }
      } catch (error) {
        // The log may end in a torn entry now, and appending after it would hide the rest:
        // start again from a whole snapshot.
        needSnapshot = true
        await closeLog()
        throw error
      }
    },
  }
}

/**
 * Reads the state saved at `path` (snapshot plus write log) without changing anything: what a
 * restart would load. Null when there is no snapshot. Throws a StateFileError (one line) when
 * it cannot be used.
 * @example
 * const state = await readState('/tmp/state.json') // state?.snapshot.dataset.repositories
 */
export async function readState(
  path: string,
): Promise<{ snapshot: MockSnapshot; seq: number; snapshotBytes: number } | null> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw new StateFileError(
      `Cannot read state file ${path}: ${(error as Error).message.split('\n')[0]}`,
    )
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (error) {
    throw new StateFileError(
      `State file ${path} is not valid JSON (${(error as Error).message}); delete it to start afresh`,
    )
  }
  const envelope = envelopeSchema.safeParse(raw)
  if (!envelope.success)
    throw new StateFileError(
      `State file ${path} is not a cloudsmith-mock state (format "${FORMAT}" version ${VERSION}): ${describe(envelope.error)}`,
    )
  const snapshot = envelope.data.snapshot
  let seq = envelope.data.log ?? 0
  let entries: LogEntry[]
  const logPath = `${path}.log`
  try {
    entries = decodeEntries(await readLog(logPath)).entries
  } catch (error) {
    const reason = error instanceof CorruptLogError ? error.message : (error as Error).message
    throw new StateFileError(`Write log ${logPath} cannot be read: ${reason.split('\n')[0]}`)
  }
  let dataset: unknown = snapshot.dataset
  let { now, counters } = snapshot
  const newer = entries.filter((entry) => entry.seq > seq)
  if (newer.length) {
    const tables = replay(snapshot.dataset, newer, seq, logPath)
    dataset = tables
    const lastEntry = newer[newer.length - 1]!
    ;({ now, counters } = lastEntry)
    seq = lastEntry.seq
  }
  try {
    return {
      snapshot: { ...snapshot, now, counters, dataset: parseDataset(dataset) },
      seq,
      snapshotBytes: text.length,
    }
  } catch (error) {
    const reason = error instanceof z.ZodError ? describe(error) : String(error)
    throw new StateFileError(`State file ${path} holds an invalid dataset: ${reason}`)
  }
}

/** The snapshot's tables with `entries` applied in order, record by record (by key). */
function replay(dataset: unknown, entries: LogEntry[], after: number, logPath: string): Dataset {
  if (!dataset || typeof dataset !== 'object')
    throw new StateFileError(`Write log ${logPath} follows a state without a dataset`)
  const tables = new Map<string, Map<string, unknown>>()
  for (const [name, keyOf] of Object.entries(recordKeys) as [string, (r: never) => string][]) {
    const records = (dataset as Record<string, unknown>)[name]
    const byKey = new Map<string, unknown>()
    if (Array.isArray(records))
      for (const record of records) {
        // Not a record parseDataset would accept: keep it in place for it to name the problem.
        let key: string
        try {
          key = String(keyOf(record as never))
        } catch {
          key = `\0${byKey.size}`
        }
        byKey.set(byKey.has(key) ? `\0${byKey.size}` : key, record)
      }
    tables.set(name, byKey)
  }
  let expected = after + 1
  for (const entry of entries) {
    if (entry.seq !== expected)
      throw new StateFileError(
        `Write log ${logPath} skips from entry ${expected - 1} to ${entry.seq}: it does not belong to this state file`,
      )
    expected++
    for (const [name, changes] of Object.entries(entry.records)) {
      const byKey = tables.get(name)
      if (!byKey || !Array.isArray(changes))
        throw new StateFileError(`Write log ${logPath} entry ${entry.seq} names no table ${name}`)
      for (const [key, record] of changes) {
        if (record === null) byKey.delete(key)
        else byKey.set(key, record)
      }
    }
  }
  return Object.fromEntries(
    [...tables].map(([name, byKey]) => [name, [...byKey.values()]]),
  ) as Dataset
}
