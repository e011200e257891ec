/**
 * The standalone server makes a bug of the mock as visible as the in-process mock does
 * (test/node/mock-bug.test.ts): over real HTTP, a 500 saying it is the mock's fault and a
 * console.error naming where it happened. The server runs in this process so that the bug can
 * be injected through its public `mock`.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMockHttpServer, type MockHttpServer } from '../../src/adapters/server/index.ts'

let app: MockHttpServer
let url: string
beforeAll(async () => {
  app = await createMockHttpServer({ seed: 1 })
  url = await app.listen(0, '127.0.0.1')
})
afterEach(() => vi.restoreAllMocks())
afterAll(() => app.close())

const patchRepo = () =>
  fetch(`${url}/v1/repos/acme/platform/`, {
    method: 'PATCH',
    headers: { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' },
    body: JSON.stringify({ description: 'x' }),
  })

describe('a bug in the mock, behind the standalone server', () => {
  it('answers 500 naming the operation and logs it with the stack', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(app.mock.db.repositories, 'update').mockRejectedValueOnce(new RangeError('bad'))

    const response = await patchRepo()

    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      detail:
        'cloudsmith-mock: internal error in repos_partial_update: RangeError: bad. ' +
        'This is a bug in the mock, not in your client; please report it.',
    })
    expect(logged).toHaveBeenCalledWith(
      'cloudsmith-mock: internal error in repos_partial_update:',
      expect.objectContaining({ name: 'RangeError', stack: expect.stringContaining('bad') }),
    )
  })

  it('says the same of a fault in the server around the mock', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(app.mock, 'reply').mockRejectedValueOnce(new Error('server fault'))

    const response = await patchRepo()

    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({
      detail:
        'cloudsmith-mock: internal error in the server (PATCH /v1/repos/acme/platform/): ' +
        'Error: server fault. This is a bug in the mock, not in your client; please report it.',
    })
    expect(logged).toHaveBeenCalledWith(
      'cloudsmith-mock: internal error in the server (PATCH /v1/repos/acme/platform/):',
      expect.objectContaining({ message: 'server fault' }),
    )
  })
})
