/**
 * h2load (nghttp2's load generator, C++, here over HTTP/1.1), for the timed GET rounds. On the
 * packages page (114 KB per answer) wrk's one thread, reading 8 KiB at a time, needed more CPU
 * than the bare server it measured, so those rounds stayed flagged (bench/NOTES.md); h2load
 * reads the same bytes for about two thirds of wrk's CPU per request. It cannot script a
 * request from an earlier answer (the create-then-delete pairs), so the write rounds stay wrk's.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { installedBinary } from './apt.ts'
import { CLOCK_TICKS } from './cpu.ts'
import type { LoadInput, LoadResult } from './load.ts'
import { mean, percentile } from './stats.ts'

/**
 * Threads of h2load (BENCH_H2LOAD_THREADS), the 32 connections shared among them. One: with
 * two, the bare server's packages page was the client's less often (3 rounds of 5 instead of
 * 5) and answered ~10% more, but the mock's rounds lost a quarter of their rate to the client's
 * second thread taking the server's core (its CPU per request rose ~30%), which measures the
 * machine's two cores, not the server (bench/NOTES.md).
 */
const THREADS = Number(process.env.BENCH_H2LOAD_THREADS ?? 1)

/**
 * The h2load binary (Debian's `nghttp2-client`), installed by a full run when missing; null when there is
 * none.
 */
export function h2loadBinary(install: boolean): string | null {
  return installedBinary('h2load', 'nghttp2-client', install)
}

/** `h2load nghttp2/1.52.0 (C++, 1 thread, HTTP/1.1)`. */
export function h2loadVersion(binary: string): string {
  const line = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0]
  return `${line?.trim() || 'h2load'} (C++, ${THREADS} thread${THREADS === 1 ? '' : 's'}, HTTP/1.1)`
}

/** Whether h2load can make these requests: GETs only, for a set time. */
export function suitsH2load(input: LoadInput): boolean {
  return input.durationS !== undefined && input.steps.every((step) => 'get' in step)
}

/**
 * One h2load run over `input.connections` keep-alive connections, the GET paths taken in turn.
 * Latencies come from its per-request log; `clientCpuMs` is what h2load used (the CPU time of
 * waited-for children its `sh` wrapper reads from /proc at the end; NaN without /proc).
 */
export async function runH2load(
  binary: string,
  input: LoadInput,
): Promise<LoadResult & { clientCpuMs: number }> {
  const directory = await mkdtemp(join(tmpdir(), 'bench-h2load-'))
  const log = join(directory, 'requests.tsv')
  const headers = Object.entries({ 'x-api-key': 'demo-api-key', ...input.headers })
  const args = [
    '--h1',
    `-t${THREADS}`,
    `-c${input.connections}`,
    `-D${Math.max(1, Math.round(input.durationS!))}`,
    `--log-file=${log}`,
    ...headers.map(([name, value]) => `-H${name}: ${value}`),
    ...input.steps.map((step) => `${input.url}${'get' in step ? step.get : ''}`),
  ]
  try {
    const child = spawn(
      'sh',
      [
        '-c',
        'h="$1"; shift; "$h" "$@"; s=$?; cat /proc/$$/stat 2>/dev/null; exit $s',
        'sh',
        binary,
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    const finished = /finished in ([\d.]+)(m?s), ([\d.]+) req\/s/.exec(out)
    const counts =
      /requests: (\d+) total, \d+ started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(
        out,
      )
    const statuses = /status codes: (\d+) 2xx/.exec(out)
    if (code !== 0 || !finished || !counts || !statuses)
      throw new Error(`h2load ${args.join(' ')} exited (${code}) without a result:\n${out}${err}`)
    const durations = (await readFile(log, 'utf8'))
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.split('\t')[2]) / 1000)
    const stat = /\) \S+(?: \S+){10} (\d+) (\d+) (\d+) (\d+)/.exec(out)
    const done = Number(counts[2])
    const seconds = Number(finished[1]) / (finished[2] === 'ms' ? 1000 : 1)
    return {
      generator: 'h2load',
      requests: done,
      seconds,
      requestsPerSecond: done / seconds,
      latencyMs: {
        mean: mean(durations),
        p50: percentile(durations, 50),
        p90: percentile(durations, 90),
        p99: percentile(durations, 99),
        max: durations.reduce((most, ms) => Math.max(most, ms), 0),
      },
      non2xx: Number(counts[3]) - Number(statuses[1]),
      errors: Number(counts[4]) + Number(counts[5]),
      timeouts: Number(counts[6]),
      // cutime + cstime of the wrapping shell: h2load, the one child it has waited for.
      clientCpuMs: stat ? ((Number(stat[3]) + Number(stat[4])) * 1000) / CLOCK_TICKS : Number.NaN,
    }
  } finally {
    await rm(directory, { recursive: true, force: true })
  }
}
