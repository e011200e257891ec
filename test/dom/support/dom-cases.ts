/**
 * The same cases in every DOM test environment (jsdom, happy-dom): a component test's fetch,
 * raw XMLHttpRequest and axios call the Cloudsmith API from the test document's origin, so the
 * environment checks CORS like a browser. Each client lists (reading the pagination headers),
 * creates and changes a repository through `setupMockServer`.
 * Expected values: the default fixtures (README: demo / demo-api-key, six acme repositories,
 * test/node/repos.test.ts) and the headers Cloudsmith sends on lists (API-NOTES.md, pagination).
 */
import axios from 'axios'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../../src/adapters/node/index.ts'

const API = 'https://api.cloudsmith.io'
const KEY = 'demo-api-key'

interface Answer {
  status: number
  header(name: string): string | null
  body: Record<string, unknown> | Record<string, unknown>[]
}

type Client = (method: string, path: string, json?: unknown) => Promise<Answer>

const viaFetch: Client = async (method, path, json) => {
  const headers: Record<string, string> = { 'X-Api-Key': KEY }
  if (json !== undefined) headers['Content-Type'] = 'application/json'
  const response = await fetch(`${API}${path}`, {
    method,
    headers,
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  return {
    status: response.status,
    header: (name) => response.headers.get(name),
    body: (await response.json()) as Answer['body'],
  }
}

const viaXhr: Client = (method, path, json) =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(method, `${API}${path}`)
    xhr.setRequestHeader('X-Api-Key', KEY)
    if (json !== undefined) xhr.setRequestHeader('Content-Type', 'application/json')
    xhr.onload = () =>
      resolve({
        status: xhr.status,
        header: (name) => xhr.getResponseHeader(name),
        body: JSON.parse(xhr.responseText) as Answer['body'],
      })
    xhr.onerror = () => reject(new Error(`XHR ${method} ${path} failed: status ${xhr.status}`))
    xhr.send(json === undefined ? null : JSON.stringify(json))
  })

const viaAxios: Client = async (method, path, json) => {
  const response = await axios.request({
    method,
    url: `${API}${path}`,
    headers: { 'X-Api-Key': KEY },
    data: json,
    validateStatus: () => true,
  })
  return {
    status: response.status,
    header: (name) => (response.headers[name.toLowerCase()] as string | undefined) ?? null,
    body: response.data as Answer['body'],
  }
}

/** Registers the cases; call once at the top of a file that names its environment. */
export function domCases(environment: 'jsdom' | 'happy-dom'): void {
  const mock = setupMockServer({ seed: 1 })
  beforeAll(() => mock.listen())
  afterEach(() => mock.reset())
  afterAll(() => mock.close())

  it(`${environment}: the test document has an http origin, so API calls are cross-origin`, () => {
    expect(window.location.origin).toMatch(/^http:\/\/localhost(:\d+)?$/)
  })

  it(`${environment}: axios uses the XHR adapter here, as in a browser`, () => {
    expect(typeof XMLHttpRequest).toBe('function')
    expect(axios.getAdapter(axios.defaults.adapter).name).toBe('xhr')
  })

  describe.each([
    ['fetch', viaFetch],
    ['XMLHttpRequest', viaXhr],
    ['axios', viaAxios],
  ] as const)(`${environment} + %s`, (_name, send) => {
    it('lists with readable pagination headers', async () => {
      const list = await send('GET', '/v1/repos/acme/')
      expect(list.status).toBe(200)
      expect(list.body).toHaveLength(6)
      expect(list.header('X-Pagination-Count')).toBe('6')
      expect(list.header('X-Pagination-Page')).toBe('1')
    })

    it('creates a repository (POST with a JSON body: preflighted)', async () => {
      const created = await send('POST', '/v1/repos/acme/', { name: 'dom-made' })
      expect(created.status).toBe(201)
      expect(created.body).toMatchObject({ slug: 'dom-made', namespace: 'acme' })
      // The per-identity rate limit is readable too (API-NOTES.md: X-RateLimit-* on every answer).
      expect(created.header('X-RateLimit-Limit')).toMatch(/^\d+$/)
    })

    it('changes a repository (PATCH: preflighted)', async () => {
      const patched = await send('PATCH', '/v1/repos/acme/platform/', { description: 'from dom' })
      expect(patched.status).toBe(200)
      expect(patched.body).toMatchObject({ slug: 'platform', description: 'from dom' })
      const read = await send('GET', '/v1/repos/acme/platform/')
      expect(read.body).toMatchObject({ description: 'from dom' })
    })
  })
}
