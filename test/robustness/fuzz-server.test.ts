/**
 * Property-based fuzzing of the standalone server (the built CLI) over raw sockets, so that what
 * fetch refuses to send is sent too: raw non-UTF-8 bytes in the path, TRACE and CONNECT, invalid
 * header names and bytes, conflicting framing, huge headers. Every answer comes in time, is below
 * 500 unless a scenario asked, and is JSON with `detail` on errors; afterwards the process is
 * alive, GET /__mock/integrity finds nothing wrong, and every identity sees only what it may.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, stopAll, type RunningServer } from '../server/support/cli.ts'
import { fuzzRequest, type FuzzRequest } from './support/arbitraries.ts'
import { describeRequest, violation } from './support/expectations.ts'
import { encode, exchange, type RawRequest } from './support/raw-http.ts'
import { runFuzz } from './support/run-fuzz.ts'
import { fuzzRuns, fuzzTimeout } from './support/settings.ts'
import { visibilityViolations } from './support/visibility.ts'

const runs = fuzzRuns(400)
let server: RunningServer

beforeAll(async () => {
  server = await startServer(['--quiet'])
})
afterAll(stopAll)

/** What only a raw socket can send: each breaks the request in one way. */
const breakages = {
  'raw bytes in the path': (r: RawRequest) => ({
    ...r,
    target: Buffer.concat([
      Buffer.from('/v1/repos/acme/'),
      Buffer.from([0xff, 0xfe, 0x80]),
      Buffer.from('/'),
    ]),
  }),
  'a space in the path': (r: RawRequest) => ({ ...r, target: '/v1/repos/ acme/' }),
  TRACE: (r: RawRequest) => ({ ...r, method: 'TRACE' }),
  CONNECT: (r: RawRequest) => ({ ...r, method: 'CONNECT', target: 'api.cloudsmith.io:443' }),
  'an unknown method': (r: RawRequest) => ({ ...r, method: 'FOO' }),
  'no method': (r: RawRequest) => ({ ...r, method: '' }),
  'HTTP/1.0': (r: RawRequest) => ({ ...r, version: 'HTTP/1.0' }),
  'HTTP/9.9': (r: RawRequest) => ({ ...r, version: 'HTTP/9.9' }),
  'an absolute target': (r: RawRequest) => ({ ...r, target: `http://evil.example${r.target}` }),
  'an asterisk target': (r: RawRequest) => ({ ...r, target: '*' }),
  'an invalid header name': (r: RawRequest) => ({
    ...r,
    headers: [...r.headers, ['Bad Header', 'x']],
  }),
  'a control byte in a header': (r: RawRequest) => ({
    ...r,
    headers: [...r.headers, ['X-Api-Key', Buffer.from([0x64, 0x00, 0x7f])]],
  }),
  'two Content-Lengths': (r: RawRequest) => ({
    ...r,
    body: r.body ?? Buffer.from('{}'),
    headers: [...r.headers, ['Content-Length', '1']],
  }),
  'chunked and a Content-Length': (r: RawRequest) => ({
    ...r,
    body: r.body ?? Buffer.from('{}'),
    headers: [...r.headers, ['Transfer-Encoding', 'chunked']],
  }),
  'headers past 16 KiB': (r: RawRequest) => ({
    ...r,
    headers: [...r.headers, ['X-Padding', 'p'.repeat(40_000)]],
  }),
  'a thousand headers': (r: RawRequest) => ({
    ...r,
    headers: [...r.headers, ...Array.from({ length: 1000 }, (_, i) => [`X-H${i}`, 'v'] as const)],
  }),
} satisfies Record<string, (r: RawRequest) => RawRequest>

type Breakage = keyof typeof breakages
const breakage = fc.oneof(
  { weight: 6, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.constantFrom(...(Object.keys(breakages) as Breakage[])) },
)

function toRaw(request: FuzzRequest): RawRequest {
  return {
    method: request.method,
    target: request.target,
    headers: request.headers,
    body: request.body ? Buffer.from(request.body) : null,
  }
}

describe('fuzzing the standalone server over raw sockets', () => {
  it(
    `answers ${runs} hostile requests with Cloudsmith-shaped JSON, never 5xx, never hangs`,
    async () => {
      const { hostname, port } = new URL(server.url)
      const input = fc.tuple(fuzzRequest, breakage)
      const tally = await runFuzz(input, runs, async ([request, broken], count) => {
        const raw = broken ? breakages[broken](toRaw(request)) : toRaw(request)
        const label = `${broken ? `[${broken}] ` : ''}${describeRequest(request)}`
        const outcome = await exchange(Number(port), hostname, encode(raw, `${hostname}:${port}`))
        if (outcome.kind !== 'reply') {
          count(outcome.kind)
          return outcome.kind === 'dropped' && request.mayFail ? null : `${outcome.kind}: ${label}`
        }
        const { reply } = outcome
        count(`${String(reply.status)[0]}xx`)
        const problem = violation(
          { method: raw.method, target: request.target, mayFail: request.mayFail },
          {
            status: reply.status,
            contentType: reply.headers['content-type'] ?? null,
            body: reply.body,
          },
        )
        return problem && `${problem}: ${label}`
      })
      expect(tally.sent).toBeGreaterThanOrEqual(runs)
      expect(server.child.exitCode).toBeNull()
    },
    fuzzTimeout(runs),
  )

  it('is still up, with consistent data and the same visibility', async () => {
    const health = await fetch(`${server.url}/__mock/health`)
    expect(health.status).toBe(200)
    const integrity = await fetch(`${server.url}/__mock/integrity`)
    const report = (await integrity.json()) as { ok: boolean; problems: string[] }
    expect(report.problems).toEqual([])
    expect(integrity.status).toBe(200)
    const problems = await visibilityViolations(async (path, key) => {
      const response = await fetch(`${server.url}${path}`, {
        headers: key ? { 'X-Api-Key': key } : {},
      })
      return { status: response.status, body: await response.json() }
    })
    expect(problems).toEqual([])
    expect(server.stderr()).toBe('')
  })
})
