/**
 * Everything a user supplies is checked at the door (issue 12, point 5): a scenario rule no
 * transport can send, or a dataset that would break answers later, is refused when it is given,
 * with the path of what is wrong, never a 500 at the first matching request.
 */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createMockHttpServer } from '../../src/adapters/server/create-mock-http-server.ts'
import { createMock } from '../../src/create-mock.ts'
import { buildPreset } from '../../fixtures/index.ts'
import type { Dataset } from '../../src/core/db/schemas.ts'
import { call, runCli } from '../server/support/cli.ts'

const app = await createMockHttpServer({ seed: 1 })
await app.listen(0)
afterAll(() => app.close())

const rule = (extra: Record<string, unknown>) => ({
  rules: [{ operations: 'user_self' as const, status: 200, body: { ok: true }, ...extra }],
})

describe('scenario rules', () => {
  it.each([
    ['a line break in a value', { 'X-Note': 'a\r\nSet-Cookie: x=1' }, 'rules.0.headers.X-Note'],
    ['a space in a name', { 'X Note': 'a' }, 'rules.0.headers.X Note'],
    ['non-Latin-1 text', { 'X-Note': 'snow ☃' }, 'rules.0.headers.X-Note'],
    ['Transfer-Encoding', { 'Transfer-Encoding': 'chunked' }, 'rules.0.headers.Transfer-Encoding'],
    ['Content-Length', { 'Content-Length': '3' }, 'rules.0.headers.Content-Length'],
    ['Connection', { Connection: 'close' }, 'rules.0.headers.Connection'],
  ])(
    'PUT /__mock/scenarios with %s -> 400 naming the header, then a normal answer',
    async (_, headers, field) => {
      const refused = await call<{ detail: string }>(app, 'PUT', '/__mock/scenarios', {
        json: rule({ headers }),
      })
      expect(refused.status).toBe(400)
      expect(refused.body.detail).toContain(field)
      expect((await call(app, 'GET', '/v1/user/self/')).status).toBe(200)
    },
  )

  it.each([
    ['times: 1e300', { times: 1e300 }, 'rules.0.times'],
    ['after: 1e300', { after: 1e300 }, 'rules.0.after'],
    ['delay: 1e12', { delay: 1e12 }, 'rules.0.delay'],
  ])('PUT /__mock/scenarios with %s -> 400 naming it', async (_, extra, field) => {
    const refused = await call<{ detail: string }>(app, 'PUT', '/__mock/scenarios', {
      json: rule(extra),
    })
    expect(refused.status).toBe(400)
    expect(refused.body.detail).toContain(field)
  })

  it('a valid header -> sent as given', async () => {
    expect(
      (
        await call(app, 'PUT', '/__mock/scenarios', {
          json: rule({ headers: { 'X-Note': 'fine' } }),
        })
      ).status,
    ).toBe(200)
    const reply = await call(app, 'GET', '/v1/user/self/')
    expect([reply.status, reply.headers.get('x-note')]).toEqual([200, 'fine'])
    await call(app, 'DELETE', '/__mock/scenarios')
  })

  const cyclic: Record<string, unknown> = { a: 1 }
  cyclic.self = cyclic
  it.each([
    ['a cyclic body', { body: cyclic }, /rules\.0\.body: not JSON-serialisable/],
    ['a BigInt body', { body: { n: 1n } }, /rules\.0\.body: not JSON-serialisable/],
    ['a header with a line break', { headers: { 'X-A': 'x\ny' } }, /rules\.0\.headers\.X-A/],
    ['a header with non-Latin-1 text', { headers: { 'X-A': '日本' } }, /rules\.0\.headers\.X-A/],
  ])(
    'mock.use() with %s -> throws naming the path; requests still answer',
    async (_, extra, message) => {
      const mock = createMock({ seed: 1 })
      expect(() => mock.use({ name: 'bad', ...rule(extra) })).toThrow(message)
      expect(() => createMock({ scenarios: [{ name: 'bad', ...rule(extra) }] })).toThrow(message)
      const reply = await mock.handle(
        new Request('https://api.cloudsmith.io/v1/user/self/', {
          headers: { 'X-Api-Key': 'demo-api-key' },
        }),
      )
      expect(reply.status).toBe(200)
    },
  )

  it('a body changed after use() -> the rule keeps the body it was given', async () => {
    const body = { detail: 'as given' }
    const mock = createMock({ seed: 1 })
    mock.use({ name: 'kept', rules: [{ operations: 'user_self', status: 500, body }] })
    body.detail = 'changed'
    const reply = await mock.handle(
      new Request('https://api.cloudsmith.io/v1/user/self/', {
        headers: { 'X-Api-Key': 'demo-api-key' },
      }),
    )
    expect(await reply.json()).toEqual({ detail: 'as given' })
  })
})

/** The default preset with one change. */
function dataset(change: (data: Dataset) => void): Dataset {
  const data = structuredClone(buildPreset('default', { seed: 1, now: Date.UTC(2026, 0, 1) }))
  change(data)
  return data
}

describe('datasets and state files', () => {
  it.each([
    [
      'created_at 1e300',
      (d: Dataset) => (d.repositories[0]!.created_at = 1e300),
      'repositories.0.created_at',
    ],
    [
      'a duplicate repository',
      (d: Dataset) => d.repositories.push({ ...d.repositories[0]! }),
      'repositories.',
    ],
    [
      // Either addresses the record (handlers/access.ts): one slug_perm for two is ambiguous.
      'two repositories with one slug_perm',
      (d: Dataset) => (d.repositories[1]!.slug_perm = d.repositories[0]!.slug_perm),
      'repositories.1.slug_perm',
    ],
    [
      'two namespaces with one slug_perm',
      (d: Dataset) => (d.namespaces[1]!.slug_perm = d.namespaces[0]!.slug_perm),
      'namespaces.1.slug_perm',
    ],
    [
      'a package in no repository',
      (d: Dataset) => (d.packages[0]!.repository = 'nowhere'),
      'packages.0.repository',
    ],
    [
      'two packages from one upload',
      (d: Dataset) => {
        d.packages[0]!.upload = 'u1'
        d.packages[1]!.upload = 'u1'
      },
      'packages.1.upload',
    ],
  ])('createMock({ dataset }) with %s -> throws naming the path', (_, change, path) => {
    expect(() => createMock({ dataset: dataset(change) })).toThrow(path)
  })

  it('a state file with created_at 1e300 -> one-line start-up error naming the path, exit 1', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'cloudsmith-mock-checked-')), 'state.json')
    const snapshot = {
      seed: 1,
      now: Date.UTC(2026, 0, 1),
      counters: {},
      dataset: dataset((d) => (d.repositories[0]!.created_at = 1e300)),
    }
    await writeFile(file, JSON.stringify({ format: 'cloudsmith-mock-state', version: 1, snapshot }))
    const run = await runCli(['serve', '--port', '0', '--quiet', '--persist', file])
    expect(run.code).toBe(1)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toContain('repositories.0.created_at')
  }, 30_000)
})
