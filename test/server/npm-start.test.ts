/**
 * `npm start` under a process manager (systemd, Docker, a CI step) that signals npm: the server
 * must be npm's own child, not a shell waiting on it, so SIGTERM reaches it and it shuts down
 * cleanly instead of living on as an orphan holding the port.
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CLI = 'dist/cli/cloudsmith-mock.js'

if (!existsSync(path.join(root, CLI)))
  throw new Error(`${CLI} is missing: run "npm run build" before these tests`)

/** Linux's process table: the children of `pid`, with their command lines. */
function childrenOf(pid: number): { pid: number; argv: string[] }[] {
  const children: { pid: number; argv: string[] }[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      // Field 4 of /proc/<pid>/stat is the parent; the command name before it may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (parent !== pid) continue
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean)
      children.push({ pid: Number(entry), argv })
    } catch {
      // The process ended between listing and reading.
    }
  }
  return children
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

// npm runs in a process group of its own, so a failed run can take its whole tree down.
const groups: number[] = []
afterAll(() => {
  for (const group of groups) if (alive(-group)) process.kill(-group, 'SIGKILL')
})

describe('npm start', () => {
  it('runs the server as npm’s direct child, which a SIGTERM to npm stops cleanly', async () => {
    // --ignore-scripts skips only `prestart` (the build, done before the tests); npm still runs
    // the start script it was asked for.
    const npm = spawn('npm', ['start', '--ignore-scripts', '--', '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    groups.push(npm.pid!)
    let stdout = ''
    npm.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    const exited = new Promise<number | null>((resolve) => npm.once('exit', resolve))
    const url = await new Promise<string>((resolve, reject) => {
      npm.stdout.on('data', () => {
        const match = /listening on (http:\/\/\S+)/.exec(stdout)
        if (match) resolve(match[1]!)
      })
      npm.once('exit', () => reject(new Error(`npm start ended early:\n${stdout}`)))
    })

    const children = childrenOf(npm.pid!)
    expect(children).toHaveLength(1)
    const server = children[0]!
    // exec: the shell npm started became the server (same pid), rather than waiting on it.
    expect(server.argv.some((arg) => arg.endsWith(CLI))).toBe(true)
    expect(server.argv).toContain('serve')
    expect((await fetch(`${url}/__mock/health`)).status).toBe(200)

    npm.kill('SIGTERM')
    await exited
    await expect.poll(() => alive(server.pid), { timeout: 20_000 }).toBe(false)
    expect(stdout).toContain('SIGTERM: finishing requests in flight, then stopping.')
    await expect(fetch(`${url}/__mock/health`)).rejects.toThrow()
  })
})
