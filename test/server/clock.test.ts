/**
 * The standalone server's clock: `real` by default (people and real clients wait on it), `frozen`
 * with `--clock frozen` or `clock` in the config file; shown in /__mock/health and on the banner.
 * The two tests that wait real time use windows of a second.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Package, PackageFileUpload } from '../../src/index.ts'
import { call, startServer, stopAll, type RunningServer } from './support/cli.ts'

afterAll(stopAll)

const slow = { timeout: 60_000 }
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const health = (server: RunningServer) =>
  call<{ clock: { mode: string; now: string; epochMs: number } }>(server, 'GET', '/__mock/health')

async function uploadRaw(server: RunningServer, filename: string): Promise<Package> {
  const upload = await call<PackageFileUpload>(server, 'POST', '/v1/files/acme/platform/', {
    json: { filename },
  })
  const form = new FormData()
  for (const [name, value] of Object.entries(upload.body.upload_fields ?? {}))
    form.append(name, String(value))
  form.append('file', new Blob([`bytes of ${filename}`]), filename)
  expect((await fetch(upload.body.upload_url!, { method: 'POST', body: form })).status).toBe(204)
  const created = await call<Package>(server, 'POST', '/v1/packages/acme/platform/upload/raw/', {
    json: { package_file: upload.body.identifier },
  })
  expect(created.status).toBe(201)
  return created.body
}

describe.concurrent('serve clock', slow, () => {
  it('runs the real clock by default, from the start time, and says so', async () => {
    const server = await startServer(['--quiet'], {}, { frozen: false })
    expect(server.stdout()).toMatch(
      /^ {2}Clock {8}real, now 2026-01-01T00:0\d:\d\d\.\d{3}Z \(moves with wall-clock time/m,
    )
    const first = await health(server)
    expect(first.status).toBe(200)
    expect(first.body.clock.mode).toBe('real')
    // The server's own start-up took some wall time: the clock has moved past its start.
    await sleep(50)
    const later = await call<{ mode: string; epochMs: number }>(server, 'GET', '/__mock/clock')
    expect(later.body.mode).toBe('real')
    expect(later.body.epochMs).toBeGreaterThan(Date.UTC(2026, 0, 1))
    // POST /__mock/clock shifts it, and it keeps running from there.
    const moved = await call<{ epochMs: number }>(server, 'POST', '/__mock/clock', {
      json: { now: '2030-01-01T00:00:00Z' },
    })
    expect(moved.body.epochMs).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1))
    expect(moved.body.epochMs).toBeLessThan(Date.UTC(2030, 0, 1) + 60_000)
    await server.stop()
  })

  it('--clock frozen stands still until POST /__mock/clock moves it', async () => {
    const server = await startServer(['--quiet', '--clock', 'frozen'])
    expect(server.stdout()).toMatch(
      /^ {2}Clock {8}frozen at 2026-01-01T00:00:00\.000Z \(moves only by POST \/__mock\/clock\)/m,
    )
    await sleep(20)
    expect((await health(server)).body.clock).toEqual({
      mode: 'frozen',
      now: '2026-01-01T00:00:00.000Z',
      epochMs: Date.UTC(2026, 0, 1),
    })
    await server.stop()
  })

  it('takes clock from the config file, and the flag over it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cloudsmith-mock-clock-')), 'mock.json')
    await writeFile(file, JSON.stringify({ clock: 'frozen', preset: 'empty' }))
    const [fromFile, fromFlag] = await Promise.all([
      startServer(['--quiet', '--config', file], {}, { frozen: false }),
      startServer(['--quiet', '--config', file, '--clock', 'real']),
    ])
    expect((await health(fromFile)).body.clock.mode).toBe('frozen')
    expect((await health(fromFlag)).body.clock.mode).toBe('real')
    await Promise.all([fromFile.stop(), fromFlag.stop()])
  })

  // Issue 13: with --rate-limit 3/10s a client that honours Retry-After is served again once
  // the window has passed. Retry-After is whole seconds (API-NOTES §5).
  it('serves a client again after the Retry-After of a spent --rate-limit window', async () => {
    const server = await startServer(['--quiet', '--rate-limit', '2/1s'], {}, { frozen: false })
    let refused: Awaited<ReturnType<typeof call>> | undefined
    // Two a second: the third call in one window is refused (a window may close in between).
    for (let i = 0; i < 10 && !refused; i++) {
      const reply = await call(server, 'GET', '/v1/user/self/')
      if (reply.status === 429) refused = reply
      else expect(reply.status).toBe(200)
    }
    expect(refused?.status).toBe(429)
    const wait = Number(refused!.headers.get('Retry-After'))
    expect(wait).toBe(1)
    await sleep(wait * 1000)
    const again = await call(server, 'GET', '/v1/user/self/')
    expect(again.status).toBe(200)
    await server.stop()
  })

  it('shows a package pushed without waiting as Completed in a later list', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cloudsmith-mock-clock-')), 'mock.json')
    await writeFile(file, JSON.stringify({ sync: { durationMs: 1000 } }))
    const server = await startServer(['--quiet', '--config', file], {}, { frozen: false })
    const created = await uploadRaw(server, 'pushed-1.0.0.tar.gz')
    expect(created.is_sync_completed).toBe(false)
    await sleep(1000)
    // No status poll in between: the list reads the sync from the clock.
    const list = await call<Package[]>(server, 'GET', '/v1/packages/acme/platform/?sort=-date')
    expect(list.body[0]).toMatchObject({
      slug_perm: created.slug_perm,
      status_str: 'Completed',
      is_sync_completed: true,
    })
    await server.stop()
  })
})
