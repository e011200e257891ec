/**
 * For each key touched since the baseline, the record it had then (null: none). A table's
 * rollback undoes only what a test changed, so its cost follows the writes, not the dataset.
 */
export class UndoLog<Row> {
  private entries = new Map<string, Row | null>()
  private tracking = true

  /** A record was indexed under `key`: undoing removes it, unless the key held one before. */
  added(key: string): void {
    if (this.tracking && !this.entries.has(key)) this.entries.set(key, null)
  }

  /** `record` left `key`: undoing puts it back, unless the key was new since the baseline. */
  removed(key: string, record: Row): void {
    if (!this.tracking) return
    if (!this.entries.has(key)) this.entries.set(key, record)
    // Created since the baseline and now gone: nothing to undo, and a long run creating and
    // deleting records must not keep one entry per key it ever used (an update re-adds it).
    else if (this.entries.get(key) === null) this.entries.delete(key)
  }

  /** Runs `change` without logging it (loading a baseline, undoing). */
  async untracked(change: () => Promise<void>): Promise<void> {
    this.tracking = false
    try {
      await change()
    } finally {
      this.tracking = true
    }
  }

  /** Key and the record it had at the baseline (null: none), for every key touched since. */
  touched(): IterableIterator<[string, Row | null]> {
    return this.entries.entries()
  }

  /** Keys touched since the baseline. */
  get size(): number {
    return this.entries.size
  }

  /** Makes the present the baseline. */
  clear(): void {
    this.entries.clear()
  }
}
