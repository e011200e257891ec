/**
 * Debian packages a full benchmark run installs when missing (the load generators): never in
 * `npm test`, which only uses what is there.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** `name` in the usual places (Debian, /usr/local, Homebrew), else on the PATH; null if none. */
function findBinary(name: string): string | null {
  for (const dir of ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin'])
    if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim() || null
  } catch {
    return null
  }
}

/**
 * The binary `name`, installed with apt-get from Debian's `debianPackage` when missing and
 * `install` is set (full runs only: `npm test` never installs anything). Null when there is none.
 */
export function installedBinary(
  name: string,
  debianPackage: string,
  install: boolean,
): string | null {
  const found = findBinary(name)
  if (found || !install || !aptInstall(debianPackage)) return found
  return findBinary(name)
}

/**
 * Installs Debian's `debianPackage` with apt-get (as root, else through `sudo -n`); false when
 * that fails (no apt, no rights, no network).
 */
function aptInstall(debianPackage: string): boolean {
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
