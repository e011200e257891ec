/**
 * What a browser app on another origin needs (CORS, preflight, readable pagination and rate
 * limit headers), and the request body limit (413 with a Cloudsmith body, the server unharmed).
 */
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, DEMO_KEY, startServer, stopAll, type RunningServer } from './support/cli.ts'

const APP = 'http://localhost:5173'

let server: RunningServer
let strict: RunningServer

beforeAll(async () => {
  ;[server, strict] = await Promise.all([
    startServer(['--quiet', '--max-body-size', '1kb']),
    startServer(['--quiet', '--cors-origin', 'https://allowed.example']),
  ])
})
afterAll(stopAll)

const preflight = (target: RunningServer, origin: string) =>
  fetch(`${target.url}/v1/repos/acme/`, {
    method: 'OPTIONS',
    headers: {
      Origin: origin,
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'x-api-key, content-type, x-mock-scenario',
    },
  })

describe('CORS', () => {
  it('answers a preflight 204 echoing the origin (never *) with credentials allowed', async () => {
    const response = await preflight(server, APP)
    expect(response.status).toBe(204)
    expect(response.headers.get('Access-Control-Allow-Origin')).toBe(APP)
    expect(response.headers.get('Access-Control-Allow-Credentials')).toBe('true')
    expect(response.headers.get('Vary')).toMatch(/\bOrigin\b/)
    expect(response.headers.get('Access-Control-Allow-Methods')).toMatch(/\bPOST\b.*\bDELETE\b/)
    expect(response.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain(
      'x-api-key',
    )
  })

  it('lets the app read the pagination, rate limit and retry headers of a response', async () => {
    const reply = await call(server, 'GET', '/v1/repos/acme/?page_size=2', {
      headers: { Origin: APP },
    })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('Access-Control-Allow-Origin')).toBe(APP)
    const exposed = reply.headers.get('Access-Control-Expose-Headers')!.split(/,\s*/)
    for (const name of [
      'X-Pagination-Count',
      'X-Pagination-Page',
      'X-Pagination-PageTotal',
      'X-Pagination-PageSize',
      'Link',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-RateLimit-Interval',
      'Retry-After',
    ])
      expect(exposed).toContain(name)
    expect(reply.headers.get('X-Pagination-PageTotal')).toBe('3')
  })

  it('adds no CORS headers to requests without an Origin', async () => {
    const reply = await call(server, 'GET', '/v1/user/self/')
    expect(reply.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })

  it('with --cors-origin, allows that origin and refuses others (403, no allow headers)', async () => {
    const allowed = await preflight(strict, 'https://allowed.example')
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('https://allowed.example')
    const refused = await preflight(strict, 'https://evil.example')
    expect(refused.status).toBe(403)
    expect(refused.headers.get('Access-Control-Allow-Origin')).toBeNull()
    const actual = await call(strict, 'GET', '/v1/user/self/', {
      headers: { Origin: 'https://evil.example' },
    })
    expect(actual.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })
})

describe('request body limit (--max-body-size 1kb)', () => {
  const tooLarge = { detail: 'Request body exceeds the limit of 1024 bytes.' }

  it('a body declared larger than the limit -> 413 with a Cloudsmith body', async () => {
    const reply = await call(server, 'POST', '/v1/repos/acme/', {
      json: { name: 'big', description: 'x'.repeat(5_000) },
      headers: { Origin: APP },
    })
    expect(reply.status).toBe(413)
    expect(reply.body).toEqual(tooLarge)
    // A browser app must be able to read the refusal too.
    expect(reply.headers.get('Access-Control-Allow-Origin')).toBe(APP)
  })

  it('a streamed (chunked) body that grows past the limit -> 413', async () => {
    let sent = 0
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 100) controller.enqueue(new Uint8Array(512).fill(32))
        else controller.close()
      },
    })
    const response = await fetch(`${server.url}/v1/repos/acme/`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'X-Api-Key': DEMO_KEY, 'Content-Type': 'application/json' },
    } as RequestInit)
    expect(response.status).toBe(413)
    expect(await response.json()).toEqual(tooLarge)
  })

  it('a body within the limit is handled as usual', async () => {
    const reply = await call(server, 'POST', '/v1/repos/acme/', {
      json: { name: 'Small', description: 'x'.repeat(900) },
    })
    expect(reply.status).toBe(201)
  })

  it('keeps serving after clients that vanish halfway through their body', async () => {
    const { port, hostname } = new URL(server.url)
    await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect(Number(port), hostname, () => {
              socket.write(
                'POST /v1/repos/acme/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
                  `X-Api-Key: ${DEMO_KEY}\r\nContent-Length: 900\r\n\r\n{"name": "hal`,
                () => socket.destroy(),
              )
            })
            socket.on('close', () => resolve())
          }),
      ),
    )
    const health = await call(server, 'GET', '/__mock/health')
    expect(health.status).toBe(200)
    const journal = await call<{ entries: { path: string; status: number }[] }>(
      server,
      'GET',
      '/__mock/journal?operation=repos_create',
    )
    // The abandoned requests never reached the mock; the complete ones above did.
    expect(journal.body.entries.map((e) => e.status).sort()).toEqual([201])
  })
})
