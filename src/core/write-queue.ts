/**
 * One write at a time per mock. Handlers read a record, await the database, then write: two
 * requests interleaving at those awaits would create a repository twice, lose a tag, or answer
 * 500 for a package deleted halfway through a move. Writes run in arrival order, each to its end;
 * reads never wait.
 */
export interface WriteQueue {
  /**
   * Runs `task` once every write queued before it has finished. `sequence` numbers the writes in
   * the order they ran, so a journal can be replayed in that order.
   */
  run<T>(task: (sequence: number) => Promise<T> | T): Promise<T>
  /**
   * Runs `task` at a write boundary: after every write queued so far, before any queued later,
   * without numbering it (a snapshot for --persist is not a write). `last` is the sequence of the
   * last write that finished before it (0: none yet).
   */
  between<T>(task: (last: number) => Promise<T> | T): Promise<T>
  /** Resolves once every write queued so far has finished (reset and restore wait for it). */
  idle(): Promise<void>
}

export function createWriteQueue(): WriteQueue {
  let tail: Promise<unknown> = Promise.resolve()
  let sequence = 0
  const enqueue = <T>(task: () => Promise<T> | T): Promise<T> => {
    const result = tail.then(task)
    tail = result.catch(() => undefined)
    return result
  }
  return {
    run: (task) => enqueue(() => task(++sequence)),
    between: (task) => enqueue(() => task(sequence)),
    idle: () => tail.then(() => undefined),
  }
}
