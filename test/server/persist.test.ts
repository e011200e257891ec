/**
 * `serve --persist FILE`: the state survives a graceful restart and a kill -9 at any moment
 * (the file always parses, and every write the client saw acknowledged is there); a corrupt or
 * foreign file is a one-line error and a non-zero exit, and is left as it was.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { call, runCli, startServer, stopAll } from './support/cli.ts'

afterAll(stopAll)

const tempDir = () => mkdtemp(join(tmpdir(), 'cloudsmith-mock-persist-'))

/** mulberry32: the kill moments are random but the same on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Repository {
  slug: string
  slug_perm: string
}

async function repositorySlugs(server: { url: string }): Promise<string[]> {
  const reply = await call<Repository[]>(server, 'GET', '/v1/repos/acme/?page_size=500')
  expect(reply.status).toBe(200)
  return reply.body.map((r) => r.slug)
}

// Each case starts the server several times; the CI machine has two cores.
describe('--persist', { timeout: 120_000 }, () => {
  it('keeps repositories, deletions and the clock across a graceful restart', async () => {
    const file = join(await tempDir(), 'state.json')
    const first = await startServer(['--quiet', '--persist', file])
    expect(first.stdout()).not.toContain('restored')
    const created = await call<Repository>(first, 'POST', '/v1/repos/acme/', {
      json: { name: 'Survivor' },
    })
    expect(created.status).toBe(201)
    // API-NOTES §6: repos_delete answers 200 "scheduled for deletion".
    expect((await call(first, 'DELETE', '/v1/repos/acme/java/')).status).toBe(200)
    await call(first, 'POST', '/__mock/clock', { json: { advanceMs: 60_000 } })
    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null })

    const second = await startServer(['--quiet', '--persist', file])
    expect(second.stdout()).toMatch(/Data +restored/)
    const slugs = await repositorySlugs(second)
    expect(slugs).toContain('survivor')
    expect(slugs).not.toContain('java')
    expect((await call(second, 'GET', '/__mock/clock')).body.now).toBe('2026-01-01T00:01:00.000Z')

    // Ids keep counting past the saved records instead of repeating them.
    const next = await call<Repository>(second, 'POST', '/v1/repos/acme/', {
      json: { name: 'Newcomer' },
    })
    expect(next.status).toBe(201)
    expect(next.body.slug_perm).not.toBe(created.body.slug_perm)

    // reset() returns to the state the server started from, not to the seed.
    await call(second, 'POST', '/__mock/reset', { json: {} })
    const afterReset = await repositorySlugs(second)
    expect(afterReset).toContain('survivor')
    expect(afterReset).not.toContain('newcomer')
    await second.stop()
  })

  it('survives kill -9 in the middle of writes, again and again', async () => {
    const dir = await tempDir()
    const file = join(dir, 'state.json')
    const next = random(20260101)
    const acknowledged: string[] = []
    let server = await startServer(['--quiet', '--persist', file])
    let counter = 0

    for (let round = 0; round < 3; round++) {
      const killAfter = 1 + Math.floor(next() * 25)
      let acked = 0
      let killed = false
      // Four writers keep requests in flight, so the kill lands during a write.
      const writer = async () => {
        while (!killed) {
          const name = `round-${round}-${counter++}`
          try {
            const reply = await call(server, 'POST', '/v1/repos/acme/', { json: { name } })
            if (reply.status !== 201) throw new Error(`unexpected ${reply.status}`)
            if (killed) return
            acknowledged.push(name)
            if (++acked >= killAfter) {
              killed = true
              server.child.kill('SIGKILL')
            }
          } catch (error) {
            if (!killed) throw error
          }
        }
      }
      await Promise.all([writer(), writer(), writer(), writer()])
      expect((await server.exited).signal).toBe('SIGKILL')

      const saved = JSON.parse(await readFile(file, 'utf8')) as { format: string }
      expect(saved.format).toBe('cloudsmith-mock-state')

      server = await startServer(['--quiet', '--persist', file])
      const slugs = new Set(await repositorySlugs(server))
      for (const name of acknowledged) expect(slugs).toContain(name)
      // Temporary files of the killed process are cleaned up on start.
      expect(await readdir(dir)).toEqual(['state.json'])
    }
    await server.stop()
  })
})

describe.concurrent('--persist with a bad file', { timeout: 90_000 }, () => {
  it('a file that cannot be written -> one-line error, exit 1', async () => {
    const file = join(await tempDir(), 'no-such-directory', 'state.json')
    const result = await runCli(['serve', '--port', '0', '--persist', file])
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/Cannot write state file .*state\.json: ENOENT/)
  })

  it.each([
    ['not JSON', '{"format": "cloudsmith-mock-state", ', /is not valid JSON/],
    ['JSON of something else', '{"hello": "world"}', /is not a cloudsmith-mock state/],
    [
      'a state whose dataset is broken',
      JSON.stringify({
        format: 'cloudsmith-mock-state',
        version: 1,
        snapshot: { seed: 1, now: 0, counters: {}, dataset: { repositories: 'no' } },
      }),
      /holds an invalid dataset/,
    ],
  ])('%s -> one-line error, exit 1, file untouched', async (_name, content, message) => {
    const file = join(await tempDir(), 'state.json')
    await writeFile(file, content)
    const result = await runCli(['serve', '--port', '0', '--persist', file])
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(message)
    expect(result.stdout).not.toContain('listening')
    expect(await readFile(file, 'utf8')).toBe(content)
  })
})
