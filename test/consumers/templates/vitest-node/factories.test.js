// factories.test.js: the recipes of docs/factories.md against the packed package, as the page
// shows them less their TypeScript (test/node/factories-recipes.test.ts checks they match).
/* global fetch, Request -- Node's */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createMock, trait } from 'cloudsmith-mock'
import { setupMockServer } from 'cloudsmith-mock/node'

const API = 'https://api.cloudsmith.io/v1'
const mock = setupMockServer({ preset: 'empty' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const get = async (path, key = 'demo-api-key') => {
  const response = await fetch(`${API}${path}`, { headers: { 'X-Api-Key': key } })
  return { status: response.status, headers: response.headers, body: await response.json() }
}

it('recipe: an empty repository', async () => {
  // recipe:empty-repository
  const repo = await mock.given.repository({ namespace: 'acme', name: 'web' }, 'private', 'empty')
  const page = await get('/packages/acme/web/')
  // end
  expect(repo.package_count).toBe(0)
  expect(repo.repository_type_str).toBe('Private')
  expect(page.status).toBe(200)
  expect(page.body).toEqual([])
})

it('recipe: pagination', async () => {
  // recipe:pagination
  await mock.given.repository({ namespace: 'acme', name: 'web' })
  await mock.given.packages(30, { repository: 'acme/web', format: 'npm' })
  const third = await get('/packages/acme/web/?page=3&page_size=10')
  // end
  expect(third.body).toHaveLength(10)
  expect(third.headers.get('x-pagination-count')).toBe('30')
  expect((await get('/packages/acme/web/?page=4&page_size=10')).status).toBe(404)
})

it('recipe: every sync state', async () => {
  // recipe:sync-states
  await mock.given.repository({ namespace: 'acme', name: 'web' })
  const at = { repository: 'acme/web', format: 'python' }
  const packages = {
    completed: await mock.given.package(at),
    awaiting: await mock.given.package(at, 'awaitingSync'),
    syncing: await mock.given.package(at, 'syncing'),
    failed: await mock.given.package(at, trait.syncFailed('Invalid wheel metadata.')),
    quarantined: await mock.given.package(at, 'quarantined'),
    duplicate: await mock.given.package({ ...at, name: 'dup', version: '1.0.0' }, 'duplicate'),
  }
  // end
  const status = async (pkg) => (await get(`/packages/acme/web/${pkg.slug_perm}/`)).body.status_str
  expect(await status(packages.completed)).toBe('Completed')
  expect(await status(packages.awaiting)).toBe('Awaiting Synchronisation')
  expect(await status(packages.syncing)).toBe('Sync In Progress')
  expect(await status(packages.failed)).toBe('Sync Failed')
  expect(packages.failed.status_reason).toBe('Invalid wheel metadata.')
  expect(await status(packages.quarantined)).toBe('Quarantined')
  expect(await status(packages.duplicate)).toBe('Sync Failed')
})

it('recipe: visibility between two users', async () => {
  // recipe:visibility
  const alice = await mock.given.user({ slug: 'alice' })
  const bob = await mock.given.user({ slug: 'bob' })
  await mock.given.membership({ org: 'acme', user: alice.slug, role: 'Write' })
  await mock.given.repository({ namespace: 'acme', name: 'internal' }, 'private')
  await mock.given.repository(
    { namespace: 'acme', name: 'shared' },
    'private',
    trait.readOnlyFor('bob'),
  )
  // end
  const names = async (key) => (await get('/repos/acme/', key)).body.map((r) => r.slug).sort()
  expect(await names(alice.api_key)).toEqual(['internal', 'shared'])
  expect(await names(bob.api_key)).toEqual(['shared'])
  expect((await get('/repos/acme/internal/', bob.api_key)).status).toBe(404)
})

it('recipe: a download token for a private repository', async () => {
  // recipe:download-token
  await mock.given.repository({ namespace: 'acme', name: 'dist' }, 'private')
  const pkg = await mock.given.package({ repository: 'acme/dist', format: 'raw' })
  const token = await mock.given.entitlement({ repository: 'acme/dist', name: 'ci' })
  const download = await fetch(`${pkg.cdn_url}?token=${token.token}`)
  // end
  expect(download.status).toBe(200)
  await download.arrayBuffer()
  const anonymous = await fetch(`${pkg.cdn_url}`)
  expect(anonymous.status).toBe(401)
  await anonymous.arrayBuffer()
})

it('recipe: records every test starts from, from options', async () => {
  // recipe:options
  const seeded = createMock({
    preset: 'empty',
    given: [
      { entity: 'repository', fields: { namespace: 'acme', name: 'web' }, traits: ['private'] },
      { entity: 'package', fields: { repository: 'acme/web' }, traits: ['quarantined'], count: 2 },
    ],
  })
  // end
  const response = await seeded.handle(
    new Request(`${API}/repos/acme/web/`, { headers: { 'X-Api-Key': 'demo-api-key' } }),
  )
  expect(await response.json()).toMatchObject({ package_count: 2, num_quarantined_packages: 2 })
})

it('recipe: records every test starts from, from a dataset builder', async () => {
  // recipe:dataset-builder
  const built = createMock({
    dataset: ({ preset, given }) => {
      given('repository', { fields: { namespace: 'acme', name: 'web' }, traits: ['private'] })
      given('package', { fields: { repository: 'acme/web', format: 'npm' }, count: 3 })
      return preset('empty')
    },
  })
  // end
  const response = await built.handle(
    new Request(`${API}/packages/acme/web/`, { headers: { 'X-Api-Key': 'demo-api-key' } }),
  )
  const body = await response.json()
  expect(body).toHaveLength(3)
  expect(body.every((p) => p.format === 'npm')).toBe(true)
})
