/**
 * Writes under jest, as a user's suite makes them. jest runs test files in a VM context whose
 * `structuredClone`, `fetch` and `Response` come from the outer Node realm: every stored record
 * a write updates passes objects between realms. Each test here once answered 500
 * `{"detail":"A server error occurred."}` under jest while passing under vitest (issue 11).
 */
/* global beforeAll, afterEach, afterAll, test, expect, fetch -- jest's globals */
import { setupMockServer } from 'cloudsmith-mock/node'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const api = 'https://api.cloudsmith.io/v1'
const auth = { 'X-Api-Key': 'demo-api-key' }
const json = { ...auth, 'Content-Type': 'application/json' }

async function send(method, path, body) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: body === undefined ? auth : json,
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await response.text()
  return { status: response.status, body: text ? JSON.parse(text) : null }
}

/** The first package of acme/platform whose sync is complete: one that may be tagged and moved. */
async function settledPackage() {
  const listed = await send('GET', '/packages/acme/platform/?sort=name')
  expect(listed.status).toBe(200)
  const pkg = listed.body.find((p) => p.is_sync_completed)
  expect(pkg).toMatchObject({ is_sync_completed: true, namespace: 'acme', repository: 'platform' })
  return pkg
}

test('PATCHes a repository and reads the change back', async () => {
  const patched = await send('PATCH', '/repos/acme/platform/', {
    description: 'patched under jest',
  })
  expect(patched.status).toBe(200)
  expect(patched.body.description).toBe('patched under jest')
  const read = await send('GET', '/repos/acme/platform/')
  expect(read.body.description).toBe('patched under jest')
})

test('tags a package', async () => {
  const pkg = await settledPackage()
  const tagged = await send('POST', `/packages/acme/platform/${pkg.slug_perm}/tag/`, {
    action: 'Add',
    tags: ['jest-tag'],
  })
  expect(tagged.status).toBe(200)
  expect(tagged.body.tags.info).toContain('jest-tag')
  const read = await send('GET', `/packages/acme/platform/${pkg.slug_perm}/`)
  expect(read.body.tags.info).toContain('jest-tag')
})

test('moves a package to another repository', async () => {
  const pkg = await settledPackage()
  const moved = await send('POST', `/packages/acme/platform/${pkg.slug_perm}/move/`, {
    destination: 'releases',
  })
  expect(moved.status).toBe(200)
  expect(moved.body.repository).toBe('releases')
  expect((await send('GET', `/packages/acme/releases/${pkg.slug_perm}/`)).status).toBe(200)
  expect((await send('GET', `/packages/acme/platform/${pkg.slug_perm}/`)).status).toBe(404)
})

test('resyncs a package', async () => {
  const pkg = await settledPackage()
  const resynced = await send('POST', `/packages/acme/platform/${pkg.slug_perm}/resync/`)
  expect(resynced.status).toBe(200)
  expect(resynced.body.slug_perm).toBe(pkg.slug_perm)
})

test('quarantines a package and releases it', async () => {
  const pkg = await settledPackage()
  const path = `/packages/acme/platform/${pkg.slug_perm}/quarantine/`
  const quarantined = await send('POST', path, {})
  expect(quarantined.status).toBe(200)
  expect(quarantined.body.is_downloadable).toBe(false)
  const released = await send('POST', path, { release: true })
  expect(released.status).toBe(200)
  expect(released.body.is_downloadable).toBe(true)
})

test('journals every write as answered, none as a 500', async () => {
  await send('PATCH', '/repos/acme/platform/', { description: 'journalled' })
  expect(mock.journal.entries({ status: 500 })).toEqual([])
  expect(mock.journal.entries().map((entry) => entry.status)).toEqual([200])
})
