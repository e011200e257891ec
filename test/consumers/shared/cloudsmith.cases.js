/**
 * The one set of checks every consumer-matrix row runs, copied unchanged into each temporary
 * project: what a user's test file does with cloudsmith-mock. Each case is `{ name, run }`;
 * `run({ mock, expect })` gets the environment's mock object and its `expect` (vitest's, jest's,
 * or the page's small one in the browser rows). Requests use the environment's own globals
 * (`fetch`, `FormData`, `Blob`), as application code would.
 *
 * Expected values come from the README's default fixture data (user `demo` with
 * `demo-api-key`, owner of organisation `acme`, whose six repositories are containers, java,
 * platform, python-libs, releases, web-assets) and docs/scenarios.md.
 */
/* global fetch, FormData, Blob */

export const API = 'https://api.cloudsmith.io'
export const DEMO_KEY = { 'X-Api-Key': 'demo-api-key' }

/**
 * One request with demo's key; the body is always read (parsed when it is JSON), so a check
 * reports the status and body it got rather than a stream left open.
 */
export async function call(method, path, { json, headers } = {}) {
  const response = await fetch(path.startsWith('http') ? path : `${API}${path}`, {
    method,
    headers: {
      ...DEMO_KEY,
      ...(json === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
  const text = await response.text()
  let body = text
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    // Not JSON: keep the text, so a failed check shows what came back.
  }
  return { status: response.status, headers: response.headers, body }
}

const tagsOf = (pkg) => Object.values(pkg.tags ?? {}).flat()

export const cloudsmithCases = [
  {
    name: 'lists the acme repositories with the pagination headers',
    async run({ expect }) {
      const page = await call('GET', '/v1/repos/acme/?sort=slug&page_size=4')
      expect(page.status).toBe(200)
      expect(page.headers.get('X-Pagination-Count')).toBe('6')
      expect(page.headers.get('X-Pagination-Page')).toBe('1')
      expect(page.headers.get('X-Pagination-PageSize')).toBe('4')
      expect(page.headers.get('X-Pagination-PageTotal')).toBe('2')
      expect(page.headers.get('Link')).toContain('rel="next"')
      expect(page.body.map((repo) => repo.slug)).toEqual([
        'containers',
        'java',
        'platform',
        'python-libs',
      ])
    },
  },
  {
    name: 'creates a repository (POST /v1/repos/acme/) and PATCHes it',
    async run({ expect }) {
      const created = await call('POST', '/v1/repos/acme/', { json: { name: 'consumer-made' } })
      // Status and body together: a wrong status is reported with the error body that came back.
      expect(created).toMatchObject({
        status: 201,
        body: { slug: 'consumer-made', namespace: 'acme' },
      })

      const patched = await call('PATCH', '/v1/repos/acme/consumer-made/', {
        json: { description: 'patched by a consumer' },
      })
      expect(patched).toMatchObject({
        status: 200,
        body: { slug: 'consumer-made', description: 'patched by a consumer' },
      })

      const read = await call('GET', '/v1/repos/acme/consumer-made/')
      expect(read.status).toBe(200)
      expect(read.body.description).toBe('patched by a consumer')
    },
  },
  {
    name: 'starts from the seeded data again after mock.reset()',
    async run({ expect }) {
      // The previous case created this repository; the reset after it must have removed it.
      const read = await call('GET', '/v1/repos/acme/consumer-made/')
      expect(read.status).toBe(404)
      expect(read.body).toEqual({ detail: 'Not found.' })
    },
  },
  {
    name: 'tags a package, then moves it to another repository',
    async run({ expect }) {
      const listed = await call('GET', '/v1/packages/acme/platform/?page_size=1')
      expect(listed.status).toBe(200)
      const slugPerm = listed.body[0].slug_perm

      const tagged = await call('POST', `/v1/packages/acme/platform/${slugPerm}/tag/`, {
        json: { action: 'add', tags: ['consumer'] },
      })
      expect(tagged).toMatchObject({ status: 200, body: { slug_perm: slugPerm } })
      expect(tagsOf(tagged.body)).toContain('consumer')

      const moved = await call('POST', `/v1/packages/acme/platform/${slugPerm}/move/`, {
        json: { destination: 'releases' },
      })
      expect(moved).toMatchObject({
        status: 200,
        body: { slug_perm: slugPerm, repository: 'releases' },
      })
      expect((await call('GET', `/v1/packages/acme/releases/${slugPerm}/`)).status).toBe(200)
      expect((await call('GET', `/v1/packages/acme/platform/${slugPerm}/`)).status).toBe(404)
    },
  },
  {
    name: 'uploads a raw package: files create, upload_url with FormData, package create, status poll',
    async run({ expect }) {
      const filename = 'consumer-tool-1.0.0.tar.gz'
      const content = 'the bytes of consumer-tool 1.0.0'
      const upload = await call('POST', '/v1/files/acme/platform/', { json: { filename } })
      expect(upload.status).toBe(202)
      expect(typeof upload.body.identifier).toBe('string')
      expect(typeof upload.body.upload_url).toBe('string')

      // As the official CLI does: the upload_fields, then the file, no credentials.
      const form = new FormData()
      for (const [name, value] of Object.entries(upload.body.upload_fields ?? {}))
        form.append(name, String(value))
      form.append('file', new Blob([content]), filename)
      const sent = await fetch(upload.body.upload_url, { method: 'POST', body: form })
      const sentBody = await sent.text()
      expect({ status: sent.status, body: sentBody }).toEqual({ status: 204, body: '' })

      const created = await call('POST', '/v1/packages/acme/platform/upload/raw/', {
        json: { package_file: upload.body.identifier, name: 'consumer-tool', version: '1.0.0' },
      })
      expect(created).toMatchObject({
        status: 201,
        body: { name: 'consumer-tool', version: '1.0.0' },
      })

      let status = null
      for (let poll = 0; poll < 20; poll++) {
        const reply = await call('GET', `/v1/packages/acme/platform/${created.body.slug}/status/`)
        expect(reply.status).toBe(200)
        status = reply.body
        if (status.is_sync_completed || status.is_sync_failed) break
      }
      expect(status).toMatchObject({ is_sync_completed: true, status_str: 'Completed' })

      const read = await call('GET', `/v1/packages/acme/platform/${created.body.slug_perm}/`)
      expect(read.status).toBe(200)
      expect(read.body).toMatchObject({ filename, size: content.length })
    },
  },
  {
    name: "answers 429 under mock.use('rate-limited'), and 200 again after mock.reset()",
    async run({ mock, expect }) {
      mock.use('rate-limited')
      const limited = await call('GET', '/v1/repos/acme/')
      expect(limited.status).toBe(429)
      expect(limited.headers.get('Retry-After')).toBeTruthy()
      expect(limited.body.detail).toContain('Request was throttled')

      await mock.reset()
      const served = await call('GET', '/v1/repos/acme/')
      expect(served.status).toBe(200)
    },
  },
  {
    name: 'answers 422 when the request asks for it with Prefer: code=422, and stores nothing',
    async run({ expect }) {
      const forced = await call('POST', '/v1/repos/acme/', {
        json: { name: 'forced-invalid' },
        headers: { Prefer: 'code=422' },
      })
      expect(forced.status).toBe(422)
      expect(typeof forced.body.detail).toBe('string')
      expect(typeof forced.body.fields).toBe('object')
      expect((await call('GET', '/v1/repos/acme/forced-invalid/')).status).toBe(404)
    },
  },
  {
    name: 'records the requests in mock.journal',
    async run({ mock, expect }) {
      await call('GET', '/v1/user/self/')
      await call('GET', '/v1/user/self/', { headers: { Prefer: 'code=404' } })
      const mine = mock.journal.entries({ operationId: 'user_self' })
      expect(mine).toHaveLength(2)
      expect(mine[0]).toMatchObject({ method: 'GET', status: 200, identity: 'demo' })
      const forced = mock.journal.entries({ status: 404 })
      expect(forced).toHaveLength(1)
      expect(forced[0]).toMatchObject({
        method: 'GET',
        path: '/v1/user/self/',
        operationId: 'user_self',
        scenario: 'code=404',
      })
    },
  },
]
