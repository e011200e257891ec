/**
 * Issue 11: nothing leaves the machine by mistake. Every Cloudsmith host is answered in process:
 * the API over http as over https, the upload and download hosts by the mock (issue 13), and
 * hosts the mock does not serve (the web app, docs) with a 501 naming the URL and the fix. Hosts: API-NOTES.md §6.7 (upload host, from cloudsmith-docs package-upload.mdx) and the
 * mock's own `cdn_url` values.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { PackageFileUpload, Repository } from '../../src/index.ts'
import { call, type ErrorReply } from './support.ts'

const HTTP = 'http://api.cloudsmith.io'
const unhandled: string[] = []
const mock = setupMockServer({
  seed: 1,
  // Anything the mock leaves unanswered is recorded and fails here instead of reaching the network.
  onUnhandledFrame: ({ frame, defaults }) => {
    unhandled.push(String((frame.data as { request?: Request }).request?.url))
    defaults.error()
  },
})
beforeAll(() => mock.listen())
afterEach(async () => {
  unhandled.length = 0
  await mock.reset()
})
afterAll(() => mock.close())

describe('the API over http://', () => {
  it('answers as over https, URLs in the body included', async () => {
    const secure = await call<Repository>('GET', '/v1/repos/acme/platform/')
    const plain = await call<Repository>('GET', '/v1/repos/acme/platform/', { base: HTTP })
    expect(plain.status).toBe(200)
    expect(plain.body).toEqual(secure.body)
    expect(plain.body.self_url).toBe('https://api.cloudsmith.io/repos/acme/platform/')
  })

  it('takes writes with a body: JSON and the multipart upload', async () => {
    const created = await call('POST', '/v1/repos/demo/', { base: HTTP, json: { name: 'plain' } })
    expect(created.status).toBe(201)
    const upload = await call<PackageFileUpload>('POST', '/v1/files/demo/plain/', {
      base: HTTP,
      json: { filename: 'a.txt' },
    })
    expect(upload.status).toBe(202)
    const form = new FormData()
    form.append('file', new Blob(['abc']), 'a.txt')
    const target = upload.body.upload_url!.replace(/^https:/, 'http:')
    const sent = await fetch(target, { method: 'POST', body: form })
    expect(sent.status).toBe(204)
    expect(mock.journal.entries().map((entry) => entry.status)).toEqual([201, 202, 204])
  })
})

describe('Cloudsmith hosts the mock does not serve', () => {
  // Since issue 13 the mock serves these two (test/node/transfers.test.ts): they no longer 501.
  it('serves upload.cloudsmith.io and dl.cloudsmith.io instead of refusing them', async () => {
    const upload = await call<{ identifier: string }>(
      'PUT',
      'https://upload.cloudsmith.io/acme/platform/tool-1.0.0.tar.gz',
      { body: 'bytes' },
    )
    expect(upload.status).toBe(200)
    const download = await call<ErrorReply>(
      'GET',
      'https://dl.cloudsmith.io/basic/acme/platform/raw/nope/a.txt',
    )
    expect(download.status).toBe(404)
    expect(unhandled).toEqual([])
  })

  it.each([
    'https://cloudsmith.io/~acme/',
    'http://docs.cloudsmith.com/',
    'https://API.Cloudsmith.IO./',
  ])('answers %s with 501 instead of letting it out', async (url) => {
    const reply = await call<ErrorReply>('GET', url)
    expect(reply.status).toBe(501)
    expect(reply.body.code).toBe('not_mocked')
    expect(unhandled).toEqual([])
  })

  it('leaves other hosts to onUnhandledFrame', async () => {
    await expect(fetch('https://example.test/')).rejects.toThrow()
    expect(unhandled).toEqual(['https://example.test/'])
  })

  it('lets your own handler answer first', async () => {
    const { http, HttpResponse } = await import('msw')
    mock.server.use(http.get('https://dl.cloudsmith.io/*', () => HttpResponse.text('file')))
    const response = await fetch('https://dl.cloudsmith.io/acme/web-assets/raw/a.txt')
    expect(response.status).toBe(200)
    expect(await response.text()).toBe('file')
  })
})

describe('baseUrl', () => {
  it.each([
    ['api.cloudsmith.io', 'https://api.cloudsmith.io'],
    ['//api.cloudsmith.io', 'https://api.cloudsmith.io'],
    ['ftp://mirror.example/api', 'https://mirror.example/api'],
  ])('refuses %s at creation', (baseUrl, suggested) => {
    expect(() => createMock({ baseUrl })).toThrow(
      `createMock: option "baseUrl" is not an absolute http(s) URL, so it would intercept nothing: write "${suggested}"; got ${JSON.stringify(baseUrl)} (a string)`,
    )
    expect(() => setupMockServer({ baseUrl: ['https://ok.example', baseUrl] })).toThrow(
      `setupMockServer: option "baseUrl.1" is not an absolute http(s) URL`,
    )
  })

  it('takes absolute http(s) URLs and page paths', () => {
    for (const baseUrl of [
      'http://127.0.0.1:8787',
      'https://cloudsmith.internal.example/api',
      '/api',
    ])
      expect(createMock({ baseUrl }).handlers.length).toBeGreaterThan(0)
  })
})
