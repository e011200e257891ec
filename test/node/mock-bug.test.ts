/**
 * A 500 the mock causes by a bug of its own is never silent: it is logged with the operation
 * and the stack, its body says it is the mock's fault, and the journal keeps what was thrown.
 * A forced 500 (a scenario, `Prefer: code=500`) keeps Cloudsmith's own body and logs nothing.
 * The bug is injected through the mock's public `db`: a table write that throws, as the jest
 * realm fault did (issue 11).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call } from './support.ts'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => {
  vi.restoreAllMocks()
  return mock.reset()
})
afterAll(() => mock.close())

const bugDetail =
  'cloudsmith-mock: internal error in packages_tag: TypeError: boom in update. ' +
  'This is a bug in the mock, not in your client; please report it.'

function tagAnyPackage(headers: Record<string, string> = {}) {
  const pkg = mock.db.packages.group('acme/platform')[0]!
  return call<{ detail: string }>('POST', `/v1/packages/acme/platform/${pkg.slug_perm}/tag/`, {
    json: { action: 'Add', tags: ['x'] },
    headers,
  })
}

describe('a bug in the mock', () => {
  it('answers 500 saying it is the mock fault, logs operation id and stack, journals the error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(mock.db.packages, 'update').mockRejectedValueOnce(new TypeError('boom in update'))

    const reply = await tagAnyPackage()

    expect(reply.status).toBe(500)
    expect(reply.headers.get('content-type')).toBe('application/json')
    expect(reply.body).toEqual({ detail: bugDetail })
    expect(logged).toHaveBeenCalledTimes(1)
    const [message, thrown] = logged.mock.calls[0]!
    expect(message).toBe('cloudsmith-mock: internal error in packages_tag:')
    expect(thrown).toBeInstanceOf(TypeError)
    expect((thrown as Error).stack).toContain('boom in update')
    const [entry] = mock.journal.entries({ status: 500 })
    expect(entry).toMatchObject({
      operationId: 'packages_tag',
      error: 'TypeError: boom in update',
    })
  })

  it('leaves a forced 500 as Cloudsmith answers it, with nothing logged or journalled as an error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})

    const reply = await tagAnyPackage({ Prefer: 'code=500' })

    expect(reply.status).toBe(500)
    expect(reply.body).toEqual({ detail: 'A server error occurred.' })
    expect(logged).not.toHaveBeenCalled()
    const [entry] = mock.journal.entries({ status: 500 })
    expect(entry).toMatchObject({ operationId: 'packages_tag', scenario: 'code=500' })
    expect(entry).not.toHaveProperty('error')
  })
})
