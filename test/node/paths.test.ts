import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package } from '../../src/index.ts'
import { call, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const json = { 'Content-Type': 'application/json' }

function somePackage(repo = 'acme/platform') {
  const pkg = mock.db.packages
    .group(repo)
    .find((p) => p.sync.outcome === 'completed' && !p.quarantined)
  if (!pkg) throw new Error(`no completed package in ${repo}`)
  return pkg
}

describe('paths with and without /v1', () => {
  it.each([
    '/user/self/',
    '/status/check/basic/',
    '/namespaces/',
    '/namespaces/acme/',
    '/repos/',
    '/repos/acme/',
    '/repos/acme/platform/',
    '/packages/acme/platform/?page_size=5&sort=name',
  ])('answers GET %s the same both ways', async (path) => {
    const bare = await call('GET', path)
    const prefixed = await call('GET', `/v1${path}`)
    expect(bare.status).toBe(200)
    expect(prefixed.status).toBe(200)
    expect(prefixed.body).toEqual(bare.body)
  })

  it('reads, writes and deletes through un-prefixed paths as the CLI does', async () => {
    const { slug_perm } = somePackage()
    expect((await call('GET', `/packages/acme/platform/${slug_perm}/`)).status).toBe(200)
    const created = await call('POST', '/repos/demo/', { json: { name: 'bare-path' } })
    expect(created.status).toBe(201)
    expect((await call('GET', '/v1/repos/demo/bare-path/')).status).toBe(200)
    expect((await call('DELETE', `/packages/acme/platform/${slug_perm}/`)).status).toBe(204)
  })

  it('responds 404 to a path the API does not have, both ways', async () => {
    for (const path of ['/no/such/thing/', '/v1/no/such/thing/']) {
      const reply = await call<ErrorReply>('GET', path)
      expect(reply.status).toBe(404)
      expect(reply.body).toEqual({ detail: 'Not found.' })
    }
  })

  it('responds 405 with Allow to a method the path does not take', async () => {
    const reply = await call('PUT', '/v1/repos/acme/platform/', { json: {} })
    expect(reply.status).toBe(405)
    expect(reply.headers.get('Allow')).toEqual(expect.stringContaining('PATCH'))
  })
})

describe('Content-Type: application/json with no body (as the CLI sends it)', () => {
  it.each(['/v1/user/self/', '/v1/repos/acme/', '/v1/packages/acme/platform/'])(
    'is fine on GET %s',
    async (path) => {
      expect((await call('GET', path, { headers: json })).status).toBe(200)
    },
  )

  it('is fine on DELETE', async () => {
    const { slug_perm } = somePackage()
    const reply = await call('DELETE', `/v1/packages/acme/platform/${slug_perm}/`, {
      headers: json,
    })
    expect(reply.status).toBe(204)
  })

  it.each(['resync', 'quarantine'])(
    'is fine on POST %s, which has no required field',
    async (action) => {
      const { slug_perm } = somePackage()
      const reply = await call<Package>(
        'POST',
        `/v1/packages/acme/platform/${slug_perm}/${action}/`,
        {
          headers: json,
        },
      )
      expect(reply.status).toBe(200)
      expect(reply.body.slug_perm).toBe(slug_perm)
    },
  )

  it('is a 422 naming the field on a POST that needs one, not a 400', async () => {
    const reply = await call<ErrorReply>('POST', '/v1/repos/demo/', { headers: json })
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['name'])
  })
})
