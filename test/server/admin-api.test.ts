/**
 * The admin API under /__mock/ of the real server: health, the scenario catalog, setting
 * scenarios, reset, the journal and the clock; then `--admin-token` and `--no-admin`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtInScenarioNames } from '../../src/index.ts'
import { call, startServer, stopAll, type RunningServer } from './support/cli.ts'

interface JournalEntry {
  id: number
  method: string
  path: string
  operationId: string | null
  status: number
  scenario: string | null
}

let server: RunningServer
let guarded: RunningServer
let closed: RunningServer

beforeAll(async () => {
  ;[server, guarded, closed] = await Promise.all([
    startServer(['--quiet']),
    startServer(['--quiet'], { CLOUDSMITH_MOCK_ADMIN_TOKEN: 's3cret' }),
    startServer(['--quiet', '--no-admin']),
  ])
})
afterAll(stopAll)

describe('admin API', () => {
  it('GET /__mock/health -> 200 ok with the seed and active scenarios', async () => {
    const reply = await call(server, 'GET', '/__mock/health', { key: null })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ status: 'ok', seed: 1, active: ['happy'] })
  })

  it('GET /__mock/scenarios lists every built-in scenario and the active ones', async () => {
    const reply = await call<{ active: string[]; scenarios: { name: string }[] }>(
      server,
      'GET',
      '/__mock/scenarios/',
    )
    expect(reply.body.active).toEqual(['happy'])
    expect(reply.body.scenarios.map((s) => s.name)).toEqual(
      expect.arrayContaining([...builtInScenarioNames]),
    )
  })

  it('PUT an unknown scenario name -> 400 listing the valid names; nothing changes', async () => {
    const reply = await call<{ detail: string; fields: Record<string, string[]> }>(
      server,
      'PUT',
      '/__mock/scenarios',
      { json: { scenarios: ['no-such-thing'] } },
    )
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toContain('no-such-thing')
    expect(reply.body.detail).toMatch(/Valid scenarios: happy, unauthorized/)
    expect(reply.body.fields.scenarios).toHaveLength(1)
    const after = await call(server, 'GET', '/__mock/scenarios')
    expect(after.body.active).toEqual(['happy'])
  })

  it('PUT an invalid rule -> 400 naming the problem', async () => {
    const reply = await call<{ detail: string }>(server, 'PUT', '/__mock/scenarios', {
      json: { rules: [{ operations: 'not_an_operation', status: 500 }] },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toContain('not_an_operation')
  })

  it('malformed JSON -> 400 "JSON parse error - ..."', async () => {
    const reply = await call<{ detail: string }>(server, 'PUT', '/__mock/scenarios', {
      body: '{"scenarios": [',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toMatch(/^JSON parse error - /)
  })

  it('an inline rule set applies until DELETE /__mock/scenarios', async () => {
    const set = await call(server, 'PUT', '/__mock/scenarios', {
      json: { rules: [{ operations: 'user_self', status: 503 }] },
    })
    expect(set.body.active).toEqual(['admin'])
    const during = await call(server, 'GET', '/v1/user/self/')
    expect(during.status).toBe(503)
    expect(during.headers.get('Retry-After')).toBe('30')
    await call(server, 'DELETE', '/__mock/scenarios', { json: {} })
    expect((await call(server, 'GET', '/v1/user/self/')).status).toBe(200)
  })

  it('POST /__mock/reset undoes data changes and runtime scenarios', async () => {
    const created = await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'Temporary' } })
    expect(created.status).toBe(201)
    await call(server, 'POST', '/__mock/scenarios', { json: ['slow'] })
    const reset = await call(server, 'POST', '/__mock/reset', { json: {} })
    expect(reset.status).toBe(200)
    expect(reset.body.active).toEqual(['happy'])
    expect((await call(server, 'GET', '/v1/repos/acme/temporary/')).status).toBe(404)
  })

  it('GET /__mock/journal filters by operation, status, since and limit', async () => {
    await call(server, 'POST', '/__mock/reset', { json: {} })
    await call(server, 'GET', '/v1/repos/acme/')
    await call(server, 'GET', '/v1/repos/outsider/secret/')
    await call(server, 'GET', '/v1/user/self/')
    type Journal = { entries: JournalEntry[] }
    const all = await call<Journal>(server, 'GET', '/__mock/journal')
    expect(all.body.entries.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      'GET /v1/repos/acme/ 200',
      'GET /v1/repos/outsider/secret/ 404',
      'GET /v1/user/self/ 200',
    ])
    const missing = await call<Journal>(server, 'GET', '/__mock/journal?status=404')
    expect(missing.body.entries.map((e) => e.operationId)).toEqual(['repos_read'])
    const byOperation = await call<Journal>(server, 'GET', '/__mock/journal?operation=user_self')
    expect(byOperation.body.entries).toHaveLength(1)
    const first = all.body.entries[0]!.id
    const since = await call<Journal>(server, 'GET', `/__mock/journal?since=${first}&limit=1`)
    expect(since.body.entries.map((e) => e.path)).toEqual(['/v1/user/self/'])
    const bad = await call(server, 'GET', '/__mock/journal?status=abc')
    expect(bad.status).toBe(422)
  })

  it('POST /__mock/clock {advanceMs} moves the time the API reports', async () => {
    await call(server, 'POST', '/__mock/reset', { json: {} })
    const before = await call(server, 'GET', '/__mock/clock')
    expect(before.body.now).toBe('2026-01-01T00:00:00.000Z')
    const after = await call(server, 'POST', '/__mock/clock', { json: { advanceMs: 3_600_000 } })
    expect(after.body.now).toBe('2026-01-01T01:00:00.000Z')
    // The rate-limit window (one hour by default) follows the mock's clock (API-NOTES §5).
    const reply = await call(server, 'GET', '/v1/user/self/')
    expect(reply.headers.get('X-RateLimit-Reset')).toBe(String(Date.UTC(2026, 0, 1, 2) / 1000))
    const bad = await call(server, 'POST', '/__mock/clock', { json: { advanceMs: -5 } })
    expect(bad.status).toBe(422)
  })

  it('POST /__mock/clock {now}: epoch ms or ISO 8601 (as the now option), else 422', async () => {
    await call(server, 'POST', '/__mock/reset')
    const iso = await call(server, 'POST', '/__mock/clock', {
      json: { now: '2026-03-01T02:00:00+02:00' },
    })
    expect(iso.body).toEqual({
      mode: 'frozen',
      now: '2026-03-01T00:00:00.000Z',
      epochMs: Date.UTC(2026, 2, 1),
    })
    const epoch = await call(server, 'POST', '/__mock/clock', {
      json: { now: Date.UTC(2026, 3, 1) },
    })
    expect(epoch.body.now).toBe('2026-04-01T00:00:00.000Z')
    // Date.parse would read this as the machine's local time: refused, as in the options.
    const local = await call(server, 'POST', '/__mock/clock', { json: { now: '2026-05-01 10:00' } })
    expect(local.status).toBe(422)
    expect(local.body).toEqual({
      detail: 'Invalid input.',
      code: 'invalid',
      fields: {
        now: [
          'Expected epoch ms or an ISO 8601 date-time such as "2026-02-01T00:00:00Z", in the years 1 to 9000.',
        ],
      },
    })
    await call(server, 'POST', '/__mock/reset')
  })

  it('an unknown admin route -> 404, a wrong method -> 405 with Allow', async () => {
    expect((await call(server, 'GET', '/__mock/nothing')).status).toBe(404)
    const wrong = await call(server, 'DELETE', '/__mock/health')
    expect(wrong.status).toBe(405)
    expect(wrong.headers.get('Allow')).toBe('GET')
  })
})

describe('--admin-token (here from CLOUDSMITH_MOCK_ADMIN_TOKEN)', () => {
  it('refuses admin calls without the token -> 401', async () => {
    const reply = await call(guarded, 'GET', '/__mock/health')
    expect(reply.status).toBe(401)
    expect(reply.body).toEqual({ detail: 'Admin token missing or invalid.' })
    const wrong = await call(guarded, 'GET', '/__mock/health', {
      headers: { Authorization: 'Bearer nope' },
    })
    expect(wrong.status).toBe(401)
  })

  it('accepts Authorization: Bearer TOKEN and X-Admin-Token: TOKEN', async () => {
    const bearer = await call(guarded, 'GET', '/__mock/health', {
      headers: { Authorization: 'Bearer s3cret' },
    })
    expect(bearer.status).toBe(200)
    const header = await call(guarded, 'POST', '/__mock/reset', {
      headers: { 'X-Admin-Token': 's3cret' },
    })
    expect(header.status).toBe(200)
  })

  it('leaves the API itself alone', async () => {
    expect((await call(guarded, 'GET', '/v1/user/self/')).status).toBe(200)
  })
})

describe('--no-admin', () => {
  it('has no admin API: /__mock/ routes are 404 like any unknown path', async () => {
    const reply = await call(closed, 'POST', '/__mock/reset')
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ detail: 'Not found.' })
    expect(closed.stdout()).toContain('Admin        disabled')
  })
})
