/**
 * SIGTERM/SIGINT: the server stops taking connections, lets the request in flight finish,
 * saves its state, and exits 0.
 */
import { request } from 'node:http'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_KEY, startServer, stopAll } from './support/cli.ts'

afterAll(stopAll)

/**
 * Starts a POST whose body is held back until `release()`. `Expect: 100-continue` makes the
 * server say when it has the request, so the signal provably lands while it is in flight.
 */
function heldRequest(url: string, body: string) {
  const target = new URL('/v1/repos/acme/', url)
  let release!: () => void
  const received = new Promise<void>((resolve) => (release = resolve))
  const req = request(target, {
    method: 'POST',
    headers: {
      'X-Api-Key': DEMO_KEY,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      Expect: '100-continue',
    },
  })
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, body: text }))
    })
    req.on('error', reject)
  })
  const accepted = new Promise<void>((resolve) => req.on('continue', () => resolve()))
  void received.then(() => req.end(body))
  return { accepted, answered, release }
}

describe.each(['SIGTERM', 'SIGINT'] as const)('%s', (signal) => {
  it('finishes the request in flight, saves it, refuses new connections, exits 0', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cloudsmith-mock-shutdown-')), 'state.json')
    const server = await startServer(['--persist', file])
    const held = heldRequest(server.url, JSON.stringify({ name: `Late ${signal}` }))
    await held.accepted

    server.child.kill(signal)
    await server.waitForOutput(new RegExp(`${signal}: finishing requests in flight`))
    await expect(fetch(`${server.url}/__mock/health`)).rejects.toThrow()
    held.release()

    const reply = await held.answered
    expect(reply.status).toBe(201)
    expect(JSON.parse(reply.body)).toMatchObject({ slug: `late-${signal.toLowerCase()}` })
    expect(await server.exited).toEqual({ code: 0, signal: null })
    expect(server.stdout()).toMatch(/Stopped\.\n$/)

    const saved = JSON.parse(await readFile(file, 'utf8')) as {
      snapshot: { dataset: { repositories: { slug: string }[] } }
    }
    expect(saved.snapshot.dataset.repositories.map((r) => r.slug)).toContain(
      `late-${signal.toLowerCase()}`,
    )
  })
})
