/**
 * Drives the load generators: getload (support/getload.ts) for timed GET rounds and wrk
 * (support/wrk.ts) for the rest when they are installed, else autocannon (workers/load.ts, one
 * Node process for the whole run, given one job at a time over IPC). Each
 * run also measures the CPU share of the server, of the client and of everything else, so a
 * figure shows whether the client or a neighbour could have been the bottleneck.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { cpuTimeOf, cpuTimesOf, machineBusyMs, type CpuShares } from './cpu.ts'
import { GETLOAD_VERSION, getloadBinary, runGetload, suitsGetload } from './getload.ts'
import { WORKERS, ROOT } from './processes.ts'
import { runWrk, wrkBinary, wrkVersion } from './wrk.ts'

/** One step of a connection's cycle. */
export type LoadStep =
  /** GET this path. */
  | { get: string }
  /** Create a repository in this namespace (POST), then delete it (DELETE) once created. */
  | { pair: string }
  /** PATCH this repository path with a new description each time. */
  | { patch: string }

export interface LoadInput {
  url: string
  connections: number
  /** Taken in turn, over and over. */
  steps: readonly LoadStep[]
  headers?: Record<string, string>
  /** Run for this long... */
  durationS?: number
  /** ...or until about this many requests have been sent. */
  amount?: number
  /** The server under test, whose CPU share the result reports. */
  serverPid?: number
}

export type Generator = 'getload' | 'wrk' | 'autocannon'

export interface LoadResult {
  generator: Generator
  requests: number
  seconds: number
  requestsPerSecond: number
  latencyMs: { mean: number; p50: number; p90: number; p99: number; max: number }
  non2xx: number
  errors: number
  timeouts: number
  /** Shares of a core over the run (with `serverPid`). */
  cpu?: CpuShares
}

export type LoadMessage =
  { id: number; result: Omit<LoadResult, 'generator' | 'cpu'> } | { id: number; error: string }

let worker: ChildProcess | null = null
let nextId = 0
const waiting = new Map<
  number,
  { resolve(r: Omit<LoadResult, 'generator' | 'cpu'>): void; reject(e: Error): void }
>()

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

function autocannon(input: LoadInput): Promise<Omit<LoadResult, 'generator' | 'cpu'>> {
  worker ??= start()
  const id = ++nextId
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject })
    worker!.send({ id, input })
  })
}

let chosen: { generator: Generator; binary: string | null; version: string } | null = null
let forGets: { binary: string; version: string } | null = null

/**
 * Picks the generators once per run: wrk, installed first if `install` (full runs) and missing,
 * and getload for timed GET rounds (compiled, with a C compiler installed likewise); autocannon
 * when there is no wrk (a smoke run on a machine without it).
 */
export function chooseGenerator(install: boolean): Generator {
  const viaNode = process.env.BENCH_GENERATOR === 'autocannon'
  const binary = viaNode ? null : wrkBinary(install)
  chosen = binary
    ? { generator: 'wrk', binary, version: wrkVersion(binary) }
    : { generator: 'autocannon', binary: null, version: 'autocannon (Node, programmatic API)' }
  const getload = binary ? getloadBinary(install) : null
  forGets = getload ? { binary: getload, version: GETLOAD_VERSION } : null
  return chosen.generator
}

/** The generators of this run, as RESULTS.md names them. */
export function generatorName(): string {
  const rest = chosen?.version ?? 'autocannon (Node, programmatic API)'
  return forGets
    ? `${forGets.version} for the timed GET rounds (section a), ${rest} for the rest (pairs, PATCH, section e)`
    : rest
}

/**
 * A run ends when its time or amount is up, whatever each connection was doing: a pair may be
 * cut between its POST and its DELETE. Its repository is deleted after the run, so that the
 * next run (and its list pages) find the data as it was.
 */
async function deleteLeftovers(url: string, namespace: string): Promise<void> {
  const headers = { 'x-api-key': 'demo-api-key' }
  const response = await fetch(`${url}/v1/repos/${namespace}/?page_size=500`, { headers })
  const list = (await response.json().catch(() => null)) as { slug?: string }[] | null
  if (!response.ok || !Array.isArray(list)) return
  for (const { slug } of list)
    if (slug?.startsWith('bench-pair-'))
      await (
        await fetch(`${url}/v1/repos/${namespace}/${slug}/`, { method: 'DELETE', headers })
      ).arrayBuffer()
}

export async function load(input: LoadInput): Promise<LoadResult> {
  chosen ??= { generator: 'autocannon', binary: null, version: generatorName() }
  const server = input.serverPid ? cpuTimesOf(input.serverPid) : null
  const client = chosen.binary ? 0 : worker?.pid ? cpuTimeOf(worker.pid) : null
  const busy = machineBusyMs()
  const began = performance.now()
  const result =
    forGets && suitsGetload(input)
      ? await runGetload(forGets.binary, input)
      : chosen.binary
        ? await runWrk(chosen.binary, input)
        : {
            ...(await autocannon(input)),
            generator: 'autocannon' as const,
            clientCpuMs: Number.NaN,
          }
  const wallMs = performance.now() - began
  const busyMs = machineBusyMs() - busy
  const serverAfter = server && cpuTimesOf(input.serverPid!)
  const serverMs = server && serverAfter ? serverAfter.total - server.total : Number.NaN
  const serverUserMs = server && serverAfter ? serverAfter.user - server.user : Number.NaN
  const clientMs =
    result.generator !== 'autocannon'
      ? result.clientCpuMs
      : client === null || !worker?.pid
        ? Number.NaN
        : cpuTimeOf(worker.pid)! - client
  for (const step of input.steps) if ('pair' in step) await deleteLeftovers(input.url, step.pair)
  return {
    generator: result.generator,
    requests: result.requests,
    seconds: result.seconds,
    requestsPerSecond: result.requestsPerSecond,
    latencyMs: result.latencyMs,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpu: {
      server: serverMs / wallMs,
      serverUser: serverUserMs / wallMs,
      client: clientMs / wallMs,
      other: Math.max(0, busyMs - serverMs - clientMs) / wallMs,
    },
  }
}

/** Ends the autocannon process (at the end of a run). */
export function stopLoad(): void {
  worker?.disconnect()
  worker = null
}
