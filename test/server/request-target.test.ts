/**
 * The server remembers each request target it parsed (src/adapters/server/incoming-request.ts):
 * the same path sent with another Host must still be answered for that Host. Pagination links
 * name the origin the request was sent to, so they show which one the server read.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockHttpServer, type MockHttpServer } from '../../src/adapters/server/index.ts'
import { requestTarget, requestUrl } from '../../src/adapters/server/incoming-request.ts'

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

describe('a request target read without the URL parser', () => {
  // requestTarget joins Host and path itself when the parser would leave both as they are; the
  // parser's own reading (requestUrl, WHATWG URL) is the reference for every shape of target.
  const hosts = [
    'localhost:8787',
    '127.0.0.1:8787',
    'LocalHost:8787',
    'example.com:80',
    'example.com',
    '[::1]:8787',
    '[0:0::1]',
    '0x7f.1:8787',
    '127.1',
    'bad host',
    '',
    undefined,
  ]
  const paths = [
    '/v1/repos/acme/',
    '/v1/repos/acme/bench-pair-1-2-3/',
    '/v1/packages/acme/repo/a.b-c_d~e/',
    '/v1/repos/acme/./x/',
    '/v1/repos/acme/../x/',
    '/v1/repos/acme/.%2e/x/',
    '/v1/repos/acme/..',
    '/v1/repos/acme/.',
    '//v1//repos/',
    '/v1/repos/acme/?page=2',
    '/v1/repos/acme/#x',
    '/v1/repos/acme/a b/',
    '/v1/repos/acme/\\x/',
    '/v1/repos/acme/%41/',
    '/v1/repos/acme/é/',
    '/',
    'http://elsewhere.example/v1/repos/acme/',
    '*',
  ]
  it('is the href, pathname and search the URL parser reads', () => {
    for (const host of hosts)
      for (const path of paths) {
        const incoming = {
          url: path,
          headers: host === undefined ? {} : { host },
        } as unknown as IncomingMessage
        const parsed = requestUrl(incoming, 'http://127.0.0.1:9999')
        const target = requestTarget(incoming, 'http://127.0.0.1:9999')
        expect({
          host,
          path,
          href: target.href,
          pathname: target.pathname,
          search: target.search,
        }).toEqual({
          host,
          path,
          href: parsed.href,
          pathname: parsed.pathname,
          search: parsed.search,
        })
      }
  })
})
