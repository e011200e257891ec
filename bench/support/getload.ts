/**
 * getload (support/getload.c), the load generator of the timed GET rounds, compiled on first use
 * with the machine's C compiler (Debian's `gcc`, installed by a full run when missing) into
 * node_modules/.cache. It reads an answer up to 1 MiB at a time, where wrk and h2load read
 * 8 KiB: on the packages page (114 KB) h2load used more CPU than the bare server it measured,
 * so those baseline rounds were the client's (bench/NOTES.md). POSIX (poll); on Windows wrk
 * makes the GET rounds too. It cannot script a request from an earlier answer, so the write
 * rounds (pairs, PATCH) stay wrk's.
 */
import { spawn } from 'node:child_process'
import { compiledTool } from './compiled-tool.ts'
import type { LoadInput, LoadResult } from './load.ts'

/**
 * The getload binary (see compiledTool); null on Windows or without a C compiler.
 * @example
 * const binary = getloadBinary(false) // '.../node_modules/.cache/bench-peers/getload-1a2b3c4d5e6f/getload'
 */
export function getloadBinary(install: boolean): string | null {
  return compiledTool('getload', install)
}

/** How RESULTS.md names getload. */
export const GETLOAD_VERSION =
  'getload, bench/support/getload.c (C, 1 thread, HTTP/1.1, 1 MiB reads)'

/** Whether getload can make these requests: GETs only, for a set time, over IPv4. */
export function suitsGetload(input: LoadInput): boolean {
  return (
    input.durationS !== undefined &&
    input.steps.every((step) => 'get' in step) &&
    /^http:\/\/\d+\.\d+\.\d+\.\d+:\d+$/.test(input.url)
  )
}

interface GetloadJson {
  requests: number
  seconds: number
  non2xx: number
  errors: number
  cpuMs: number
  latencyUs: { mean: number; p50: number; p90: number; p99: number; max: number }
}

/**
 * One getload run over `input.connections` keep-alive connections, the GET paths taken in turn.
 * `clientCpuMs` is getload's own user + system time (getrusage at its end).
 * @throws Error when getload exits without a result (no answer at all, bad arguments).
 */
export async function runGetload(
  binary: string,
  input: LoadInput,
): Promise<LoadResult & { clientCpuMs: number }> {
  const { hostname, port } = new URL(input.url)
  const headers = Object.entries({ 'x-api-key': 'demo-api-key', ...input.headers })
  const args = [
    `-h${hostname}`,
    `-p${port}`,
    `-c${input.connections}`,
    `-d${input.durationS}`,
    ...headers.map(([name, value]) => `-H${name}: ${value}`),
    ...input.steps.map((step) => ('get' in step ? step.get : '/')),
  ]
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  const line = out.split('\n').find((text) => text.startsWith('{'))
  if (code !== 0 || !line)
    throw new Error(`getload ${args.join(' ')} exited (${code}) without a result:\n${out}${err}`)
  const result = JSON.parse(line) as GetloadJson
  const ms = (us: number) => us / 1000
  return {
    generator: 'getload',
    requests: result.requests,
    seconds: result.seconds,
    requestsPerSecond: result.requests / result.seconds,
    latencyMs: {
      mean: ms(result.latencyUs.mean),
      p50: ms(result.latencyUs.p50),
      p90: ms(result.latencyUs.p90),
      p99: ms(result.latencyUs.p99),
      max: ms(result.latencyUs.max),
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: 0,
    clientCpuMs: result.cpuMs,
  }
}
