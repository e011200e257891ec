/**
 * `--persist`: acknowledged = durable (issue 12, points 2 and 3). Each case is a fault an attack
 * run found: the first start saved a half-loaded preset, a save caught an upload halfway, a
 * status poll's change was answered 200 before it was saved, a failed save still answered 2xx,
 * and every read scheduled a save. Real HTTP to a real server (in process, or the built CLI).
 */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  createMockHttpServer,
  type MockHttpServer,
} from '../../src/adapters/server/create-mock-http-server.ts'
import { readState } from '../../src/adapters/server/state-file.ts'
import { createMock } from '../../src/create-mock.ts'
import { parseDataset } from '../../src/core/db/database.ts'
import { call, startServer, stopAll } from '../server/support/cli.ts'

afterAll(stopAll)
const open: MockHttpServer[] = []
afterEach(async () => {
  for (const app of open.splice(0)) await app.close()
})

const tempFile = async () =>
  join(await mkdtemp(join(tmpdir(), 'cloudsmith-mock-durable-')), 'state.json')

async function serve(options: Parameters<typeof createMockHttpServer>[0]) {
  const app = await createMockHttpServer({ seed: 1, ...options })
  open.push(app)
  await app.listen(0)
  return app
}

/** What a restart would load from the snapshot and the write log, read without changing them. */
const saved = async (file: string) => (await readState(file))!

/** files_create, the bytes to the upload URL, packages_upload_raw: what the CLI does. */
async function uploadPackage(server: { url: string }, repo: string, filename: string) {
  const file = await call<{ identifier: string; upload_fields: Record<string, string> }>(
    server,
    'POST',
    `/v1/files/acme/${repo}/`,
    { json: { filename } },
  )
  expect(file.status).toBe(202)
  const form = new FormData()
  for (const [name, value] of Object.entries(file.body.upload_fields)) form.append(name, value)
  form.append('file', new Blob([`bytes of ${filename}`]), filename)
  const sent = await fetch(`${server.url}/__uploads/${file.body.identifier}/`, {
    method: 'POST',
    body: form,
  })
  expect(sent.status).toBeLessThan(300)
  const pkg = await call<{ slug_perm: string }>(
    server,
    'POST',
    `/v1/packages/acme/${repo}/upload/raw/`,
    { json: { package_file: file.body.identifier } },
  )
  return { identifier: file.body.identifier, reply: pkg }
}

describe('--persist: acknowledged = durable', { timeout: 60_000 }, () => {
  it('kill -9 right after the first start -> the restart holds the whole preset (it held one namespace and no keys)', async () => {
    const file = await tempFile()
    const first = await startServer(['--quiet', '--persist', file])
    first.child.kill('SIGKILL')
    await first.exited

    const slugs = async (server: { url: string }) => {
      const reply = await call<{ slug: string }[]>(server, 'GET', '/v1/repos/acme/?page_size=100')
      expect(reply.status).toBe(200)
      return reply.body.map((r) => r.slug)
    }
    const unsaved = await startServer(['--quiet'])
    const expected = await slugs(unsaved)
    await unsaved.stop()
    const second = await startServer(['--quiet', '--persist', file])
    expect(second.stdout()).toMatch(/Data +restored/)
    expect(await slugs(second)).toEqual(expected)
    expect(expected.length).toBeGreaterThan(0)
    await second.stop()
  })

  it('status poll that advances a sync -> on disk before its 200 arrives', async () => {
    const file = await tempFile()
    const app = await serve({ persist: file, sync: { steps: 3 } })
    const { reply } = await uploadPackage(app, 'web-assets', 'polled-1.0.tar.gz')
    expect(reply.status).toBe(201)
    const slug = reply.body.slug_perm
    const poll = await call(app, 'GET', `/v1/packages/acme/web-assets/${slug}/status/`)
    expect(poll.status).toBe(200)
    // Read at once, without closing the server: the poll's step is in the file already.
    const pkg = (await saved(file)).snapshot.dataset.packages.find((p) => p.slug_perm === slug)
    expect(pkg?.sync.polled).toBe(1)
  })

  it('reads that change nothing -> the state file is not written again', async () => {
    const file = await tempFile()
    const app = await serve({ persist: file })
    const before = await stat(file)
    for (let i = 0; i < 5; i++) expect((await call(app, 'GET', '/v1/repos/acme/')).status).toBe(200)
    // The old server saved 200 ms after each read; wait past that once.
    await new Promise((resolve) => setTimeout(resolve, 400))
    const after = await stat(file)
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs])
  })

  it('a save that fails -> the write answers 503 and health reports it until a save succeeds', async () => {
    const file = await tempFile()
    const errors: string[] = []
    const app = await serve({ persist: file, onError: (error) => errors.push(error.message) })
    // A directory where the write log goes: opening it to append fails, and so does removing
    // it after a snapshot, whoever runs the test (root too).
    const log = `${file}.log`
    await mkdir(log)
    await writeFile(join(log, 'keep'), '')

    const refused = await call<{ detail: string }>(app, 'POST', '/v1/repos/acme/', {
      json: { name: 'not-yet-saved' },
    })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('5')
    expect(refused.body.detail).toMatch(/temporarily unavailable/)
    const failing = await call<{ status: string; persistence: { ok: boolean; error: string } }>(
      app,
      'GET',
      '/__mock/health',
    )
    expect(failing.status).toBe(503)
    expect(failing.body.status).toBe('failing')
    expect(failing.body.persistence.ok).toBe(false)
    expect(errors.length).toBeGreaterThan(0)

    await rm(log, { recursive: true })
    const healthy = await call<{ status: string }>(app, 'GET', '/__mock/health')
    expect([healthy.status, healthy.body.status]).toEqual([200, 'ok'])
    // The refused write was kept in memory and is on disk now, with the next one.
    const next = await call(app, 'POST', '/v1/repos/acme/', { json: { name: 'saved-now' } })
    expect(next.status).toBe(201)
    const slugs = (await saved(file)).snapshot.dataset.repositories.map((r) => r.slug)
    expect(slugs).toEqual(expect.arrayContaining(['not-yet-saved', 'saved-now']))
  })

  it('40 writes in flight at once (one group commit after another) -> all acknowledged and all in the file', async () => {
    const file = await tempFile()
    const app = await serve({ persist: file })
    const before = (await stat(file)).mtimeMs
    const replies = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(app, 'POST', '/v1/repos/acme/', { json: { name: `burst-${i}` } }),
      ),
    )
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 201))
    const slugs = (await saved(file)).snapshot.dataset.repositories.map((r) => r.slug)
    for (let i = 0; i < 40; i++) expect(slugs).toContain(`burst-${i}`)
    expect((await stat(file)).mtimeMs).toBeGreaterThanOrEqual(before)
  })
})

describe('checkpoint(): whole writes only', () => {
  it('snapshots taken while uploads run -> every package made from an upload has it consumed', async () => {
    const mock = createMock({ seed: 1 })
    const origin = 'https://api.cloudsmith.io'
    const headers = { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' }
    const identifiers: string[] = []
    for (let i = 0; i < 10; i++) {
      const created = await mock.handle(
        new Request(`${origin}/v1/files/acme/web-assets/`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ filename: `torn-${i}-1.0.tar.gz` }),
        }),
      )
      const body = (await created.json()) as { identifier: string; upload_fields: object }
      const form = new FormData()
      for (const [k, v] of Object.entries(body.upload_fields)) form.append(k, String(v))
      form.append('file', new Blob(['x']), `torn-${i}-1.0.tar.gz`)
      await mock.handle(
        new Request(`${origin}/__uploads/${body.identifier}/`, { method: 'POST', body: form }),
      )
      identifiers.push(body.identifier)
    }
    const uploads = identifiers.map((identifier) =>
      mock.handle(
        new Request(`${origin}/v1/packages/acme/web-assets/upload/raw/`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ package_file: identifier }),
        }),
      ),
    )
    const checkpoints = Array.from({ length: 10 }, () => mock.checkpoint())
    expect((await Promise.all(uploads)).map((r) => r.status)).toEqual(uploads.map(() => 201))
    // parseDataset refuses a package whose upload is not consumed (what a torn save held).
    for (const { snapshot } of await Promise.all(checkpoints))
      expect(() => parseDataset(snapshot.dataset)).not.toThrow()
  })
})
