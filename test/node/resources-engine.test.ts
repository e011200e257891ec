/**
 * The table-driven resource families (handlers/resources/) through real fetch: records live in
 * the mock's data layer (reset undoes writes, snapshots carry them), bodies are the document's
 * shapes, and a documented operation the mock does not model answers 501, never 404.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { checkIntegrity, createMock } from '../../src/index.ts'
import { families, notModelled } from '../../handlers/index.ts'
import { buildDefaultDataset } from '../../fixtures/index.ts'
import { call, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const UPSTREAMS = '/v1/repos/acme/platform/upstream/python/'

describe('resource records in the data layer', () => {
  it('keeps a created record until reset(), which undoes it', async () => {
    const created = await call('POST', UPSTREAMS, {
      json: { name: 'Internal mirror', upstream_url: 'https://pypi.internal.example' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const listed = await call<{ name: string }[]>('GET', UPSTREAMS)
    expect(listed.body.map((u) => u.name)).toContain('Internal mirror')
    await mock.reset()
    const after = await call<{ name: string }[]>('GET', UPSTREAMS)
    expect(after.body.map((u) => u.name)).toEqual(['PyPI'])
  })

  it('answers the same bytes for the same record on every run', async () => {
    const first = await call('GET', '/v1/repos/acme/platform/gpg/')
    const second = await call('GET', '/v1/repos/acme/platform/gpg/')
    expect(JSON.stringify(second.body)).toBe(JSON.stringify(first.body))
  })

  it('stays consistent with the integrity check after writes', async () => {
    await call('POST', UPSTREAMS, {
      json: { name: 'Second', upstream_url: 'https://second.example' },
    })
    await call('PATCH', '/v1/repos/acme/platform/geoip', {
      json: { cidr: { allow: ['10.0.0.0/8'], deny: [] } },
    })
    expect(checkIntegrity(mock.db).problems).toEqual([])
  })

  it('drops a repository’s records with the repository', async () => {
    // repos_delete documents 200 (spec/openapi.json).
    expect((await call('DELETE', '/v1/repos/acme/python-libs/')).status).toBe(200)
    expect(mock.db.resources.all().filter((r) => r.scope === 'acme/python-libs')).toEqual([])
    expect(checkIntegrity(mock.db).problems).toEqual([])
  })

  it('seeds only families that are served (fixtures/resources.ts names them)', () => {
    const served = new Set(families.map((f) => f.name))
    const seeded = new Set(buildDefaultDataset().resources.map((r) => r.family))
    expect([...seeded].filter((name) => !served.has(name))).toEqual([])
  })
})

describe('datasets and snapshots', () => {
  it('loads a dataset saved before resource families existed (no `resources`) as none', async () => {
    const older: Partial<ReturnType<typeof buildDefaultDataset>> = buildDefaultDataset()
    delete older.resources
    const other = createMock({ dataset: older as never })
    await other.ready()
    expect(other.db.resources.size).toBe(0)
    const answer = await other.handle(
      new Request('https://api.cloudsmith.io/v1/repos/acme/platform/upstream/python/', {
        headers: { 'X-Api-Key': 'demo-api-key' },
      }),
    )
    expect(await answer.json()).toEqual([])
  })

  it('carries written records through snapshot() and restore()', async () => {
    const original = mock.snapshot()
    await call('POST', UPSTREAMS, { json: { name: 'Kept', upstream_url: 'https://kept.example' } })
    const saved = mock.snapshot()
    await mock.reset()
    await mock.restore(saved)
    const listed = await call<{ name: string }[]>('GET', UPSTREAMS)
    expect(listed.body.map((u) => u.name)).toEqual(['PyPI', 'Kept'])
    // restore() moved the baseline reset() returns to: put the dataset's back.
    await mock.restore(original)
  })
})

describe('operations not modelled', () => {
  it('answer 501 with a detail saying so, not a 404', async () => {
    // The one operation still listed in handlers/resources/not-modelled.ts.
    const answer = await call<ErrorReply>('DELETE', '/v1/orgs/acme/')
    expect(Object.keys(notModelled)).toContain('orgs_delete')
    expect(answer.status).toBe(501)
    expect(answer.body.detail).toMatch(/orgs_delete .* does not model/)
  })
})
