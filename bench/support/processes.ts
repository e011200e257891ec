/**
 * Child processes the benchmarks measure or drive: the built CLI server, the bare node:http
 * baseline, and the load generator. Each runs in its own process so that, on a small machine,
 * the server under test and the load generator share the cores the way they would in real use,
 * and the orchestrating process (mostly idle, awaiting) stays out of the way.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/**
 * The package's `bin` (the bundled CLI in dist/), as `npx cloudsmith-mock` runs it.
 * BENCH_FROM_SOURCE=1 runs src/cli/bin.ts instead (Node strips the types) to try a change
 * without a build.
 */
const FROM_SOURCE = process.env.BENCH_FROM_SOURCE === '1'
const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
  bin: Record<string, string>
}
export const BIN = FROM_SOURCE ? `${ROOT}src/cli/bin.ts` : `${ROOT}${pkg.bin['cloudsmith-mock']}`
export const WORKERS = `${ROOT}bench/workers/`

export interface Child {
  readonly child: ChildProcess
  readonly pid: number
  /** The URL the child printed (`listening on http://...`). */
  readonly url: string
  stdout(): string
  stderr(): string
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has gone. */
  stop(graceMs?: number): Promise<void>
}

const running = new Set<ChildProcess>()
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

export function requireBuild(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first`)
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has gone. */
function stopper(child: ChildProcess): Child['stop'] {
  return async (graceMs = 5_000) => {
    const gone = exitOf(child)
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    await gone
    clearTimeout(timer)
  }
}

/** Spawns `node args...` and resolves once stdout shows a URL. */
export function spawnServer(
  args: readonly string[],
  options: { env?: Record<string, string>; nodeOptions?: readonly string[] } = {},
): Promise<Child> {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  child.once('exit', () => running.delete(child))
  let out = ''
  let err = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match && child.pid !== undefined)
        resolve({
          child,
          pid: child.pid,
          url: match[1]!,
          stdout: () => out,
          stderr: () => err,
          stop: stopper(child),
        })
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`${args.join(' ')} exited (${code ?? signal}) before listening:\n${err}`)),
    )
  })
}

/**
 * Spawns `node args...` for a server that prints no URL of its own (a peer such as json-server),
 * told to listen on `port`: resolves at once, so the caller polls `url` until it answers.
 */
export function spawnOnPort(args: readonly string[], port: number): Child {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' })
  running.add(child)
  child.once('exit', () => running.delete(child))
  return {
    child,
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    stdout: () => '',
    stderr: () => '',
    stop: stopper(child),
  }
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

/** `cloudsmith-mock serve --port 0 --quiet ...` from dist/. */
export function spawnMockServer(
  args: readonly string[] = [],
  options: { env?: Record<string, string>; nodeOptions?: readonly string[] } = {},
): Promise<Child> {
  requireBuild()
  return spawnServer([BIN, 'serve', '--port', '0', '--quiet', ...args], options)
}

/** Runs a worker script to its end and returns the JSON it printed last on stdout. */
export async function runWorker<T>(
  script: string,
  input: unknown,
  nodeOptions: readonly string[] = [],
): Promise<T> {
  const child = spawn(
    process.execPath,
    [...nodeOptions, `${WORKERS}${script}`, JSON.stringify(input)],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  running.add(child)
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk))
  const code = await new Promise<number | null>((resolve) =>
    child.once('exit', (exitCode) => resolve(exitCode)),
  )
  running.delete(child)
  const last = out.trim().split('\n').at(-1) ?? ''
  if (code !== 0) throw new Error(`${script} failed (exit ${code}):\n${err || out}`)
  try {
    return JSON.parse(last) as T
  } catch {
    throw new Error(`${script} printed no JSON result:\n${out}\n${err}`)
  }
}

/** Resident set size of a process in bytes, from /proc (Linux); null elsewhere. */
export function rssOf(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)
    return match ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}
