/**
 * Each built-in scenario, selected the way a test would (`mock.use`, or per request), against
 * the bodies and headers API-NOTES.md documents (§2 auth, §3 errors, §5 rate limits, §7 sync).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import {
  builtInScenarioNames,
  builtInScenarios,
  createMock,
  type Package,
} from '../../src/index.ts'
import { EPOCH_SECONDS, send, syncFields, uploadRawPackage } from './support.ts'

const mock = createMock()
beforeEach(() => mock.reset())

const scenario = (name: string) => ({ headers: { 'X-Mock-Scenario': name } })

it('offers the catalog the issue names', () => {
  expect([...builtInScenarioNames].sort()).toEqual(
    [
      'happy',
      'unauthorized',
      'forbidden',
      'not-found',
      'validation-error',
      'rate-limited',
      'server-error',
      'bad-gateway',
      'service-unavailable',
      'slow',
      'network-error',
      'upload-processing',
      'upload-sync-failed',
      'quarantined',
      'empty',
    ].sort(),
  )
  for (const s of mock.scenarios.list()) expect(s.description).toMatch(/\S/)
  // Every built-in rule matches a served route and a status that route can send.
  for (const name of builtInScenarioNames)
    expect(() => mock.scenarios.check(builtInScenarios[name])).not.toThrow()
})

it('lists the built-ins first, then custom ones, in a mock that has used none yet', () => {
  const custom = { name: 'teapot', rules: [{ operations: 'user_self' as const, status: 500 }] }
  const fresh = createMock({ customScenarios: [custom] })
  expect(fresh.scenarios.names()).toEqual([...builtInScenarioNames, 'teapot'])
  expect(createMock().scenarios.names()).toEqual([...builtInScenarioNames])
  expect(createMock().scenarios.get('slow')?.rules).toEqual([{ delay: 1500 }])
})

describe('error scenarios', () => {
  it.for([
    ['unauthorized', 401, 'Authentication credentials were not provided.'],
    ['forbidden', 403, 'You do not have permission to perform this action.'],
    ['not-found', 404, 'Not found.'],
    ['server-error', 500, null],
    ['bad-gateway', 502, null],
    ['service-unavailable', 503, null],
  ] as const)('%s -> %i with an ErrorDetail body', async ([name, code, detail]) => {
    mock.use(name)
    // A valid key and an existing repository: the scenario, not the state, decides.
    for (const path of ['/v1/repos/acme/web-assets/', '/v1/user/self/', '/status/check/basic/']) {
      const reply = await send(mock, 'GET', path)
      expect(reply.status, path).toBe(code)
      expect(reply.headers.get('Content-Type')).toBe('application/json')
      expect(Object.keys(reply.body)).toEqual(['detail'])
      if (detail) expect(reply.body.detail).toBe(detail)
      else expect(reply.body.detail).toMatch(/\S/)
      expect(reply.headers.get('X-RateLimit-Limit')).toMatch(/^\d+$/)
    }
    expect(mock.journal.entries().at(-1)?.scenario).toBe(name)
  })

  it('service-unavailable tells the client when to come back', async () => {
    const reply = await send(mock, 'GET', '/v1/repos/acme/', scenario('service-unavailable'))
    expect(reply.status).toBe(503)
    expect(reply.headers.get('Retry-After')).toBe('30')
  })

  it("validation-error names each operation's own request fields", async () => {
    mock.use('validation-error')
    // Required fields from the document (API-NOTES §6.4-§6.7).
    const create = await send(mock, 'POST', '/v1/repos/acme/', { json: { name: 'fine' } })
    expect(create.status).toBe(422)
    expect(create.body).toEqual({
      detail: 'Invalid input.',
      code: 'invalid',
      fields: { name: ['This field is required.'] },
    })
    const deb = await send(mock, 'POST', '/v1/packages/acme/releases/upload/deb/', { json: {} })
    expect(Object.keys(deb.body.fields as object).sort()).toEqual(['distribution', 'package_file'])
    const copy = await send(mock, 'POST', '/v1/packages/acme/web-assets/x/copy/', { json: {} })
    expect(Object.keys(copy.body.fields as object)).toEqual(['destination'])
    const files = await send(mock, 'POST', '/v1/files/acme/web-assets/', { json: {} })
    expect(Object.keys(files.body.fields as object)).toEqual(['filename'])
  })
})

describe('rate-limited', () => {
  // A few seconds, not the rest of the hour: the official CLI honours Retry-After on each of its
  // 6 retries (API-NOTES §5, CLI core/rest.py), so an hour would stall it for hours.
  it('answers 429 with Retry-After: 5 and the numbers /rates/limits/ reports', async () => {
    mock.use('rate-limited')
    const reply = await send(mock, 'GET', '/v1/packages/acme/web-assets/')
    const rates = await send<{ resources: { core: Record<string, unknown> } }>(
      mock,
      'GET',
      '/v1/rates/limits/',
    )
    expect(reply.status).toBe(429)
    expect(reply.body).toEqual({
      detail: 'Request was throttled. Expected available in 5.0 seconds.',
    })
    expect(reply.headers.get('Retry-After')).toBe('5')
    expect(rates.status).toBe(200)
    const core = rates.body.resources.core
    expect(core).toMatchObject({
      remaining: 0,
      throttled: true,
      reset: EPOCH_SECONDS + 5,
      reset_iso_8601: '2026-01-01T00:00:05Z',
      interval: 5,
    })
    expect(reply.headers.get('X-RateLimit-Limit')).toBe(String(core.limit))
    expect(reply.headers.get('X-RateLimit-Remaining')).toBe('0')
    expect(reply.headers.get('X-RateLimit-Reset')).toBe(String(core.reset))
    expect(Number(reply.headers.get('X-RateLimit-Interval'))).toBe(core.interval)
    // The report's own headers agree with its body.
    expect(rates.headers.get('X-RateLimit-Remaining')).toBe('0')
    expect(rates.headers.get('X-RateLimit-Reset')).toBe(String(EPOCH_SECONDS + 5))
  })

  it('waits as long as a custom scenario says: throttle { retryAfter }', async () => {
    mock.use({ name: 'slow-down', throttle: { retryAfter: 42 } })
    const reply = await send(mock, 'GET', '/v1/user/self/')
    const rates = await send<{ resources: { core: Record<string, unknown> } }>(
      mock,
      'GET',
      '/v1/rates/limits/',
    )
    expect(reply.status).toBe(429)
    expect(reply.headers.get('Retry-After')).toBe('42')
    expect(reply.body).toEqual({
      detail: 'Request was throttled. Expected available in 42.0 seconds.',
    })
    expect(rates.body.resources.core).toMatchObject({
      reset: EPOCH_SECONDS + 42,
      interval: 42,
      throttled: true,
    })
  })

  it('refuses a retryAfter that is not whole seconds from 1 to a day', () => {
    for (const retryAfter of [0, 1.5, 86_401])
      expect(() => mock.use({ name: 'bad-wait', throttle: { retryAfter } })).toThrow(
        /Invalid scenario "bad-wait": throttle/,
      )
  })

  it('answers 401 before 429 for a caller who must sign in', async () => {
    mock.use('rate-limited')
    expect((await send(mock, 'GET', '/v1/repos/', { key: null })).status).toBe(401)
  })

  it('does not spend the real window: the next request without it is served', async () => {
    const limited = createMock({ rateLimit: { limit: 5 } })
    expect((await send(limited, 'GET', '/v1/user/self/', scenario('rate-limited'))).status).toBe(
      429,
    )
    const next = await send(limited, 'GET', '/v1/user/self/')
    expect(next.status).toBe(200)
    expect(next.headers.get('X-RateLimit-Remaining')).toBe('4')
  })
})

describe('slow', () => {
  afterEach(() => vi.useRealTimers())

  it('answers naturally, after its delay', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    let settled = false
    const pending = send(mock, 'GET', '/v1/repos/acme/web-assets/', scenario('slow')).finally(
      () => (settled = true),
    )
    await vi.advanceTimersByTimeAsync(1499)
    expect(settled).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    const reply = await pending
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ slug: 'web-assets', namespace: 'acme' })
  })
})

describe('network-error', () => {
  it('makes fetch reject through setupServer', async () => {
    const server = setupMockServer({ scenarios: ['network-error'], onUnhandledFrame: 'error' })
    server.listen()
    try {
      await expect(
        fetch('https://api.cloudsmith.io/v1/user/self/', { headers: { 'X-Api-Key': 'x' } }),
      ).rejects.toThrow(TypeError)
      expect(server.journal.entries().at(-1)).toMatchObject({
        scenario: 'network-error',
        status: 0,
      })
    } finally {
      server.close()
    }
  })
})

describe('sync scenarios', () => {
  async function polls(slugPerm: string, count: number) {
    const seen = []
    for (let i = 0; i < count; i++) {
      const reply = await send(mock, 'GET', `/v1/packages/acme/web-assets/${slugPerm}/status/`)
      expect(reply.status).toBe(200)
      seen.push(reply.body)
    }
    return seen
  }

  it('upload-processing: 201 awaiting, in progress for 3 polls, completed on the 4th', async () => {
    mock.use('upload-processing')
    const created = await uploadRawPackage(mock)
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      status_str: 'Awaiting Synchronisation',
      is_sync_awaiting: true,
      is_sync_completed: false,
      sync_progress: 0,
    })
    const seen = await polls(created.body.slug_perm!, 5)
    expect(seen.slice(0, 3).map((s) => s.status_str)).toEqual(Array(3).fill('Sync In Progress'))
    expect(seen.slice(0, 3).every((s) => s.is_sync_in_progress && s.is_sync_in_flight)).toBe(true)
    // API-NOTES §7: completed = status 4, stage 9 "Fully Synchronised", progress 100.
    expect(seen[3]).toMatchObject({
      status: 4,
      status_str: 'Completed',
      stage: 9,
      stage_str: 'Fully Synchronised',
      sync_progress: 100,
      is_sync_completed: true,
    })
    expect(syncFields(seen[4]!)).toEqual(syncFields(seen[3]!))
    const progress = [0, ...seen.slice(0, 4).map((s) => s.sync_progress as number)]
    const stages = [0, ...seen.slice(0, 4).map((s) => s.stage as number)]
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]).toBeGreaterThan(progress[i - 1]!)
      expect(stages[i]).toBeGreaterThan(stages[i - 1]!)
    }
    expect(new Set(seen.slice(0, 4).map((s) => s.stage_str)).size).toBe(4)
  })

  it.for([2, 6, 10])('walks over %i polls when the steps are configured per use', async (steps) => {
    mock.use({ name: 'upload-processing', sync: { steps } })
    const created = await uploadRawPackage(mock)
    const seen = await polls(created.body.slug_perm!, steps)
    expect(seen.slice(0, -1).every((s) => s.status_str === 'Sync In Progress')).toBe(true)
    expect(seen.at(-1)).toMatchObject({ status_str: 'Completed', sync_progress: 100 })
  })

  it('upload-sync-failed ends Sync Failed with a status_reason after 2 polls', async () => {
    mock.use('upload-sync-failed')
    const created = await uploadRawPackage(mock)
    const [first, last] = await polls(created.body.slug_perm!, 2)
    expect(first).toMatchObject({ status_str: 'Sync In Progress', is_sync_failed: false })
    expect(last).toMatchObject({
      status_str: 'Sync Failed',
      is_sync_failed: true,
      is_sync_completed: false,
      is_sync_in_flight: false,
      status_reason: expect.stringMatching(/\S/),
    })
    // It failed on the way: not at the "Fully Synchronised" stage.
    expect(last!.stage_str).not.toBe('Fully Synchronised')
    expect(last!.sync_progress).toBeLessThan(100)
  })

  it('quarantined ends Quarantined (API-NOTES §7)', async () => {
    mock.use('quarantined')
    const created = await uploadRawPackage(mock)
    const [last] = await polls(created.body.slug_perm!, 1)
    expect(last).toMatchObject({ status_str: 'Quarantined', is_quarantined: true })
    const read = await send<Package>(
      mock,
      'GET',
      `/v1/packages/acme/web-assets/${created.body.slug_perm}/`,
    )
    expect(read.body).toMatchObject({ status_str: 'Quarantined', is_downloadable: false })
  })

  it('applies to the packages uploaded while active, not to existing ones', async () => {
    const existing = mock.db.packages
      .group('acme/web-assets')
      .find((pkg) => pkg.sync.outcome === 'completed' && !pkg.quarantined)!
    mock.use('upload-sync-failed')
    const [status] = await polls(existing.slug_perm, 1)
    expect(status).toMatchObject({ status_str: 'Completed' })
  })
})

describe('empty', () => {
  it('lists nothing, unpaginated, and knows no repository or package', async () => {
    mock.use('empty')
    for (const path of ['/v1/repos/', '/v1/repos/acme/', '/v1/packages/acme/web-assets/']) {
      const reply = await send(mock, 'GET', path)
      expect(reply.status, path).toBe(200)
      expect(reply.body).toEqual([])
      // API-NOTES §4: empty datasets are never paginated.
      expect(reply.headers.get('X-Pagination-Count')).toBeNull()
    }
    const existing = mock.db.packages.group('acme/web-assets')[0]!.slug_perm
    for (const [method, path] of [
      ['GET', '/v1/repos/acme/web-assets/'],
      ['DELETE', '/v1/repos/acme/web-assets/'],
      ['GET', `/v1/packages/acme/web-assets/${existing}/`],
      ['GET', `/v1/packages/acme/web-assets/${existing}/status/`],
      ['POST', '/v1/files/acme/web-assets/'],
      ['POST', '/v1/packages/acme/web-assets/upload/raw/'],
    ] as const) {
      const reply = await send(mock, method, path, { json: method === 'POST' ? {} : undefined })
      expect(reply.status, `${method} ${path}`).toBe(404)
      expect(reply.body).toEqual({ detail: 'Not found.' })
    }
    expect(mock.db.repositories.has('acme/web-assets')).toBe(true)
  })
})

describe('happy', () => {
  it('is natural behaviour with the start of the clock in the rate headers', async () => {
    const reply = await send(mock, 'GET', '/v1/user/self/', scenario('happy'))
    expect(reply.status).toBe(200)
    expect(reply.headers.get('X-RateLimit-Reset')).toBe(String(EPOCH_SECONDS + 3600))
    expect(mock.scenarios.active()).toEqual(['happy'])
  })
})
