/**
 * Buffered request bodies over real HTTP (src/adapters/server/incoming-request.ts keeps a
 * buffered body's bytes and reads them without a Web Request): what the client sent is what the
 * core reads, multi-byte characters across the socket's chunks included, and a body that is not
 * JSON is refused as Cloudsmith refuses it (400 with a DRF parse error `detail`, API-NOTES.md §2).
 */
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockHttpServer, type MockHttpServer } from '../../src/adapters/server/index.ts'

let app: MockHttpServer
let base: string
beforeAll(async () => {
  app = await createMockHttpServer({ seed: 1 })
  base = await app.listen(0, '127.0.0.1')
})
afterAll(() => app.close())

const key = { 'X-Api-Key': 'demo-api-key' }

/** Sends `body` in pieces of `piece` bytes, so a character can straddle two chunks. */
function send(method: string, path: string, body: Buffer, piece: number) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const url = new URL(path, base)
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        headers: { ...key, 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (text += chunk))
        res.on('end', () => resolve({ status: res.statusCode!, text }))
      },
    )
    req.on('error', reject)
    let at = 0
    const next = () => {
      if (at >= body.length) return req.end()
      req.write(body.subarray(at, (at += piece)))
      setImmediate(next)
    }
    next()
  })
}

describe('a buffered JSON body', () => {
  const description = 'Déjà vu — 漢字 and 🚀, sent in 3-byte pieces'

  it('is read as the client sent it, on create and on update', async () => {
    const created = await send(
      'POST',
      '/v1/repos/acme/',
      Buffer.from(JSON.stringify({ name: 'bodies-one', description })),
      3,
    )
    expect(created.status).toBe(201)
    expect(JSON.parse(created.text)).toMatchObject({ slug: 'bodies-one', description })

    const patched = await send(
      'PATCH',
      '/v1/repos/acme/bodies-one/',
      Buffer.from(JSON.stringify({ description: `${description} (again)` })),
      5,
    )
    expect(patched.status).toBe(200)
    const read = await fetch(`${base}/v1/repos/acme/bodies-one/`, { headers: key })
    expect(((await read.json()) as { description: string }).description).toBe(
      `${description} (again)`,
    )
  })

  it('that is not JSON answers 400 with a detail, and the next request is answered', async () => {
    const broken = await send('POST', '/v1/repos/acme/', Buffer.from('{"name": "x",'), 4)
    expect(broken.status).toBe(400)
    expect(JSON.parse(broken.text)).toHaveProperty('detail')
    const after = await fetch(`${base}/v1/user/self/`, { headers: key })
    expect(after.status).toBe(200)
  })

  it('on a DELETE is accepted and the repository goes', async () => {
    await send('POST', '/v1/repos/acme/', Buffer.from(JSON.stringify({ name: 'bodies-two' })), 64)
    const deleted = await send('DELETE', '/v1/repos/acme/bodies-two/', Buffer.from('{}'), 1)
    // repos_delete documents 200 (Cloudsmith's OpenAPI document), not 204.
    expect(deleted.status).toBe(200)
    const gone = await fetch(`${base}/v1/repos/acme/bodies-two/`, { headers: key })
    expect(gone.status).toBe(404)
  })
})
