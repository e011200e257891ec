/**
 * Issue 11: the mock inside an app's own MSW server, and a clear error when a second server
 * would listen (msw 3 shares one interceptor source between setupServer() instances: the last to
 * listen takes the other's requests and handles each one twice).
 */
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call } from './support.ts'

const appHandlers = [http.get('https://app.test/hello', () => HttpResponse.json({ hello: 'app' }))]
const second = /two MSW servers cannot listen in one process/

describe('the mock inside your own setupServer', () => {
  const mock = createMock({ seed: 1 })
  const server = setupServer(...appHandlers, ...mock.handlers)
  const open = [server]
  server.listen({ onUnhandledFrame: 'error' })
  afterEach(async () => {
    server.resetHandlers()
    await mock.reset()
  })
  afterAll(() => open.filter((s) => s.readyState !== 0).forEach((s) => s.close()))

  it('answers the app and the API, each request once', async () => {
    const hello = await fetch('https://app.test/hello')
    expect(await hello.json()).toEqual({ hello: 'app' })
    const created = await call('POST', '/v1/repos/demo/', { json: { name: 'own-server' } })
    expect(created.status).toBe(201)
    expect(mock.journal.entries().map((entry) => [entry.operationId, entry.status])).toEqual([
      ['repos_create', 201],
    ])
  })

  it('starts from the seeded data after mock.reset()', async () => {
    expect((await call('GET', '/v1/repos/demo/own-server/')).status).toBe(404)
  })

  it('takes your overrides with server.use()', async () => {
    server.use(http.get('https://api.cloudsmith.io/v1/user/self/', () => HttpResponse.json({})))
    expect((await call('GET', '/v1/user/self/')).body).toEqual({})
  })

  it('refuses setupMockServer().listen() while your server listens, and yours keeps working', async () => {
    const other = setupMockServer({ seed: 1 })
    expect(() => other.listen()).toThrow(second)
    // Its afterAll close() must not throw msw's "already disabled" over the real failure, and
    // must not close your server.
    expect(() => other.close()).not.toThrow()
    expect(() => other.close()).not.toThrow()
    const hello = await fetch('https://app.test/hello')
    expect(hello.status).toBe(200)
    expect((await call('GET', '/v1/user/self/')).status).toBe(200)
    expect(mock.journal.size).toBe(1)
    expect(other.journal.size).toBe(0)
  })

  it('refuses your server listen() while setupMockServer listens, and the mock keeps working', async () => {
    server.close()
    const mockServer = setupMockServer({ seed: 1 })
    mockServer.listen()
    try {
      const late = setupServer(...appHandlers)
      expect(() => late.listen({ onUnhandledFrame: 'bypass' })).toThrow(second)
      const created = await call('POST', '/v1/repos/demo/', { json: { name: 'after' } })
      expect(created.status).toBe(201)
      expect(mockServer.journal.entries().map((entry) => entry.status)).toEqual([201])
    } finally {
      mockServer.close()
    }
    // Once the mock is closed, another server may listen.
    const again = setupServer(...appHandlers)
    again.listen({ onUnhandledFrame: 'bypass' })
    open.push(again)
    expect((await fetch('https://app.test/hello')).status).toBe(200)
  })
})
