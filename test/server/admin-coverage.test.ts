/**
 * Issue 18 points 1-2 on the standalone server: GET /__mock/coverage gives the table
 * `mock.coverage()` gives in process, and `remoteMock()` lets the matchers read a server's
 * journal. repos_create documents 201, 400, 404, 422 (spec/openapi.json), plus the statuses any
 * call can meet (401, 403, 429, 500, 502, 503).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { remoteMock } from '../../src/adapters/vitest/index.ts'
import { call, startServer, stopAll, type RunningServer } from './support/cli.ts'

let server: RunningServer
beforeAll(async () => {
  server = await startServer(['--quiet'])
})
afterAll(stopAll)

describe('GET /__mock/coverage', () => {
  it('counts the answers by operation and status, against the documented ones', async () => {
    await call(server, 'POST', '/__mock/reset', { json: {} })
    expect((await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'web' } })).status).toBe(
      201,
    )
    expect((await call(server, 'POST', '/v1/repos/acme/', { json: {} })).status).toBe(422)
    const reply = await call(server, 'GET', '/__mock/coverage')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({
      requests: 2,
      operations: [
        {
          operationId: 'repos_create',
          answered: { 201: 1, 422: 1 },
          documented: [201, 400, 401, 403, 404, 422, 429, 500, 502, 503],
          untested: [400, 401, 403, 404, 429, 500, 502, 503],
          undocumented: [],
        },
      ],
    })
  })

  it('journals request bodies as parsed JSON, which remoteMock() hands to the matchers', async () => {
    await call(server, 'POST', '/__mock/reset', { json: {} })
    await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'web', description: 'site' } })
    const journal = await call<{ entries: { body: unknown; bodySummary: string }[] }>(
      server,
      'GET',
      '/__mock/journal',
    )
    expect(journal.body.entries[0]).toMatchObject({
      body: { name: 'web', description: 'site' },
      bodySummary: '{"name":"web","description":"site"}',
    })
    const remote = await remoteMock(server.url)
    expect(remote).toHaveReceived('repos_create', { times: 1, status: 201, body: { name: 'web' } })
    expect(remote.coverage().requests).toBe(1)
    expect(() => expect(remote).toHaveReceived('repos_delete')).toThrow(
      /Closest requests in the journal \(1 in all\):\n {2}#1 POST \/v1\/repos\/acme\/ repos_create 201/,
    )
  })
})
