/**
 * Child processes of the matrix: each in its own process group (so a timeout ends the whole
 * tree: npm, the test runner, its workers), with the output kept for the report and a log file.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The environment the temporary projects see: the runner's Node first on the PATH (the package
 * needs Node >= 22.12; the system one may be older), no colours, and none of the `npm_*`
 * variables of an enclosing `npm run`, which the child npm would take as its own configuration
 * (`npm_config_local_prefix` would point it back at this repository).
 */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env))
    if (!/^npm_/i.test(name) && name !== 'INIT_CWD') env[name] = value
  return {
    ...env,
    PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extra,
  }
}

export interface ExecResult {
  /** Exit code; null when killed (`timedOut` says whether by us). */
  code: number | null
  timedOut: boolean
  /** stdout and stderr interleaved, the last 200 KB. */
  output: string
}

export interface ExecOptions {
  cwd: string
  timeoutMs: number
  /** Every line of output is appended here too. */
  logFile: string
  env?: Record<string, string>
}

const KEEP = 200_000

function spawnLogged(command: string, args: string[], options: ExecOptions) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: childEnv(options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const state = { output: '' }
  let logging = appendFile(
    options.logFile,
    `\n$ ${command} ${args.join(' ')}  (in ${options.cwd})\n`,
  )
  const take = (chunk: Buffer) => {
    state.output = (state.output + chunk.toString()).slice(-KEEP)
    logging = logging.then(() => appendFile(options.logFile, chunk))
  }
  child.stdout.on('data', take)
  child.stderr.on('data', take)
  return { child, state, flushed: () => logging }
}

/** Ends a process and everything it started. */
export function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/** Runs a command to its end (or to `timeoutMs`, then kills its process group). */
export async function exec(
  command: string,
  args: string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const { child, state, flushed } = spawnLogged(command, args, options)
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    killTree(child)
  }, options.timeoutMs)
  const code = await new Promise<number | null>((resolve) => {
    child.on('error', (error) => {
      state.output += `\n${error.message}`
      resolve(null)
    })
    child.on('close', (exitCode) => resolve(exitCode))
  })
  clearTimeout(timer)
  await flushed()
  return { code, timedOut, output: state.output }
}

/** Like `exec`, and throws with the command's last output lines unless it exits 0. */
export async function mustExec(
  command: string,
  args: string[],
  options: ExecOptions,
): Promise<string> {
  const result = await exec(command, args, options)
  if (result.code === 0) return result.output
  const why = result.timedOut
    ? `timed out after ${options.timeoutMs / 1000} s`
    : `exited ${result.code}`
  throw new Error(`\`${command} ${args.join(' ')}\` ${why}:\n${tail(result.output, 15)}`)
}

/** The last `lines` non-empty lines of some output. */
export function tail(output: string, lines: number): string {
  return output
    .split('\n')
    .filter((line) => line.trim())
    .slice(-lines)
    .join('\n')
}

export interface Service {
  /** Output so far, for a report when the page failed. */
  output(): string
  stop(): Promise<void>
}

/** Starts a long-running command (a dev server) and resolves once `url` answers 200. */
export async function startService(
  command: string,
  args: string[],
  url: string,
  options: ExecOptions,
): Promise<Service> {
  const { child, state, flushed } = spawnLogged(command, args, options)
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()))
  const service: Service = {
    output: () => state.output,
    stop: async () => {
      killTree(child)
      await exited
      await flushed()
    },
  }
  const deadline = Date.now() + options.timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `\`${command} ${args.join(' ')}\` exited ${child.exitCode}:\n${tail(state.output, 15)}`,
      )
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) })
      await response.body?.cancel()
      if (response.ok) return service
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await service.stop()
  throw new Error(
    `\`${command} ${args.join(' ')}\` did not serve ${url} in time:\n${tail(state.output, 15)}`,
  )
}
