/**
 * The server remembers each request target it parsed (src/adapters/server/incoming-request.ts):
 * the same path sent with another Host must still be answered for that Host. Pagination links
 * name the origin the request was sent to, so they show which one the server read.
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockHttpServer, type MockHttpServer } from '../../src/adapters/server/index.ts'

let app: MockHttpServer
let port: string
beforeAll(async () => {
  app = await createMockHttpServer({ seed: 1 })
  port = new URL(await app.listen(0, '127.0.0.1')).port
})
afterAll(() => app.close())

function linkFor(host: string, path: string) {
  return new Promise<string | undefined>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, path, headers: { Host: host, 'X-Api-Key': 'demo-api-key' } },
      (res) => {
        res.resume()
        res.on('end', () => {
          const link = res.headers.link
          resolve(typeof link === 'string' ? link : undefined)
        })
      },
    )
    req.on('error', reject)
    req.end()
  })
}

describe('a request target sent with different Host headers', () => {
  it('is answered for the Host of each request, whichever was parsed first', async () => {
    const path = '/v1/repos/acme/?page_size=1'
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `localhost:${port}`]) {
      const link = await linkFor(host, path)
      expect(link).toContain(`<http://${host}/v1/repos/acme/?page_size=1&page=2>; rel="next"`)
    }
  })
})
