/**
 * One CORS policy (src/core/cors.ts) for the in-process handlers and the standalone server: the
 * same preflight answer and the same headers on actual requests, over msw's interception and over
 * real HTTP. What a browser needs comes from the Fetch standard's CORS protocol: an echoed origin
 * with credentials (never `*`), the methods and headers asked for, and the exposed headers an app
 * reads (pagination, rate limits, Link, Retry-After, ETag).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { createMockHttpServer, type MockHttpServer } from '../../src/adapters/server/index.ts'
import { API, DEMO_KEY } from './support.ts'

const APP = 'http://localhost:5173'
const CORS_HEADERS = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-private-network',
  'vary',
]

const mock = setupMockServer({ seed: 1 })
let server: MockHttpServer
let serverUrl: string

beforeAll(async () => {
  server = await createMockHttpServer({ seed: 1 })
  serverUrl = await server.listen(0, '127.0.0.1')
  // Listening after the server's own start, and bypassing what it does not match (127.0.0.1).
  mock.listen()
})
afterAll(async () => {
  mock.close()
  await server.close()
})

function corsHeaders(response: Response): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const name of CORS_HEADERS) {
    const value = response.headers.get(name)
    if (value !== null) picked[name] = value
  }
  return picked
}

/** The same request to the in-process mock and to the server; both answers, bodies read. */
async function both(method: string, path: string, headers: Record<string, string>) {
  const send = async (base: string) => {
    const response = await fetch(`${base}${path}`, { method, headers })
    const text = await response.text()
    return { status: response.status, headers: corsHeaders(response), text }
  }
  return { inProcess: await send(API), server: await send(serverUrl) }
}

describe('a preflight (OPTIONS with Access-Control-Request-Method)', () => {
  const asking = {
    Origin: APP,
    'Access-Control-Request-Method': 'PATCH',
    'Access-Control-Request-Headers': 'content-type, x-api-key',
  }

  it('in process: 204 with the origin echoed, credentials, the methods and the headers asked for', async () => {
    const { inProcess } = await both('OPTIONS', '/v1/repos/acme/platform/', asking)
    expect(inProcess.status).toBe(204)
    expect(inProcess.text).toBe('')
    expect(inProcess.headers['access-control-allow-origin']).toBe(APP)
    expect(inProcess.headers['access-control-allow-credentials']).toBe('true')
    const methods = inProcess.headers['access-control-allow-methods']!.split(/,\s*/)
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']))
    expect(inProcess.headers['access-control-allow-headers']).toBe('content-type, x-api-key')
  })

  it('in process and on the server: the same status and the same headers', async () => {
    const { inProcess, server } = await both('OPTIONS', '/v1/repos/acme/platform/', asking)
    expect(server.status).toBe(204)
    expect(inProcess).toEqual(server)
  })

  it('the same Private Network Access answer (Chrome asks before reaching loopback)', async () => {
    const pna = { ...asking, 'Access-Control-Request-Private-Network': 'true' }
    const { inProcess, server } = await both('OPTIONS', '/v1/user/self/', pna)
    expect(inProcess.headers['access-control-allow-private-network']).toBe('true')
    expect(inProcess).toEqual(server)
  })

  it('`Origin: *` is refused the same way: 403 with a Cloudsmith-shaped detail', async () => {
    const { inProcess, server } = await both('OPTIONS', '/v1/user/self/', {
      ...asking,
      Origin: '*',
    })
    expect(inProcess.status).toBe(403)
    expect(JSON.parse(inProcess.text)).toEqual({ detail: 'Origin * is not allowed.' })
    expect(inProcess.headers['access-control-allow-origin']).toBeUndefined()
    expect(inProcess).toEqual(server)
  })
})

describe('actual requests from a page origin', () => {
  it('a list: the same CORS headers in process and on the server, exposing what apps read', async () => {
    const { inProcess, server } = await both('GET', '/v1/repos/acme/', {
      Origin: APP,
      'X-Api-Key': DEMO_KEY,
    })
    expect(inProcess.status).toBe(200)
    expect(inProcess.headers).toEqual(server.headers)
    const exposed = inProcess.headers['access-control-expose-headers']!.split(/,\s*/)
    for (const name of [
      'X-Pagination-Count',
      'X-Pagination-Page',
      'X-Pagination-PageTotal',
      'X-Pagination-PageSize',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'Link',
      'Retry-After',
      'ETag',
    ])
      expect(exposed).toContain(name)
  })

  it('an error answer carries them too, so the app can read the refusal', async () => {
    const { inProcess, server } = await both('GET', '/v1/repos/acme/no-such-repo/', {
      Origin: APP,
      'X-Api-Key': DEMO_KEY,
    })
    expect(inProcess.status).toBe(404)
    expect(inProcess.headers['access-control-allow-origin']).toBe(APP)
    expect(inProcess.headers).toEqual(server.headers)
  })

  it('without an Origin (Node fetch, no page), no CORS headers are added', async () => {
    const { inProcess, server } = await both('GET', '/v1/user/self/', { 'X-Api-Key': DEMO_KEY })
    expect(inProcess.headers).toEqual({})
    expect(server.headers).toEqual({})
  })
})
