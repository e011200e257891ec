/**
 * Issue 18 point 2: `mock.coverage()` sets the statuses each operation was answered with against
 * those it can send. repos_create's documented statuses are 201, 400, 404 and 422
 * (spec/openapi.json, POST /repos/{owner}/); any call can also meet 401, 403, 404, 429, 500, 502
 * and 503 (docs/scenarios.md, forced statuses).
 */
import { describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'

const API = 'https://api.cloudsmith.io/v1'

function send(mock: ReturnType<typeof createMock>, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers)
  headers.set('X-Api-Key', 'demo-api-key')
  if (init.body) headers.set('Content-Type', 'application/json')
  return mock.handle(new Request(`${API}${path}`, { ...init, headers }))
}

const createRepo = (mock: ReturnType<typeof createMock>, body: object, prefer?: string) =>
  send(mock, '/repos/acme/', {
    method: 'POST',
    body: JSON.stringify(body),
    headers: prefer ? { Prefer: prefer } : {},
  })

describe('mock.coverage()', () => {
  it('lists each operation touched: statuses answered, documented, untested', async () => {
    const mock = createMock({ seed: 1 })
    expect((await createRepo(mock, { name: 'web' })).status).toBe(201)
    expect((await createRepo(mock, { name: 'api' })).status).toBe(201)
    expect((await createRepo(mock, {})).status).toBe(422)
    expect((await createRepo(mock, { name: 'x' }, 'code=429')).status).toBe(429)
    expect((await send(mock, '/user/self/')).status).toBe(200)
    await send(mock, '/no/such/route/')

    const report = mock.coverage()
    expect(report.requests).toBe(5)
    expect(report.operations.map((row) => row.operationId)).toEqual(['repos_create', 'user_self'])
    expect(report.operations[0]).toEqual({
      operationId: 'repos_create',
      answered: { 201: 2, 422: 1, 429: 1 },
      documented: [201, 400, 401, 403, 404, 422, 429, 500, 502, 503],
      untested: [400, 401, 403, 404, 500, 502, 503],
      undocumented: [],
    })
  })

  it('counts every request since the start, not only those left in the ring', async () => {
    const mock = createMock({ seed: 1, journalSize: 2 })
    for (let i = 0; i < 5; i++) await send(mock, '/user/self/')
    expect(mock.journal.size).toBe(2)
    expect(mock.coverage().operations[0]!.answered).toEqual({ 200: 5 })
  })

  it('starts again at reset()', async () => {
    const mock = createMock({ seed: 1 })
    await send(mock, '/user/self/')
    await mock.reset()
    expect(mock.coverage()).toEqual({ requests: 0, operations: [] })
  })

  it("leaves out the mock's own routes (the upload host's form POST): the document has none", async () => {
    const mock = createMock({ seed: 1 })
    const created = await send(mock, '/files/acme/platform/', {
      method: 'POST',
      body: JSON.stringify({ filename: 'tool-1.0.0.tar.gz' }),
    })
    expect(created.status).toBe(202)
    const { upload_url, upload_fields } = (await created.json()) as {
      upload_url: string
      upload_fields: Record<string, string>
    }
    const form = new FormData()
    for (const [name, value] of Object.entries(upload_fields)) form.append(name, value)
    form.append('file', new Blob(['bytes']), 'tool-1.0.0.tar.gz')
    const sent = await mock.handle(new Request(upload_url, { method: 'POST', body: form }))
    expect(sent.status).toBe(204)
    expect(mock.journal.entries().map((entry) => entry.operationId)).toEqual([
      'files_create',
      'mock_upload_post',
    ])
    expect(mock.coverage().operations.map((row) => row.operationId)).toEqual(['files_create'])
    expect(mock.coverage().requests).toBe(1)
  })

  it('shows a dropped connection as status 0, which the document does not list', async () => {
    const mock = createMock({ seed: 1 })
    await send(mock, '/user/self/', { headers: { 'X-Mock-Scenario': 'network-error' } })
    expect(mock.coverage().operations[0]).toMatchObject({
      answered: { 0: 1 },
      undocumented: [0],
    })
  })
})
