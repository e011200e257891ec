import { http, HttpResponse } from 'msw'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Repository } from '../../src/index.ts'
import { call, EPOCH_SECONDS } from './support.ts'

// The tests of this file run in order: each checks that the previous one left nothing behind.
const mock = setupMockServer({ seed: 1, rateLimit: { limit: 10 }, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

let firstSlugPerm = ''
const victim = () => mock.db.packages.group('acme/web-assets')[0]!

describe('reset() isolation between tests', () => {
  it('lets a test create, change, delete and override freely', async () => {
    const created = await call<Repository>('POST', '/v1/repos/demo/', {
      json: { name: 'ephemeral' },
    })
    expect(created.status).toBe(201)
    firstSlugPerm = created.body.slug_perm!
    const patched = await call('PATCH', '/v1/repos/acme/platform/', {
      json: { description: 'dirty' },
    })
    expect(patched.status).toBe(200)
    const deleted = await call('DELETE', `/v1/packages/acme/web-assets/${victim().slug_perm}/`)
    expect(deleted.status).toBe(204)

    mock.clock.advance(2 * 3600 * 1000)
    mock.use('not-found')
    mock.server.use(
      http.get('https://api.cloudsmith.io/v1/status/check/basic/', () =>
        HttpResponse.json({ detail: 'overridden' }),
      ),
    )
    expect((await call('GET', '/v1/repos/acme/')).status).toBe(404)
    expect(mock.journal.size).toBeGreaterThan(0)
  })

  it('starts the next test from the seeded data', async () => {
    expect((await call('GET', '/v1/repos/demo/ephemeral/')).status).toBe(404)
    expect(mock.db.repositories.has('demo/ephemeral')).toBe(false)
    const platform = await call<Repository>('GET', '/v1/repos/acme/platform/')
    expect(platform.body.description).not.toBe('dirty')
    const restored = await call('GET', `/v1/packages/acme/web-assets/${victim().slug_perm}/`)
    expect(restored.status).toBe(200)
  })

  it('gives records created at run time the same ids again (counters are back)', async () => {
    const created = await call<Repository>('POST', '/v1/repos/demo/', {
      json: { name: 'ephemeral' },
    })
    expect(created.status).toBe(201)
    expect(created.body.slug_perm).toBe(firstSlugPerm)
  })

  it('brings back the clock, the rate windows, the scenarios, the handlers and the journal', async () => {
    expect(mock.journal.size).toBe(0)
    expect(mock.clock.now()).toBe(EPOCH_SECONDS * 1000)
    const repos = await call('GET', '/v1/repos/acme/')
    expect(repos.status).toBe(200)
    expect(repos.headers.get('X-RateLimit-Remaining')).toBe('9')
    expect(repos.headers.get('X-RateLimit-Reset')).toBe(String(EPOCH_SECONDS + 3600))
    const status = await call('GET', '/v1/status/check/basic/')
    expect(status.body).toMatchObject({ detail: 'Cloudsmith API is operational.' })
    expect(mock.journal.size).toBe(2)
  })
})
