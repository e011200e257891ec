import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { PackageFileUpload, Repository, UserBrief } from '../../src/index.ts'
import { call, type ErrorReply } from './support.ts'

const origins = ['https://cloudsmith.internal.test', 'http://127.0.0.1:18787']
// 'error' makes any request the mock does not answer fail here instead of reaching the network.
const mock = setupMockServer({ seed: 1, baseUrl: origins, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

describe('baseUrl', () => {
  it.each(origins)('intercepts %s, with and without /v1', async (base) => {
    for (const path of ['/v1/user/self/', '/user/self/']) {
      const self = await call<UserBrief>('GET', path, { base })
      expect(self.status).toBe(200)
      expect(self.body.slug).toBe('demo')
    }
  })

  it('hands out URLs on the origin that was called', async () => {
    const base = origins[0]!
    const repo = await call<Repository>('GET', '/v1/repos/acme/platform/', { base })
    expect(repo.body.self_url!.startsWith(`${base}/`)).toBe(true)
    const upload = await call<PackageFileUpload>('POST', '/v1/files/acme/platform/', {
      base,
      json: { filename: 'a.txt' },
    })
    expect(upload.status).toBe(202)
    expect(upload.body.upload_url!.startsWith(`${base}/`)).toBe(true)
    const form = new FormData()
    form.append('file', new Blob(['abc']), 'a.txt')
    const sent = await fetch(upload.body.upload_url!, { method: 'POST', body: form })
    expect(sent.status).toBe(204)
  })

  it('does not serve the default origin when another is configured, and says so', async () => {
    const reply = await call<ErrorReply>('GET', '/v1/user/self/')
    expect(reply.status).toBe(501)
    expect(reply.body.detail).toContain(
      `this mock answers ${origins.join(', ')}, not api.cloudsmith.io. Call that origin, or add "https://api.cloudsmith.io" to the baseUrl option`,
    )
    expect(mock.journal.entries().map((entry) => [entry.status, entry.operationId])).toEqual([
      [501, null],
    ])
  })
})
