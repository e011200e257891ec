/**
 * The package's `bin` turns on Node's compile cache and imports a bundle (scripts/build-cli.ts,
 * for start-up time): it must behave as the unbundled CLI the server tests run. Checks what a
 * bundle can get wrong: its version (read from package.json relative to the file), the server it
 * starts, the data files and built-ins it loads when used, files it finds through
 * import.meta.resolve (msw's service worker), and a cache it cannot write. Runs the build:
 * `npm test` builds first.
 */
import { execFile } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, stopAll } from '../server/support/cli.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  version: string
  bin: Record<string, string>
}
const BIN = join(ROOT, pkg.bin['cloudsmith-mock']!)
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" before these tests`)
const run = (...args: string[]) => promisify(execFile)(process.execPath, [BIN, ...args])

const directories: string[] = []
afterAll(async () => {
  await stopAll()
  await Promise.all(directories.map((d) => rm(d, { recursive: true, force: true })))
})

/** The bundled bin's `serve --port 0 --quiet`, as a user starts it (real clock); its URL. */
async function serve(args: string[] = [], env: Record<string, string> = {}): Promise<string> {
  return (await startServer(['--quiet', ...args], env, { bin: BIN, frozen: false })).url
}

describe('the bundled cloudsmith-mock bin', () => {
  it('is the dist/cli bundle and prints the package version', async () => {
    expect(pkg.bin['cloudsmith-mock']).toBe('dist/cli/cloudsmith-mock.js')
    const { stdout } = await run('--version')
    expect(stdout.trim()).toBe(pkg.version)
  })

  it('serves the API: demo-api-key is user demo', async () => {
    const url = await serve()
    const response = await fetch(`${url}/v1/user/self/`, {
      headers: { 'X-Api-Key': 'demo-api-key' },
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ authenticated: true, slug: 'demo' })
  })

  // node:crypto is loaded on first use in the bundle (scripts/build-cli.ts): the admin token,
  // the write log's checksums and the state file's temporary names go through its stand-ins.
  it('checks an admin token and saves a write with --persist', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-bin-'))
    directories.push(directory)
    const state = join(directory, 'state.json')
    const url = await serve(['--persist', state, '--admin-token', 's3cret'])
    expect((await fetch(`${url}/__mock/health`)).status).toBe(401)
    const health = await fetch(`${url}/__mock/health`, {
      headers: { Authorization: 'Bearer s3cret' },
    })
    expect(health.status).toBe(200)
    const created = await fetch(`${url}/v1/repos/acme/`, {
      method: 'POST',
      headers: { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'saved-by-the-bundle' }),
    })
    expect(created.status).toBe(201)
    expect(readFileSync(`${state}.log`, 'utf8')).toContain('saved-by-the-bundle')
  })

  // Node's compile cache goes to NODE_COMPILE_CACHE or the temp directory; a read-only one
  // (a locked-down CI runner) must not stop the bin.
  it('starts when the compile cache directory cannot be written', async () => {
    const url = await serve([], { NODE_COMPILE_CACHE: '/dev/null/compile-cache' })
    const response = await fetch(`${url}/v1/user/self/`, {
      headers: { 'X-Api-Key': 'demo-api-key' },
    })
    expect(response.status).toBe(200)
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
