/**
 * Other web sites cannot read or drive the standalone server (issue 12, point 7): a page's
 * CORS-simple request (`Content-Type: text/plain`, a form) cannot change admin state, origins
 * outside `--cors-origin` are refused on the API and the admin API, the admin API's reads answer
 * only the origins allowed, a `Host` naming another site (DNS rebinding) is refused, and a blank
 * admin token is a start-up error. Real server processes over real HTTP (`npm run build` first).
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, runCli, startServer, stopAll, type RunningServer } from '../server/support/cli.ts'

afterAll(stopAll)

/** One request with a Host header of our choosing (fetch always sends the URL's). */
function withHost(server: { url: string }, path: string, host: string) {
  const { port } = new URL(server.url)
  return new Promise<{ status: number; body: { detail?: string } }>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { Host: host, 'X-Api-Key': 'demo-api-key' } },
      (res) => {
        let text = ''
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

const repoCount = async (server: RunningServer) =>
  (await call<unknown[]>(server, 'GET', '/v1/repos/acme/')).body.length

describe('state-changing admin requests need a JSON type or X-Admin-Token', () => {
  let server: RunningServer
  beforeAll(async () => (server = await startServer(['--quiet'])))
  afterAll(() => server.stop())

  it.each([
    ['POST', '/__mock/reset', 'text/plain', ''],
    ['POST', '/__mock/reset', undefined, undefined],
    ['POST', '/__mock/scenarios', 'text/plain', '{"scenarios":["server-error"]}'],
    ['POST', '/__mock/scenarios', 'application/x-www-form-urlencoded', '{"scenarios":["slow"]}'],
    ['POST', '/__mock/clock', 'multipart/form-data; boundary=x', '{"advanceMs":1000}'],
    ['PUT', '/__mock/scenarios', 'text/plain', '["server-error"]'],
    ['DELETE', '/__mock/scenarios', undefined, undefined],
  ])('%s %s with Content-Type %s -> 415, nothing changed', async (method, path, type, body) => {
    await call(server, 'POST', '/v1/repos/acme/', { json: { name: `kept-${method}` } })
    const before = await repoCount(server)
    const clock = await call<{ epochMs: number }>(server, 'GET', '/__mock/clock')
    const reply = await call<{ detail: string }>(server, method, path, {
      key: null,
      body,
      headers: type ? { 'Content-Type': type, Origin: 'http://localhost:9999' } : {},
    })
    expect(reply.status).toBe(415)
    expect(reply.body.detail).toMatch(/Content-Type: application\/json.*X-Admin-Token/)
    expect(await repoCount(server)).toBe(before)
    expect((await call(server, 'GET', '/__mock/scenarios')).body).toMatchObject({
      active: ['happy'],
    })
    expect((await call(server, 'GET', '/__mock/clock')).body).toEqual(clock.body)
  })

  it('with a JSON type (the browser asks first) or X-Admin-Token, the same requests work', async () => {
    await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'gone-after-reset' } })
    const grown = await repoCount(server)
    const reset = await call(server, 'POST', '/__mock/reset', { json: {} })
    expect(reset.status).toBe(200)
    expect(grown).toBeGreaterThan(6)
    // The default preset's six acme repositories (test/node/repos.test.ts).
    expect(await repoCount(server)).toBe(6)
    const cleared = await call(server, 'DELETE', '/__mock/scenarios', {
      headers: { 'X-Admin-Token': 'marker' },
    })
    expect(cleared.status).toBe(200)
    const typed = await call(server, 'POST', '/__mock/clock', {
      body: '{"advanceMs":1000}',
      headers: { 'Content-Type': 'application/vnd.api+json; charset=utf-8' },
    })
    expect(typed.status).toBe(200)
  })
})

describe('origins outside --cors-origin are refused, on the API and the admin API', () => {
  let server: RunningServer
  beforeAll(
    async () => (server = await startServer(['--quiet', '--cors-origin', 'http://good.example'])),
  )
  afterAll(() => server.stop())

  it('POST /__mock/reset from another origin, even with JSON -> 403, nothing reset', async () => {
    await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'survives' } })
    const reply = await call<{ detail: string }>(server, 'POST', '/__mock/reset', {
      json: {},
      headers: { Origin: 'http://evil.example' },
    })
    expect(reply.status).toBe(403)
    expect(reply.body).toEqual({ detail: 'Origin http://evil.example is not allowed.' })
    expect(reply.headers.get('access-control-allow-origin')).toBeNull()
    expect((await call(server, 'GET', '/v1/repos/acme/survives/')).status).toBe(200)
  })

  it('a CORS-simple API write from another origin -> 403, nothing created', async () => {
    const reply = await call<{ detail: string }>(server, 'POST', '/v1/repos/acme/', {
      body: '{"name":"planted"}',
      headers: { 'Content-Type': 'text/plain', Origin: 'http://evil.example' },
    })
    expect(reply.status).toBe(403)
    expect(reply.body.detail).toBe('Origin http://evil.example is not allowed.')
    expect((await call(server, 'GET', '/v1/repos/acme/planted/')).status).toBe(404)
  })

  it('the journal from another origin -> 403; from the listed one -> 200, readable', async () => {
    const refused = await call(server, 'GET', '/__mock/journal', {
      headers: { Origin: 'http://evil.example' },
    })
    expect(refused.status).toBe(403)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    const allowed = await call(server, 'GET', '/__mock/journal', {
      headers: { Origin: 'http://good.example' },
    })
    expect(allowed.status).toBe(200)
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://good.example')
  })

  it('the listed origin drives the admin API with JSON', async () => {
    const reply = await call(server, 'PUT', '/__mock/scenarios', {
      json: { scenarios: ['slow'] },
      headers: { Origin: 'http://good.example' },
    })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ active: ['slow'] })
  })
})

describe('default settings: the admin API answers pages on this machine only', () => {
  let server: RunningServer
  beforeAll(async () => (server = await startServer(['--quiet'])))
  afterAll(() => server.stop())

  it.each(['/__mock/journal', '/__mock/health', '/__mock/scenarios', '/__mock/clock'])(
    'GET %s from https://evil.example -> 403 without CORS headers',
    async (path) => {
      const reply = await call<{ detail: string }>(server, 'GET', path, {
        headers: { Origin: 'https://evil.example' },
      })
      expect(reply.status).toBe(403)
      expect(reply.body.detail).toBe('Origin https://evil.example is not allowed.')
      expect(reply.headers.get('access-control-allow-origin')).toBeNull()
    },
  )

  it('a preflight for the admin API from another site -> 403', async () => {
    const reply = await call(server, 'OPTIONS', '/__mock/reset', {
      headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' },
    })
    expect(reply.status).toBe(403)
    expect(reply.headers.get('access-control-allow-origin')).toBeNull()
  })

  it.each(['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080'])(
    'GET /__mock/journal from %s -> 200, readable',
    async (origin) => {
      const reply = await call(server, 'GET', '/__mock/journal', { headers: { Origin: origin } })
      expect(reply.status).toBe(200)
      expect(reply.headers.get('access-control-allow-origin')).toBe(origin)
    },
  )

  it('the API itself still answers any page origin (a dev server anywhere)', async () => {
    const reply = await call(server, 'GET', '/v1/user/self/', {
      headers: { Origin: 'https://app.example' },
    })
    expect(reply.status).toBe(200)
    expect(reply.headers.get('access-control-allow-origin')).toBe('https://app.example')
  })
})

describe('Host must name this machine or an allowed host (DNS rebinding)', () => {
  let server: RunningServer
  beforeAll(
    async () => (server = await startServer(['--quiet', '--allowed-host', 'mock.internal'])),
  )
  afterAll(() => server.stop())

  it.each(['evil.example', 'localhost.evil.example', 'mock.internal.evil.example'])(
    'Host %s -> 403 with a detail, on the API and the admin API',
    async (name) => {
      const { port } = new URL(server.url)
      for (const path of ['/v1/user/self/', '/__mock/journal']) {
        const reply = await withHost(server, path, `${name}:${port}`)
        expect(reply.status).toBe(403)
        expect(reply.body.detail).toBe(
          `Host ${name}:${port} is not allowed: use a loopback address, or allow it with --allowed-host.`,
        )
      }
    },
  )

  it.each([
    'localhost',
    'app.localhost',
    '127.0.0.1',
    '[::1]',
    '192.168.1.20',
    'mock.internal',
    'MOCK.internal',
  ])('Host %s -> answered', async (name) => {
    const { port } = new URL(server.url)
    const reply = await withHost(server, '/v1/user/self/', `${name}:${port}`)
    expect(reply.status).toBe(200)
  })
})

describe('a blank admin token is a start-up error', () => {
  it.each([
    ['--admin-token ""', ['--admin-token', ''], {}],
    ['--admin-token " "', ['--admin-token', ' '], {}],
    ['CLOUDSMITH_MOCK_ADMIN_TOKEN=""', [], { CLOUDSMITH_MOCK_ADMIN_TOKEN: '' }],
  ])('%s -> exit 1 with one line naming the option', async (_label, args, env) => {
    const result = await runCli(['serve', '--port', '0', ...args], env)
    expect(result.code).toBe(1)
    expect(result.stdout).not.toMatch(/listening/)
    const lines = result.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/admin token .*--admin-token.*CLOUDSMITH_MOCK_ADMIN_TOKEN.* is empty/)
  })
})
