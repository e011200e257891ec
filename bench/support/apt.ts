/**
 * Debian packages a full benchmark run installs when missing (the load generators): never in
 * `npm test`, which only uses what is there.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** The first of `candidates` that exists, else what `command -v name` finds; null if none. */
export function findBinary(name: string, candidates: readonly string[]): string | null {
  for (const path of candidates) if (existsSync(path)) return path
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

/**
 * Installs Debian's `debianPackage` with apt-get (as root, else through `sudo -n`); false when
 * that fails (no apt, no rights, no network).
 */
export function aptInstall(debianPackage: string): boolean {
  const apt = process.getuid?.() === 0 ? ['apt-get'] : ['sudo', '-n', 'apt-get']
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', debianPackage],
  ])
    try {
      process.stderr.write(`bench: running ${[...apt, ...args].join(' ')}\n`)
      execFileSync(apt[0]!, [...apt.slice(1), ...args], { stdio: ['ignore', 'ignore', 'inherit'] })
    } catch {
      return false
    }
  return true
}
