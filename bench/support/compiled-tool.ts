/**
 * The benchmark's small C tools (getload.c, cpu-speed.c), compiled on first use with the
 * machine's C compiler (Debian's `gcc`, installed by a full run when missing) into
 * node_modules/.cache/bench-peers/<name>-<hash of the source>/.
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { installedBinary } from './apt.ts'
import { ROOT } from './processes.ts'

/**
 * The binary built from bench/support/<name>.c, compiled unless this source's build is cached;
 * null on Windows or without a C compiler. Throws when the source does not compile.
 * @example
 * compiledTool('getload', false) // '.../node_modules/.cache/bench-peers/getload-1a2b3c4d5e6f/getload'
 */
export function compiledTool(name: string, install: boolean): string | null {
  if (process.platform === 'win32') return null
  const path = `${ROOT}bench/support/${name}.c`
  const source = readFileSync(path)
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12)
  const directory = `${ROOT}node_modules/.cache/bench-peers/${name}-${hash}/`
  const binary = `${directory}${name}`
  if (existsSync(binary)) return binary
  const compiler = installedBinary('cc', 'gcc', install)
  if (!compiler) return null
  mkdirSync(directory, { recursive: true })
  const built = spawnSync(compiler, ['-O2', '-Wall', '-o', binary, path], { encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`cannot compile ${path}:\n${built.stderr}`)
  return binary
}
