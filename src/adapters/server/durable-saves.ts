/**
 * Group commit for `--persist`: every write that changed data waits for a save that began after
 * it finished. One save runs at a time; the writes that finish meanwhile share the next one, so a
 * hundred writes in flight cost two fsyncs, not a hundred, and no answer leaves before its change
 * is on disk. What a save writes (a log entry, now and then a whole snapshot) is state-file.ts's
 * business: with the log, a save costs one append and one fdatasync for the whole group.
 */

/** What `GET /__mock/health` reports about saving. */
export interface SaveHealth {
  /** False from a failed save until the next one succeeds. */
  ok: boolean
  /** The last failure's message (one line), null once a save succeeded again. */
  error: string | null
  /** When the last save succeeded (ISO time, wall clock), null before the first. */
  lastSavedAt: string | null
  /** Saves that failed since the server started. */
  failures: number
}

export interface DurableSaves {
  /**
   * Resolves once a save that began after this call has succeeded, so everything done before the
   * call is on disk; rejects with that save's error when it failed.
   */
  save(): Promise<void>
  health(): SaveHealth
}

/**
 * @param saveOnce takes what changed between two writes and puts it on disk (rejects when it cannot)
 * @param onError called once per failed save (the CLI's log line)
 * @example
 * const saves = createDurableSaves(async () => file.save(await mock.changes()))
 * await saves.save()
 */
export function createDurableSaves(
  saveOnce: () => Promise<void>,
  onError?: (error: Error) => void,
): DurableSaves {
  let waiting: { resolve: () => void; reject: (error: Error) => void }[] = []
  let running = false
  const state: SaveHealth = { ok: true, error: null, lastSavedAt: null, failures: 0 }

  async function drain(): Promise<void> {
    running = true
    while (waiting.length > 0) {
      const batch = waiting
      waiting = []
      try {
        await saveOnce()
        Object.assign(state, { ok: true, error: null, lastSavedAt: new Date().toISOString() })
        for (const waiter of batch) waiter.resolve()
      } catch (thrown) {
        const error = thrown instanceof Error ? thrown : new Error(String(thrown))
        state.ok = false
        state.error = error.message.split('\n')[0]!
        state.failures++
        onError?.(error)
        for (const waiter of batch) waiter.reject(error)
      }
    }
    running = false
  }

  return {
    save() {
      const done = new Promise<void>((resolve, reject) => waiting.push({ resolve, reject }))
      if (!running) void drain()
      return done
    },
    health: () => ({ ...state }),
  }
}
