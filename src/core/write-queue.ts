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
  /** Tasks queued and not yet finished (their end counted, a microtask after it settled). */
  let open = 0
  const finished = () => {
    open--
  }
  const enqueue = <T>(task: () => Promise<T> | T): Promise<T> => {
    // With nothing queued the task starts at once, as it would a turn later: chained behind a
    // settled tail, a write cost several turns of the microtask queue before and after its
    // handler (bench/NOTES.md, the write path again). The order of writes is the same.
    const idle = open++ === 0
    const result = idle ? started(task) : tail.then(task)
    tail = result.then(finished, finished)
    return result
  }
  return {
    run: (task) => enqueue(() => task(++sequence)),
    between: (task) => enqueue(() => task(sequence)),
    idle: () => tail.then(() => undefined),
  }
}

/** `task`'s outcome as a promise (its own, when it returns one); a throw is a rejection. */
function started<T>(task: () => Promise<T> | T): Promise<T> {
  try {
    const value = task()
    return value instanceof Promise ? value : Promise.resolve(value)
  } catch (thrown) {
    return Promise.reject(thrown as Error)
  }
}
