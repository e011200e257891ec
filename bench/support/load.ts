/**
 * Drives the load generator (workers/load.ts): one process for the whole run, forked once and
 * given one job at a time over IPC, so that no figure pays for starting it.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { WORKERS, ROOT } from './processes.ts'

export interface LoadInput {
  url: string
  connections: number
  /** GET requests, in turn on each connection; with `mix`, followed by a create-then-delete pair. */
  kind: 'get' | 'create-delete' | 'mix'
  paths: readonly string[]
  namespace?: string
  headers?: Record<string, string>
  /** Run for this long... */
  durationS?: number
  /** ...or until this many requests have been answered. */
  amount?: number
}

export interface LoadResult {
  requests: number
  seconds: number
  requestsPerSecond: number
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number }
  non2xx: number
  errors: number
  timeouts: number
  /** Answers by status code. */
  statuses: Record<string, number>
}

export type LoadMessage = { id: number; result: LoadResult } | { id: number; error: string }

let worker: ChildProcess | null = null
let nextId = 0
const waiting = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>()

function start(): ChildProcess {
  const child = fork(`${WORKERS}load.ts`, [], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  child.on('message', (message: LoadMessage) => {
    const pending = waiting.get(message.id)
    waiting.delete(message.id)
    if ('result' in message) pending?.resolve(message.result)
    else pending?.reject(new Error(`load generator: ${message.error}`))
  })
  child.once('exit', (code) => {
    worker = null
    for (const pending of waiting.values())
      pending.reject(new Error(`load generator exited (${code}) mid-run`))
    waiting.clear()
  })
  return child
}

export function load(input: LoadInput): Promise<LoadResult> {
  worker ??= start()
  const id = ++nextId
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject })
    worker!.send({ id, input })
  })
}

/** Ends the load generator process (at the end of a run). */
export function stopLoad(): void {
  worker?.disconnect()
  worker = null
}
