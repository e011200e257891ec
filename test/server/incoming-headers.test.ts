/**
 * The server hands the core its requests' headers as read from node:http's rawHeaders
 * (src/adapters/server/incoming-headers.ts) instead of building a fetch `Headers` (which loads
 * undici on first use). The core must see exactly what `Headers` would show: fetch's own class,
 * fed the same raw pairs, is the oracle here.
 */
import { request as httpRequest } from 'node:http'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockHttpServer, type MockHttpServer } from '../../src/adapters/server/index.ts'
import { IncomingHeaders } from '../../src/adapters/server/incoming-headers.ts'

/** What fetch's Headers shows for the same raw pairs, read every way the core may read it. */
function views(headers: Headers, names: readonly string[]) {
  const seen: [string, string, boolean][] = []
  headers.forEach((value, name, parent) => seen.push([name, value, parent === headers]))
  return {
    get: names.map((name) => headers.get(name)),
    has: names.map((name) => headers.has(name)),
    entries: [...headers],
    keys: [...headers.keys()],
    values: [...headers.values()],
    forEach: seen,
    setCookies: headers.getSetCookie(),
  }
}

function fetchHeaders(raw: readonly string[]): Headers {
  const headers = new Headers()
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  return headers
}

const names = ['X-Api-Key', 'x-api-key', 'Accept', 'Set-Cookie', 'set-cookie', 'Range', 'Origin']
const name = fc.constantFrom(...names)
// Values as node:http passes them on: printable bytes, tabs and spaces (also at the ends).
const value = fc.stringMatching(/^[\t !-~]{0,12}$/)

describe('IncomingHeaders reads as fetch Headers does', () => {
  it('for any mix of repeated, differently cased and padded headers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 8 }), (pairs) => {
        const raw = pairs.flat()
        const asked = [...names, 'Absent']
        expect(views(new IncomingHeaders(raw), asked)).toEqual(views(fetchHeaders(raw), asked))
      }),
    )
  })

  it('after a write, as a Headers with the same entries', () => {
    const raw = ['Accept', 'a', 'accept', ' b ', 'Set-Cookie', 'x=1', 'Set-Cookie', 'y=2']
    const ours = new IncomingHeaders(raw)
    const theirs = fetchHeaders(raw)
    for (const headers of [ours, theirs]) {
      headers.append('X-Extra', '1')
      headers.set('Accept', 'c')
      headers.delete('set-cookie')
    }
    expect(views(ours, ['accept', 'x-extra', 'set-cookie'])).toEqual(
      views(theirs, ['accept', 'x-extra', 'set-cookie']),
    )
    expect(Object.prototype.toString.call(ours)).toBe('[object Headers]')
  })
})

describe('the server reads a request header as sent', () => {
  let app: MockHttpServer
  let port: number
  beforeAll(async () => {
    app = await createMockHttpServer({ seed: 1 })
    port = Number(new URL(await app.listen(0, '127.0.0.1')).port)
  })
  afterAll(() => app.close())

  /**
   * GET /v1/user/self/ with the headers exactly as given (node:http keeps case and order; given
   * as a list, it adds no Host of its own).
   */
  function userSelf(raw: readonly string[]) {
    return new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/v1/user/self/',
          headers: ['Host', `127.0.0.1:${port}`, ...raw],
        },
        (response) => {
          let body = ''
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
          response.on('end', () => resolve({ status: response.statusCode!, body }))
        },
      )
      request.on('error', reject).end()
    })
  }

  // Header names are case-insensitive (RFC 9110 5.1); Cloudsmith's CLI sends `X-Api-Key`
  // (cloudsmith_cli/core/api/init.py), other clients lowercase it.
  it('an API key under any case of its name, with spaces around its value', async () => {
    const answer = await userSelf(['x-API-key', '  demo-api-key  ', 'Accept', 'application/json'])
    expect(answer.status).toBe(200)
    expect(JSON.parse(answer.body)).toMatchObject({ slug: 'demo', authenticated: true })
  })

  it('a repeated API key header is one value joined with ", " (as fetch reads it): refused', async () => {
    const answer = await userSelf(['X-Api-Key', 'demo-api-key', 'X-Api-Key', 'demo-api-key'])
    expect(answer.status).toBe(401)
    expect(JSON.parse(answer.body)).toHaveProperty('detail')
  })
})
