/**
 * Runs the built CLI as a user would (`node dist/src/cli/bin.js ...`) and talks to it over real
 * HTTP. `npm test` builds before vitest runs; run `npm run build` first when calling vitest alone.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const BIN = fileURLToPath(new URL('../../../dist/src/cli/bin.js', import.meta.url))
export const DEMO_KEY = 'demo-api-key'
export const OUTSIDER_KEY = 'outsider-api-key'

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" before these tests`)

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface RunningServer {
  url: string
  child: ChildProcess
  stdout(): string
  stderr(): string
  /** Resolves once stdout (from the start) matches. */
  waitForOutput(pattern: RegExp): Promise<void>
  readonly exited: Promise<Exit>
  /** Sends the signal and waits for the process to end. */
  stop(signal?: NodeJS.Signals): Promise<Exit>
}

const running = new Set<ChildProcess>()

/** Kills whatever a failed test left running; for afterAll. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGKILL')
        }),
    ),
  )
}

function launch(args: readonly string[], env: Record<string, string> = {}, bin = BIN) {
  const child = spawn(process.execPath, [bin, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let stdout = ''
  let stderr = ''
  const listeners = new Set<() => void>()
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
    for (const listener of listeners) listener()
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => {
      running.delete(child)
      for (const listener of listeners) listener()
      resolve({ code, signal })
    }),
  )
  const waitForOutput = (pattern: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(stdout)) {
          listeners.delete(check)
          resolve()
        } else if (child.exitCode !== null || child.signalCode !== null) {
          listeners.delete(check)
          reject(new Error(`exited before printing ${pattern}:\n${stdout}\n${stderr}`))
        }
      }
      listeners.add(check)
      check()
    })
  return { child, exited, waitForOutput, stdout: () => stdout, stderr: () => stderr }
}

/**
 * `cloudsmith-mock serve --port 0 ...`; resolves once it prints the URL it listens on. Tests run
 * the frozen clock (`--clock frozen` unless `args` name a clock, or `frozen` is false): answers
 * are then the same bytes every run, and time moves only by POST /__mock/clock. `bin`: another
 * build of the CLI to run (the package's bundled `bin`), default BIN.
 */
export async function startServer(
  args: readonly string[] = [],
  env: Record<string, string> = {},
  { frozen = true, bin = BIN }: { frozen?: boolean; bin?: string } = {},
): Promise<RunningServer> {
  const clock = frozen && !args.includes('--clock') ? ['--clock', 'frozen'] : []
  const process = launch(['serve', '--port', '0', ...clock, ...args], env, bin)
  await process.waitForOutput(/listening on http:\/\/\S+/)
  const url = /listening on (http:\/\/\S+)/.exec(process.stdout())![1]!
  return {
    ...process,
    url,
    stop(signal = 'SIGTERM') {
      process.child.kill(signal)
      return process.exited
    },
  }
}

/** Runs a command to its end. */
export async function runCli(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<Exit & { stdout: string; stderr: string }> {
  const process = launch(args, env)
  const exit = await process.exited
  return { ...exit, stdout: process.stdout(), stderr: process.stderr() }
}

export interface Reply<T = unknown> {
  status: number
  headers: Headers
  body: T
}

/** One request; the body is parsed JSON, or null when there is none. */
export async function call<T = Record<string, unknown>>(
  server: { url: string },
  method: string,
  path: string,
  options: {
    key?: string | null
    json?: unknown
    body?: BodyInit
    headers?: Record<string, string>
  } = {},
): Promise<Reply<T>> {
  const headers = new Headers(options.headers)
  const key = options.key === undefined ? DEMO_KEY : options.key
  if (key !== null) headers.set('X-Api-Key', key)
  let body = options.body
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json')
    body = JSON.stringify(options.json)
  }
  const response = await fetch(`${server.url}${path}`, { method, headers, body })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  }
}
