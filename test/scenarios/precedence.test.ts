/**
 * Selection, highest first: the request (Prefer: code= / __code, X-Mock-Scenario / __scenario)
 * > runtime (`mock.use`, undone by reset) > startup (`scenarios` option) > happy.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { send, uploadRawPackage } from './support.ts'

const mock = createMock({ scenarios: ['server-error'] })
beforeEach(() => mock.reset())

const status = async (path: string, headers: Record<string, string> = {}) =>
  (await send(mock, 'GET', path, { headers })).status

describe('levels', () => {
  it('startup applies when nothing else is chosen', async () => {
    expect(await status('/v1/user/self/')).toBe(500)
    expect(mock.scenarios.active()).toEqual(['server-error'])
  })

  it('runtime beats startup, and reset() undoes it', async () => {
    mock.use('not-found')
    expect(await status('/v1/user/self/')).toBe(404)
    expect(mock.scenarios.active()).toEqual(['not-found', 'server-error'])
    await mock.reset()
    expect(await status('/v1/user/self/')).toBe(500)
  })

  it('the latest use() beats earlier ones', async () => {
    mock.use('not-found')
    mock.use('forbidden')
    expect(await status('/v1/user/self/')).toBe(403)
  })

  it('the request beats runtime: header and query', async () => {
    mock.use('not-found')
    expect(await status('/v1/user/self/', { 'X-Mock-Scenario': 'unauthorized' })).toBe(401)
    expect(await status('/v1/user/self/?__scenario=bad-gateway')).toBe(502)
  })

  it('a forced code beats every scenario, the request’s own included', async () => {
    mock.use('not-found')
    expect(
      await status('/v1/user/self/', { 'X-Mock-Scenario': 'forbidden', Prefer: 'code=401' }),
    ).toBe(401)
    expect(await status('/v1/user/self/?__code=503', { 'X-Mock-Scenario': 'forbidden' })).toBe(503)
    expect(await status('/v1/user/self/', { Prefer: 'code=429, example=spent' })).toBe(429)
  })

  it('a forced 2xx runs the operation naturally, above every scenario', async () => {
    mock.use('rate-limited')
    const reply = await send(mock, 'GET', '/v1/user/self/', { headers: { Prefer: 'code=200' } })
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({ authenticated: true, slug: 'demo' })
  })

  it('X-Mock-Scenario: a,b puts a first', async () => {
    expect(await status('/v1/user/self/', { 'X-Mock-Scenario': 'forbidden,not-found' })).toBe(403)
    expect(await status('/v1/user/self/', { 'X-Mock-Scenario': 'not-found, forbidden' })).toBe(404)
  })

  it('request scenarios last for that request only', async () => {
    expect(await status('/v1/user/self/', { 'X-Mock-Scenario': 'forbidden' })).toBe(403)
    expect(await status('/v1/user/self/')).toBe(500)
  })
})

describe('happy', () => {
  it('chosen at runtime, hides the startup scenarios', async () => {
    mock.use('happy')
    expect(await status('/v1/user/self/')).toBe(200)
    expect(mock.scenarios.active()).toEqual(['happy'])
  })

  it('chosen per request, hides runtime and startup', async () => {
    mock.use('rate-limited')
    expect(await status('/v1/user/self/', { 'X-Mock-Scenario': 'happy' })).toBe(200)
    expect(await status('/v1/user/self/')).toBe(429)
  })

  it('is the default without any scenario', async () => {
    const plain = createMock()
    expect((await send(plain, 'GET', '/v1/user/self/')).status).toBe(200)
    expect(plain.scenarios.active()).toEqual(['happy'])
  })
})

describe('sync behaviour follows the same order', () => {
  it('a request header beats the runtime choice', async () => {
    const plain = createMock()
    plain.use('upload-sync-failed')
    const created = await uploadRawPackage(plain, 'tool-1.0.0.tar.gz', {
      headers: { 'X-Mock-Scenario': 'upload-processing' },
    })
    const polls = []
    for (let i = 0; i < 4; i++)
      polls.push(
        (await send(plain, 'GET', `/v1/packages/acme/web-assets/${created.body.slug_perm}/status/`))
          .body.status_str,
      )
    expect(polls).toEqual(['Sync In Progress', 'Sync In Progress', 'Sync In Progress', 'Completed'])
  })
})
