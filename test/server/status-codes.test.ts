/**
 * The seed's status codes (200, 201, 202, 401, 403, 404, 422, 429) from the real server process:
 * caused naturally, forced by request header, by the admin API, and by `serve --scenario`.
 * Expected details are Cloudsmith's wording (API-NOTES §2 auth, §3 errors, §5 rate limits) and
 * the default dataset (README: acme has six repositories; outsider may only read acme/releases).
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  call,
  OUTSIDER_KEY,
  startServer,
  stopAll,
  type Reply,
  type RunningServer,
} from './support/cli.ts'

interface ErrorBody {
  detail: string
  fields?: Record<string, string[]>
  code?: string
}

const details: Record<number, string> = {
  401: 'Authentication credentials were not provided.',
  403: 'You do not have permission to perform this action.',
  404: 'Not found.',
}
const throttled = /^Request was throttled\. Expected available in \d+\.0 seconds\.$/

/** What every error of that status must look like, whichever way it was caused. */
function expectErrorShape(reply: Reply, status: number) {
  expect(reply.status).toBe(status)
  const body = reply.body as ErrorBody
  if (details[status]) expect(body.detail).toBe(details[status])
  if (status === 422) expect(body).toMatchObject({ detail: 'Invalid input.', code: 'invalid' })
  if (status === 422) expect(Object.keys(body.fields ?? {}).length).toBeGreaterThan(0)
  if (status === 429) {
    expect(body.detail).toMatch(throttled)
    expect(Number(reply.headers.get('Retry-After'))).toBeGreaterThan(0)
    expect(reply.headers.get('X-RateLimit-Remaining')).toBe('0')
  }
}

let server: RunningServer
let limited: RunningServer
let forced: RunningServer
let throttledServer: RunningServer

/** One custom scenario per code, each on its own operation, all active from the start. */
const forcedScenarios = [
  { code: 200, operations: 'repos_read', path: '/v1/repos/acme/platform/', body: { forced: 200 } },
  {
    code: 201,
    operations: 'repos_create',
    method: 'POST',
    path: '/v1/repos/acme/',
    body: { forced: 201 },
  },
  {
    code: 202,
    operations: 'files_create',
    method: 'POST',
    path: '/v1/files/acme/platform/',
    body: { forced: 202 },
  },
  { code: 401, operations: 'user_self', path: '/v1/user/self/' },
  { code: 403, operations: 'namespaces_list', path: '/v1/namespaces/' },
  { code: 404, operations: 'repos_namespace_list', path: '/v1/repos/acme/' },
  { code: 422, operations: 'packages_list', path: '/v1/packages/acme/platform/' },
  { code: 429, operations: 'rates_limits_list', path: '/v1/rates/limits/' },
]

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-codes-'))
  const config = join(dir, 'codes.json')
  await writeFile(
    config,
    JSON.stringify({
      customScenarios: forcedScenarios.map(({ code, operations, body }) => ({
        name: `code-${code}`,
        rules: [{ operations, status: code, ...(body ? { body } : {}) }],
      })),
    }),
  )
  ;[server, limited, forced, throttledServer] = await Promise.all([
    startServer(['--quiet']),
    startServer(['--quiet', '--rate-limit', '2/1h']),
    startServer([
      '--quiet',
      '--config',
      config,
      ...forcedScenarios.flatMap(({ code }) => ['--scenario', `code-${code}`]),
    ]),
    startServer(['--quiet', '--scenario', 'rate-limited']),
  ])
})
afterAll(stopAll)

describe('naturally', () => {
  it('GET /v1/repos/acme/ as its owner -> 200 with the six acme repositories', async () => {
    const reply = await call<unknown[]>(server, 'GET', '/v1/repos/acme/')
    expect(reply.status).toBe(200)
    expect(reply.body).toHaveLength(6)
    expect(reply.headers.get('X-Pagination-Count')).toBe('6')
  })

  it('POST /v1/repos/acme/ {name} -> 201 with the new repository', async () => {
    const reply = await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'From server' } })
    expect(reply.status).toBe(201)
    expect(reply.body).toMatchObject({ name: 'From server', namespace: 'acme' })
  })

  it('POST /v1/files/acme/platform/ {filename} -> 202 with an upload_url on this server', async () => {
    const reply = await call(server, 'POST', '/v1/files/acme/platform/', {
      json: { filename: 'a.txt' },
    })
    expect(reply.status).toBe(202)
    expect(String(reply.body.upload_url).startsWith(`${server.url}/__uploads/`)).toBe(true)
  })

  it('an unknown API key -> 401 "Invalid token."', async () => {
    const reply = await call<ErrorBody>(server, 'GET', '/v1/repos/acme/', { key: 'nope' })
    expect(reply.status).toBe(401)
    expect(reply.body.detail).toBe('Invalid token.')
  })

  it('anonymous reading a private repository -> 401', async () => {
    expectErrorShape(await call(server, 'GET', '/v1/repos/acme/platform/', { key: null }), 401)
  })

  it('outsider (read on acme/releases) requesting an upload there -> 403', async () => {
    const reply = await call(server, 'POST', '/v1/files/acme/releases/', {
      key: OUTSIDER_KEY,
      json: { filename: 'a.txt' },
    })
    expectErrorShape(reply, 403)
  })

  it("someone else's private repository -> 404", async () => {
    expectErrorShape(await call(server, 'GET', '/v1/repos/outsider/secret/'), 404)
  })

  it('POST /v1/repos/acme/ without a name -> 422 naming the field', async () => {
    const reply = await call<ErrorBody>(server, 'POST', '/v1/repos/acme/', { json: {} })
    expectErrorShape(reply, 422)
    expect(reply.body.fields).toHaveProperty('name')
  })

  it('the third call within a 2/1h window -> 429 with Retry-After', async () => {
    expect((await call(limited, 'GET', '/v1/user/self/')).status).toBe(200)
    expect((await call(limited, 'GET', '/v1/user/self/')).status).toBe(200)
    expectErrorShape(await call(limited, 'GET', '/v1/user/self/'), 429)
  })
})

describe('forced by request header', () => {
  const successes = [
    { code: 200, method: 'GET', path: '/v1/repos/acme/', json: undefined },
    { code: 201, method: 'POST', path: '/v1/repos/acme/', json: { name: 'Prefer 201' } },
    { code: 202, method: 'POST', path: '/v1/files/acme/platform/', json: { filename: 'b.txt' } },
  ]
  it.each(successes)('Prefer: code=$code on $method $path -> $code', async (c) => {
    const reply = await call(server, c.method, c.path, {
      json: c.json,
      headers: { Prefer: `code=${c.code}` },
    })
    expect(reply.status).toBe(c.code)
  })

  it.each([401, 403, 404, 422, 429])(
    'Prefer: code=%i on GET /v1/repos/acme/ -> %i',
    async (code) => {
      const reply = await call(server, 'GET', '/v1/repos/acme/', {
        headers: { Prefer: `code=${code}` },
      })
      expectErrorShape(reply, code)
    },
  )

  it.each([
    ['unauthorized', 401],
    ['forbidden', 403],
    ['not-found', 404],
    ['validation-error', 422],
    ['rate-limited', 429],
  ] as const)('X-Mock-Scenario: %s -> %i', async (scenario, code) => {
    const reply = await call(server, 'GET', '/v1/repos/acme/', {
      headers: { 'X-Mock-Scenario': scenario },
    })
    expectErrorShape(reply, code)
  })

  it('?__scenario=not-found does the same for clients that cannot set headers', async () => {
    expectErrorShape(await call(server, 'GET', '/v1/repos/acme/?__scenario=not-found'), 404)
  })

  it('X-Mock-Scenario: network-error drops the connection; the server carries on', async () => {
    await expect(
      call(server, 'GET', '/v1/repos/acme/', { headers: { 'X-Mock-Scenario': 'network-error' } }),
    ).rejects.toThrow(TypeError)
    expect((await call(server, 'GET', '/v1/repos/acme/')).status).toBe(200)
  })

  it('a code the operation cannot send -> 400 listing the valid codes', async () => {
    const reply = await call<ErrorBody>(server, 'GET', '/v1/repos/acme/', {
      headers: { Prefer: 'code=418' },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toMatch(/Valid codes: .*200.*404/)
  })
})

describe('forced through the admin API', () => {
  it.each(forcedScenarios)('a rule with status $code on $operations -> $code', async (c) => {
    const set = await call(server, 'PUT', '/__mock/scenarios', {
      json: {
        scenarios: [
          {
            name: `admin-${c.code}`,
            rules: [
              { operations: c.operations, status: c.code, ...(c.body ? { body: c.body } : {}) },
            ],
          },
        ],
      },
    })
    expect(set.status).toBe(200)
    expect(set.body.active).toContain(`admin-${c.code}`)
    const reply = await call(server, c.method ?? 'GET', c.path, {
      json: c.method === 'POST' ? { name: 'x', filename: 'x' } : undefined,
    })
    if (c.body) {
      expect(reply.status).toBe(c.code)
      expect(reply.body).toEqual(c.body)
    } else expectErrorShape(reply, c.code)
    expect((await call(server, 'DELETE', '/__mock/scenarios', { json: {} })).status).toBe(200)
  })

  it('activating the built-in rate-limited scenario by name -> 429, undone by reset', async () => {
    await call(server, 'PUT', '/__mock/scenarios', { json: { scenarios: ['rate-limited'] } })
    expectErrorShape(await call(server, 'GET', '/v1/repos/acme/'), 429)
    await call(server, 'POST', '/__mock/reset', { json: {} })
    expect((await call(server, 'GET', '/v1/repos/acme/')).status).toBe(200)
  })
})

describe('forced by serve --scenario', () => {
  it.each(forcedScenarios)('--scenario code-$code (rule on $operations) -> $code', async (c) => {
    const reply = await call(forced, c.method ?? 'GET', c.path, {
      json: c.method === 'POST' ? { name: 'x', filename: 'x' } : undefined,
    })
    if (c.body) {
      expect(reply.status).toBe(c.code)
      expect(reply.body).toEqual(c.body)
    } else expectErrorShape(reply, c.code)
  })

  it('--scenario rate-limited (built-in) -> 429 on any metered call', async () => {
    expectErrorShape(await call(throttledServer, 'GET', '/v1/repos/acme/'), 429)
    expectErrorShape(await call(throttledServer, 'GET', '/v1/user/self/'), 429)
  })

  it('the banner lists the scenarios active from the start', () => {
    expect(forced.stdout()).toMatch(/Scenarios +code-200, code-201/)
    expect(throttledServer.stdout()).toMatch(/Scenarios +rate-limited/)
  })
})
