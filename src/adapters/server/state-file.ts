/**
 * `--persist FILE`: the mock's state on disk. Every write goes to a temporary file in the same
 * directory, is fsynced, then renamed over the target, so a kill -9 at any moment leaves the old
 * or the new state, never a torn file. When to write is durable-saves.ts's job.
 */
import { randomUUID } from 'node:crypto'
import { open, readdir, readFile, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import type { MockSnapshot } from '../../create-mock.ts'
import { parseDataset } from '../../core/db/database.ts'
import { timestamp } from '../../core/db/schemas.ts'

const FORMAT = 'cloudsmith-mock-state'
const VERSION = 1

const envelopeSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(VERSION),
  snapshot: z.object({
    seed: z.number().int(),
    now: timestamp,
    counters: z.record(z.string(), z.number().int().nonnegative()),
    dataset: z.unknown(),
  }),
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
  /** The saved state, or null when the file does not exist yet. */
  load(): Promise<MockSnapshot | null>
  /**
   * Puts `snapshot` on disk: written to a temporary file, fsynced, renamed over the target, and
   * the directory fsynced, so the rename survives a power cut too. Resolves once all of that is
   * done; rejects (and leaves the previous file) when any step fails. The same bytes as the last
   * write are not written again.
   */
  write(snapshot: MockSnapshot): Promise<void>
}

export function createStateFile(path: string): StateFile {
  const directory = dirname(path)
  const tmpPrefix = `.${basename(path)}.`
  let lastWritten: string | null = null

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

  async function write(snapshot: MockSnapshot): Promise<void> {
    const text = JSON.stringify({ format: FORMAT, version: VERSION, snapshot })
    if (text === lastWritten) return
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
    const dir = await open(directory, 'r').catch(() => null)
    if (dir) await dir.sync().catch(() => undefined)
    await dir?.close()
    lastWritten = text
  }

  return {
    path,
    async load() {
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
      let dataset
      try {
        dataset = parseDataset(envelope.data.snapshot.dataset)
      } catch (error) {
        const reason = error instanceof z.ZodError ? describe(error) : String(error)
        throw new StateFileError(`State file ${path} holds an invalid dataset: ${reason}`)
      }
      await removeStaleTemporaries()
      lastWritten = text
      return { ...envelope.data.snapshot, dataset }
    },
    write,
  }
}
