/**
 * getload, the benchmark's GET load generator (bench/support/getload.c), compiled as a full
 * run compiles it and run against a node:http server that counts what it answered. Its counts
 * are the benchmark's figures, so they must be the server's: every framing of an answer
 * (Content-Length, chunked, none, Connection: close) read to its end and counted once. No speed
 * is asserted.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getloadBinary, runGetload } from '../../bench/support/getload.ts'

let server: Server
let url: string
/**
 * Requests the server received, by path: a run counts only its own paths, as the requests a
 * previous run left in flight when it stopped may reach the server after the next one began.
 */
const received = new Map<string, number>()
const binary = getloadBinary(false)

beforeAll(async () => {
  server = createServer((request, response) => {
    received.set(request.url!, (received.get(request.url!) ?? 0) + 1)
    if (request.url === '/length') response.end('x'.repeat(200_000))
    else if (request.url === '/chunked') {
      // Three chunks across event-loop turns, so they reach the client in separate reads.
      response.write('a'.repeat(5_000))
      setImmediate(() => {
        response.write('b'.repeat(70_000))
        response.end('c')
      })
    } else if (request.url === '/close') response.setHeader('connection', 'close').end('bye')
    else if (request.url === '/empty') response.writeHead(204).end()
    else response.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"no"}')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function run(paths: string[], connections = 4) {
  received.clear()
  const result = await runGetload(binary!, {
    url,
    connections,
    durationS: 0.5,
    steps: paths.map((get) => ({ get })),
  })
  // Requests answered by the server but not yet read when the time was up: at most one per
  // connection.
  const answered = paths.reduce((sum, path) => sum + (received.get(path) ?? 0), 0)
  return { result, unread: answered - result.requests }
}

describe('getload', () => {
  it("compiles with the C compiler (CI installs Debian's gcc)", () => {
    expect(binary).toMatch(/getload$/)
  })

  it.each(['/length', '/chunked', '/close', '/empty'])(
    'counts every %s answer once, as the server does',
    async (path) => {
      const { result, unread } = await run([path])
      expect(result.requests).toBeGreaterThan(50)
      expect(unread).toBeGreaterThanOrEqual(0)
      expect(unread).toBeLessThanOrEqual(4)
      expect(result.errors).toBe(0)
      expect(result.non2xx).toBe(0)
      expect(result.latencyMs.p50).toBeGreaterThan(0)
      expect(result.latencyMs.p99).toBeGreaterThanOrEqual(result.latencyMs.p50)
      expect(result.clientCpuMs).toBeGreaterThan(0)
    },
  )

  it('takes the paths in turn and counts the answers outside 2xx', async () => {
    const { result } = await run(['/length', '/missing'], 1)
    expect(result.errors).toBe(0)
    // One connection alternating: half the answers are the 404s.
    expect(Math.abs(result.non2xx * 2 - result.requests)).toBeLessThanOrEqual(1)
  })

  it('fails with the reason when nothing answers', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    await expect(
      runGetload(binary!, {
        url: `http://127.0.0.1:${port}`,
        connections: 1,
        durationS: 0.2,
        steps: [{ get: '/' }],
      }),
    ).rejects.toThrow(/"requests":0/)
  })
})
