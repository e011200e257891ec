/**
 * The extra checks of the DOM rows (jsdom, happy-dom): what component tests send through axios
 * (its XHR adapter in a DOM environment) and through a raw XMLHttpRequest. Each case is
 * `{ name, run }`; `run({ mock, expect, axios })`.
 */
/* global XMLHttpRequest */
import { API, DEMO_KEY } from './cloudsmith.cases.js'

/**
 * A raw XMLHttpRequest as a promise: `{ status, header(name), body }`. A network error rejects
 * naming the URL, so the row reports it rather than a bare status 0.
 */
function xhr(method, url, { json, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open(method, url)
    for (const [name, value] of Object.entries({ ...DEMO_KEY, ...headers }))
      request.setRequestHeader(name, value)
    if (json !== undefined) request.setRequestHeader('Content-Type', 'application/json')
    request.onload = () => {
      let body = request.responseText
      try {
        body = body ? JSON.parse(body) : null
      } catch {
        // Not JSON: keep the text for the failure message.
      }
      resolve({
        status: request.status,
        header: (name) => request.getResponseHeader(name),
        body,
      })
    }
    request.onerror = () =>
      reject(new Error(`XMLHttpRequest ${method} ${url}: network error (status ${request.status})`))
    request.send(json === undefined ? null : JSON.stringify(json))
  })
}

export const domClientCases = [
  {
    name: 'axios: lists with the pagination headers and creates a repository',
    async run({ expect, axios }) {
      // Statuses are checked by the assertions, so a wrong one is reported with its body.
      const client = axios.create({ baseURL: API, headers: DEMO_KEY, validateStatus: () => true })
      const page = await client.get('/v1/repos/acme/?sort=slug&page_size=4')
      expect(page.status).toBe(200)
      expect(page.headers['x-pagination-count']).toBe('6')
      expect(page.headers['x-pagination-pagetotal']).toBe('2')
      expect(page.data.map((repo) => repo.slug)).toEqual([
        'containers',
        'java',
        'platform',
        'python-libs',
      ])

      const created = await client.post('/v1/repos/acme/', { name: 'axios-made' })
      expect({ status: created.status, data: created.data }).toMatchObject({
        status: 201,
        data: { slug: 'axios-made', namespace: 'acme' },
      })
    },
  },
  {
    name: 'XMLHttpRequest: lists with the pagination headers and PATCHes a repository',
    async run({ expect }) {
      const page = await xhr('GET', `${API}/v1/repos/acme/?page_size=4`)
      expect(page.status).toBe(200)
      expect(page.header('X-Pagination-Count')).toBe('6')
      expect(page.header('X-Pagination-Page')).toBe('1')
      expect(page.body).toHaveLength(4)

      const patched = await xhr('PATCH', `${API}/v1/repos/acme/platform/`, {
        json: { description: 'patched through XHR' },
      })
      expect({ status: patched.status, body: patched.body }).toMatchObject({
        status: 200,
        body: { slug: 'platform', description: 'patched through XHR' },
      })
    },
  },
]
