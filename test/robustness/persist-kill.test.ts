/**
 * `--persist` survives kill -9 at any moment, under the mixed writes a real client makes
 * (test/server/persist.test.ts does it for repository creates alone): four writers create and
 * delete repositories, upload packages (files_create, the bytes, packages_upload_raw), poll
 * their status (a read that advances the sync: a write), copy and delete them, and the server is
 * killed after a random number of acknowledged writes, round after round, restarting from the
 * same file each time. After every restart the file loads, the data passes the integrity check
 * (which also finds an upload made into two packages), no temporary file is left, every write
 * the server acknowledged is there, whatever was in flight when it died, and a client retrying
 * the package upload it got no answer for makes no second package (issue 12, points 2-3).
 */
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { call, startServer, stopAll, type RunningServer } from '../server/support/cli.ts'
import { fuzzSeed } from './support/settings.ts'

afterAll(stopAll)

const ROUNDS = Number(process.env.KILL_ROUNDS) || 3

/** mulberry32: the kill moments are random but the same on every run. */
function random(seed: number) {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** What an acknowledged write promises: this path answers this status after any restart. */
interface Promise_ {
  path: string
  status: number
  /** A later write to the same thing was in flight at the kill: either outcome is fine. */
  uncertain: boolean
  /** A status poll said the sync completed: it still says so. */
  completed?: boolean
}

class Writer {
  readonly promises = new Map<string, Promise_>()
  /** package_upload calls whose answer the kill swallowed: the client retries them. */
  readonly unanswered: { repo: string; identifier: string }[] = []
  private n = 0
  private readonly id: string
  constructor(id: string) {
    this.id = id
  }

  /** One write; `thing` names what it changes, `then` what it promises once acknowledged. */
  private async write(
    server: RunningServer,
    thing: string,
    send: () => ReturnType<typeof call>,
    then: (status: number, body: unknown) => Promise_ | null,
  ): Promise<unknown> {
    const before = this.promises.get(thing)
    if (before) before.uncertain = true
    const reply = await send()
    const promise = then(reply.status, reply.body)
    if (promise) this.promises.set(thing, promise)
    else this.promises.delete(thing)
    return reply.body
  }

  async step(server: RunningServer, next: () => number): Promise<void> {
    const repo = `k-${this.id}-${this.n++}`
    await this.write(
      server,
      repo,
      () => call(server, 'POST', '/v1/repos/acme/', { json: { name: repo } }),
      (status) =>
        status === 201 ? { path: `/v1/repos/acme/${repo}/`, status: 200, uncertain: false } : null,
    )
    const upload = (await call(server, 'POST', `/v1/files/acme/${repo}/`, {
      json: { filename: `${repo}-1.0.tar.gz` },
    })) as { status: number; body: { identifier: string; upload_fields: Record<string, string> } }
    if (upload.status !== 202) throw new Error(`files_create answered ${upload.status}`)
    const form = new FormData()
    for (const [name, value] of Object.entries(upload.body.upload_fields)) form.append(name, value)
    form.append('file', new Blob([`bytes of ${repo}`]), `${repo}-1.0.tar.gz`)
    await fetch(`${server.url}/__uploads/${upload.body.identifier}/`, {
      method: 'POST',
      body: form,
    })
    let slug = ''
    this.unanswered.push({ repo, identifier: upload.body.identifier })
    await this.write(
      server,
      `${repo}/package`,
      () =>
        call(server, 'POST', `/v1/packages/acme/${repo}/upload/raw/`, {
          json: { package_file: upload.body.identifier },
        }),
      (status, body) => {
        if (status !== 201) return null
        slug = (body as { slug_perm: string }).slug_perm
        return { path: `/v1/packages/acme/${repo}/${slug}/`, status: 200, uncertain: false }
      },
    )
    this.unanswered.pop()
    if (!slug) return
    // One poll completes the default sync: answered 200 and completed, it must stay completed.
    await this.write(
      server,
      `${repo}/sync`,
      () => call(server, 'GET', `/v1/packages/acme/${repo}/${slug}/status/`),
      (status, body) =>
        status === 200 && (body as { is_sync_completed?: boolean }).is_sync_completed
          ? {
              path: `/v1/packages/acme/${repo}/${slug}/status/`,
              status: 200,
              uncertain: false,
              completed: true,
            }
          : null,
    )
    const roll = next()
    // A delete in flight at the kill makes the poll's promise uncertain; a delete answered drops it.
    const sync = this.promises.get(`${repo}/sync`)
    if (sync && roll < 0.5) sync.uncertain = true
    if (roll < 0.3) {
      await this.write(
        server,
        `${repo}/package`,
        () => call(server, 'DELETE', `/v1/packages/acme/${repo}/${slug}/`),
        (status) =>
          status === 204
            ? { path: `/v1/packages/acme/${repo}/${slug}/`, status: 404, uncertain: false }
            : null,
      )
      if (this.promises.get(`${repo}/package`)?.status === 404) this.promises.delete(`${repo}/sync`)
    } else if (roll < 0.5) {
      // The package goes with its repository.
      const pkg = this.promises.get(`${repo}/package`)
      if (pkg) pkg.uncertain = true
      await this.write(
        server,
        repo,
        () => call(server, 'DELETE', `/v1/repos/acme/${repo}/`),
        (status) =>
          status === 200
            ? { path: `/v1/repos/acme/${repo}/`, status: 404, uncertain: false }
            : null,
      )
      if (pkg && this.promises.get(repo)?.status === 404) {
        this.promises.set(`${repo}/package`, { ...pkg, status: 404, uncertain: false })
        this.promises.delete(`${repo}/sync`)
      }
    } else if (roll < 0.7)
      await this.write(
        server,
        `${repo}/copy`,
        () =>
          call(server, 'POST', `/v1/packages/acme/${repo}/${slug}/copy/`, {
            json: { destination: 'web-assets' },
          }),
        (status, body) =>
          status === 200
            ? {
                path: `/v1/packages/acme/web-assets/${(body as { slug_perm: string }).slug_perm}/`,
                status: 200,
                uncertain: false,
              }
            : null,
      )
  }
}

describe('--persist under kill -9', () => {
  it(`${ROUNDS} rounds of mixed writes killed at random moments: every acknowledged write survives`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-kill-'))
    const file = join(dir, 'state.json')
    const next = random(fuzzSeed())
    const writers = ['a', 'b', 'c', 'd'].map((id) => new Writer(id))
    let server = await startServer(['--quiet', '--persist', file])

    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = 2 + Math.floor(next() * 12)
      let steps = 0
      let killed = false
      await Promise.all(
        writers.map(async (writer) => {
          while (!killed) {
            try {
              await writer.step(server, next)
            } catch (error) {
              if (killed) return
              throw error
            }
            if (!killed && ++steps >= killAfter) {
              killed = true
              server.child.kill('SIGKILL')
            }
          }
        }),
      )
      expect((await server.exited).signal).toBe('SIGKILL')

      server = await startServer(['--quiet', '--persist', file])
      // The killed process's temporary files are gone, and the state it left is sound.
      expect(await readdir(dir)).toEqual(['state.json'])
      const integrity = await call<{ problems: string[] }>(server, 'GET', '/__mock/integrity')
      expect(integrity.body.problems).toEqual([])
      for (const writer of writers)
        for (const promise of writer.promises.values()) {
          if (promise.uncertain) continue
          const reply = await call<{ is_sync_completed?: boolean }>(server, 'GET', promise.path)
          expect(reply.status, `${promise.path} after round ${round}`).toBe(promise.status)
          if (promise.completed)
            expect(reply.body.is_sync_completed, `${promise.path} after round ${round}`).toBe(true)
        }
      // The client retries the package upload whose answer it never got: one package per file.
      for (const writer of writers)
        for (const { repo, identifier } of writer.unanswered.splice(0)) {
          const retry = await call(server, 'POST', `/v1/packages/acme/${repo}/upload/raw/`, {
            json: { package_file: identifier },
          })
          const packages = await call<{ filename: string }[]>(
            server,
            'GET',
            `/v1/packages/acme/${repo}/?page_size=100`,
          )
          if (packages.status !== 200) continue // the repository's create was lost with the kill
          const made = packages.body.filter((p) => p.filename === `${repo}-1.0.tar.gz`)
          expect(made, `${repo} after a retried upload (${retry.status})`).toHaveLength(1)
        }
      const checked = await call<{ problems: string[] }>(server, 'GET', '/__mock/integrity')
      expect(checked.body.problems).toEqual([])
    }
    const kept = writers.flatMap((w) => [...w.promises.values()]).filter((p) => !p.uncertain)
    expect(kept.length).toBeGreaterThan(ROUNDS * 4)
    if (process.env.FUZZ_REPORT)
      console.info(JSON.stringify({ rounds: ROUNDS, acknowledgedWritesChecked: kept.length }))
    await server.stop()
  }, 240_000)
})
