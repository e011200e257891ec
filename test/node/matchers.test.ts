/**
 * Issue 18 point 1: `toHaveReceived` and `toHaveReceivedInOrder` on a real mock, through real
 * fetch, passing and failing; a failure lists the closest journal entries (WireMock's near misses).
 * Statuses: spec/openapi.json documents 201 for repos_create and packages_upload_raw.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import '../../src/adapters/vitest/index.ts'
import { createMock } from '../../src/index.ts'
import { call, uploadFile } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const createRepo = (name: string) => call('POST', '/v1/repos/acme/', { json: { name } })

describe('toHaveReceived', () => {
  it('passes for an operation received, with times, status and a partial body', async () => {
    await createRepo('web')
    expect(mock).toHaveReceived('repos_create')
    expect(mock).toHaveReceived('repos_create', { times: 1, status: 201, body: { name: 'web' } })
    expect(mock).toHaveReceived('repos_create', { body: { name: expect.any(String) } })
    expect(mock).not.toHaveReceived('repos_delete')
    expect(mock).not.toHaveReceived('repos_create', { status: 422 })
  })

  it('fails with the closest journal entries and why each differs', async () => {
    await call('GET', '/v1/user/self/')
    await createRepo('api')
    expect(() =>
      expect(mock).toHaveReceived('repos_create', { status: 201, body: { name: 'web' } }),
    ).toThrow(
      [
        'Expected the mock to receive repos_create with status 201 and body matching {"name":"web"} at least once, but it received it 0 times.',
        'Closest requests in the journal (2 in all):',
        '  #2 POST /v1/repos/acme/ repos_create 201 {"name":"api"}',
        '      ↳ name: expected "web", got "api"',
        '  #1 GET /v1/user/self/ user_self 200',
        '      ↳ operation user_self',
      ].join('\n'),
    )
  })

  it('fails on a count that differs, listing the matching requests', async () => {
    await createRepo('one')
    await createRepo('two')
    expect(() => expect(mock).toHaveReceived('repos_create', { times: 1 })).toThrow(
      /receive repos_create 1 time, but it received it 2 times\.\n {2}#1 POST .*"one".*\n {2}#2 POST .*"two"/,
    )
  })

  it('.not fails when the request came, and lists it', async () => {
    await createRepo('web')
    expect(() => expect(mock).not.toHaveReceived('repos_create', { status: 201 })).toThrow(
      'Expected the mock not to receive repos_create with status 201, but it received it 1 time:\n  #1 POST /v1/repos/acme/ repos_create 201 {"name":"web"}',
    )
  })

  it('says the journal is empty when nothing came', () => {
    expect(() => expect(mock).toHaveReceived('user_self')).toThrow(
      'The journal is empty: the mock received no request.',
    )
  })

  it('matches a refused body too: the journal keeps what was sent', async () => {
    const refused = await call('POST', '/v1/repos/acme/', { json: { description: 'no name' } })
    expect(refused.status).toBe(422)
    expect(mock).toHaveReceived('repos_create', {
      status: 422,
      body: { description: 'no name' },
    })
    expect(mock.journal.entries()[0]!.body).toEqual({ description: 'no name' })
  })

  it('keeps no body over 16 KiB of JSON text, and says so', async () => {
    await createRepo('x'.repeat(17_000))
    const [entry] = mock.journal.entries()
    expect(entry!.body).toBeNull()
    expect(entry!.bodySummary).toHaveLength(200)
    expect(() => expect(mock).toHaveReceived('repos_create', { body: { name: 'x' } })).toThrow(
      '↳ body too large to keep',
    )
  })

  it('reads any holder of a journal: createMock(), a list, the browser control shape', async () => {
    const plain = createMock({ seed: 1 })
    await plain.handle(
      new Request('https://api.cloudsmith.io/v1/user/self/', {
        headers: { 'X-Api-Key': 'demo-api-key' },
      }),
    )
    expect(plain).toHaveReceived('user_self', { status: 200 })
    expect(plain.journal.entries()).toHaveReceived('user_self')
    expect({ journal: () => plain.journal.entries() }).toHaveReceived('user_self')
    expect(() => expect(42).toHaveReceived('user_self')).toThrow(
      'Expected a cloudsmith-mock mock (createMock(), setupMockServer(), remoteMock()) or its journal, got number.',
    )
  })
})

describe('toHaveReceivedInOrder', () => {
  it('passes for requests in order, others between them', async () => {
    const identifier = await uploadFile('acme', 'platform', 'tool-1.0.0.tar.gz')
    await call('GET', '/v1/user/self/')
    await call('POST', '/v1/packages/acme/platform/upload/raw/', {
      json: { package_file: identifier },
    })
    expect(mock).toHaveReceivedInOrder([
      'files_create',
      { operation: 'packages_upload_raw', status: 201, body: { package_file: identifier } },
    ])
    expect(mock).not.toHaveReceivedInOrder(['packages_upload_raw', 'files_create'])
  })

  it('fails naming the step not found after the last one matched', async () => {
    await call('GET', '/v1/user/self/')
    await createRepo('web')
    expect(() =>
      expect(mock).toHaveReceivedInOrder(['repos_create', { operation: 'user_self' }]),
    ).toThrow(
      [
        'Expected the mock to receive these requests in this order:',
        '  1. repos_create',
        '  2. user_self',
        'Matched 1 of 2:',
        '  #2 POST /v1/repos/acme/ repos_create 201 {"name":"web"}',
        'No user_self after #2 POST /v1/repos/acme/ repos_create 201 {"name":"web"}.',
        'The journal has no request after it.',
      ].join('\n'),
    )
  })

  it('.not fails when they came in that order', async () => {
    await call('GET', '/v1/user/self/')
    await createRepo('web')
    expect(() => expect(mock).not.toHaveReceivedInOrder(['user_self', 'repos_create'])).toThrow(
      'Expected the mock not to receive these requests in this order:\n  1. user_self\n  2. repos_create\nbut it did:',
    )
  })
})
