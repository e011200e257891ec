/**
 * The package's `bin` is a bundle (scripts/build-cli.ts, for start-up time): it must behave as
 * the unbundled CLI the server tests run. Checks what a bundle can get wrong: its version (read
 * from package.json relative to the file), the server it starts, and files it finds through
 * import.meta.resolve (msw's service worker). Runs the build: `npm test` builds first.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string
  bin: Record<string, string>
}
const BIN = join(ROOT, pkg.bin['cloudsmith-mock']!)
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" before these tests`)
const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args])

const directories: string[] = []
afterAll(() => Promise.all(directories.map((d) => rm(d, { recursive: true, force: true }))))

describe('the bundled cloudsmith-mock bin', () => {
  it('is the dist/cli bundle and prints the package version', async () => {
    expect(pkg.bin['cloudsmith-mock']).toBe('dist/cli/cloudsmith-mock.js')
    const { stdout } = await run('--version')
    expect(stdout.trim()).toBe(pkg.version)
  })

  it('serves the API: demo-api-key is user demo', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--quiet'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let out = ''
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk
          const match = /listening on (http:\/\/\S+)/.exec(out)
          if (match) resolve(match[1]!)
        })
        child.once('exit', (code) => reject(new Error(`exited ${code} before listening: ${out}`)))
      })
      const response = await fetch(`${url}/v1/user/self/`, {
        headers: { 'X-Api-Key': 'demo-api-key' },
      })
      expect(response.status).toBe(200)
      expect(await response.json()).toMatchObject({ authenticated: true, slug: 'demo' })
    } finally {
      child.kill('SIGKILL')
    }
  })

  it("copies msw's service worker with init", async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-init-'))
    directories.push(directory)
    await run('init', directory)
    const copied = readFileSync(join(directory, 'mockServiceWorker.js'), 'utf8')
    const original = readFileSync(join(ROOT, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8')
    expect(copied).toBe(original)
  })
})
