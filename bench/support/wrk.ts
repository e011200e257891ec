/**
 * wrk, the load generator of the HTTP rounds: a C client whose one thread serves 32 connections
 * with a fraction of the CPU a Node client needs, so the server under test is what saturates.
 * The requests come from bench/workers/wrk.lua, which also prints the results as JSON.
 */
import { spawn, spawnSync } from 'node:child_process'
import { installedBinary } from './apt.ts'
import { CLOCK_TICKS } from './cpu.ts'
import { WORKERS } from './processes.ts'
import type { LoadInput, LoadResult } from './load.ts'

/** Threads of wrk (BENCH_WRK_THREADS): one serves 32 connections at well over 50,000 req/s. */
const THREADS = Number(process.env.BENCH_WRK_THREADS ?? 1)

/**
 * The wrk binary (Debian's `wrk` package), installed by a full run when missing; null when there is
 * none.
 */
export function wrkBinary(install: boolean): string | null {
  return installedBinary('wrk', 'wrk', install)
}

/** `wrk debian/4.1.0-3+b2 [epoll]`: the first line of `wrk -v` (which exits 1). */
export function wrkVersion(binary: string): string {
  const result = spawnSync(binary, ['-v'], { encoding: 'utf8' })
  const line = `${result.stdout}${result.stderr}`.split('\n')[0]!.replace(/\s*Copyright.*$/, '')
  return `${line.trim() || 'wrk'} (C, ${THREADS} thread${THREADS === 1 ? '' : 's'})`
}

let runs = 0

interface WrkJson {
  requests: number
  durationUs: number
  latencyUs: { mean: number; max: number; '50': number; '90': number; '99': number }
  errors: { connect: number; read: number; write: number; status: number; timeout: number }
  failed: number
  cpuTicks: number
}

/** One wrk run; `clientCpuMs` is what wrk itself used (its own /proc/self/stat, read at the end). */
export async function runWrk(
  binary: string,
  input: LoadInput,
): Promise<LoadResult & { clientCpuMs: number }> {
  const run = `${process.pid}x${++runs}`
  const args = [`key=${input.headers?.['x-api-key'] ?? 'demo-api-key'}`, `run=${run}`]
  if (input.amount) args.push(`amount=${Math.ceil(input.amount / THREADS)}`)
  for (const step of input.steps) {
    if ('get' in step) args.push(`get=${step.get}`)
    else if ('pair' in step) args.push(`pair=${step.pair}`)
    else args.push(`patch=${step.patch}`)
  }
  // wrk counts in whole seconds; an amount-bound run stops earlier (on WRK_AMOUNT_REACHED).
  const seconds = Math.max(1, Math.ceil(input.durationS ?? 120))
  const child = spawn(
    binary,
    [
      `-t${THREADS}`,
      `-c${input.connections}`,
      `-d${seconds}s`,
      '--timeout',
      '30s',
      '-s',
      `${WORKERS}wrk.lua`,
      input.url,
      '--',
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
    if (chunk.includes('WRK_AMOUNT_REACHED')) child.kill('SIGINT')
  })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const line = /^WRK_RESULT (.*)$/m.exec(out)
  if (!line)
    throw new Error(`wrk ${args.join(' ')} exited (${code}) without a result:\n${out}${err}`)
  const r = JSON.parse(line[1]!) as WrkJson
  const seconds_ = r.durationUs / 1e6
  const ms = (us: number) => us / 1000
  return {
    generator: 'wrk',
    requests: r.requests,
    seconds: seconds_,
    requestsPerSecond: r.requests / seconds_,
    latencyMs: {
      mean: ms(r.latencyUs.mean),
      p50: ms(r.latencyUs['50']),
      p90: ms(r.latencyUs['90']),
      p99: ms(r.latencyUs['99']),
      max: ms(r.latencyUs.max),
    },
    non2xx: Math.max(r.errors.status, r.failed),
    errors: r.errors.connect + r.errors.read + r.errors.write,
    timeouts: r.errors.timeout,
    clientCpuMs: r.cpuTicks < 0 ? Number.NaN : (r.cpuTicks * 1000) / CLOCK_TICKS,
  }
}
