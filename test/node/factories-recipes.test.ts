/**
 * The recipes of docs/factories.md, each one a test: the code between the markers is the code
 * the page shows (kept the same by hand; the page names this file).
 */
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { trait, type Package, type PackageStatus, type Repository } from '../../src/index.ts'

const API = 'https://api.cloudsmith.io/v1'
const mock = setupMockServer({ preset: 'empty' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const get = async <T>(path: string, key = 'demo-api-key') => {
  const response = await fetch(`${API}${path}`, { headers: { 'X-Api-Key': key } })
  return { status: response.status, headers: response.headers, body: (await response.json()) as T }
}

it('recipe: an empty repository', async () => {
  // recipe:empty-repository
  const repo = await mock.given.repository({ namespace: 'acme', name: 'web' }, 'private', 'empty')
  const page = await get<Package[]>('/packages/acme/web/')
  // end
  expect(repo.package_count).toBe(0)
  expect(page.status).toBe(200)
  expect(page.body).toEqual([])
})

it('recipe: pagination', async () => {
  // recipe:pagination
  await mock.given.repository({ namespace: 'acme', name: 'web' })
  await mock.given.packages(30, { repository: 'acme/web', format: 'npm' })
  const third = await get<Package[]>('/packages/acme/web/?page=3&page_size=10')
  // end
  expect(third.body).toHaveLength(10)
  expect(third.headers.get('x-pagination-count')).toBe('30')
  expect(third.headers.get('x-pagination-pagetotal')).toBe('3')
  expect((await get('/packages/acme/web/?page=4&page_size=10')).status).toBe(404)
})

it('recipe: every sync state', async () => {
  // recipe:sync-states
  await mock.given.repository({ namespace: 'acme', name: 'web' })
  const at = { repository: 'acme/web', format: 'python' } as const
  const packages = {
    completed: await mock.given.package(at),
    awaiting: await mock.given.package(at, 'awaitingSync'),
    syncing: await mock.given.package(at, 'syncing'),
    failed: await mock.given.package(at, trait.syncFailed('Invalid wheel metadata.')),
    quarantined: await mock.given.package(at, 'quarantined'),
    duplicate: await mock.given.package({ ...at, name: 'dup', version: '1.0.0' }, 'duplicate'),
  }
  // end
  const status = async (pkg: Package) =>
    (await get<PackageStatus>(`/packages/acme/web/${pkg.slug_perm}/`)).body.status_str
  expect(await status(packages.completed)).toBe('Completed')
  expect(await status(packages.awaiting)).toBe('Awaiting Synchronisation')
  expect(await status(packages.syncing)).toBe('Sync In Progress')
  expect(await status(packages.failed)).toBe('Sync Failed')
  expect(packages.failed.status_reason).toBe('Invalid wheel metadata.')
  expect(await status(packages.quarantined)).toBe('Quarantined')
  expect(await status(packages.duplicate)).toBe('Sync Failed')
  expect(packages.duplicate.status_reason).toMatch(/already exists/)
  // The awaiting package moves on as a client polls its status, as after a real upload.
  await get(`/packages/acme/web/${packages.awaiting.slug_perm}/status/`)
  expect(await status(packages.awaiting)).toBe('Sync In Progress')
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
  const names = async (key: string) =>
    (await get<Repository[]>('/repos/acme/', key)).body.map((r) => r.slug).sort()
  expect(await names(alice.api_key)).toEqual(['internal', 'shared'])
  expect(await names(bob.api_key)).toEqual(['shared'])
  expect((await get('/repos/acme/internal/', bob.api_key)).status).toBe(404)
  const write = await fetch(`${API}/files/acme/shared/`, {
    method: 'POST',
    headers: { 'X-Api-Key': bob.api_key, 'Content-Type': 'application/json' },
    body: JSON.stringify({ filename: 'x.txt' }),
  })
  expect(write.status).toBe(403)
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

it('recipe: the same records from options, a dataset the tests start from', async () => {
  const { createMock } = await import('../../src/index.ts')
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

it('recipe: the same records from a dataset builder', async () => {
  const { createMock } = await import('../../src/index.ts')
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
  const body = (await response.json()) as Package[]
  expect(body).toHaveLength(3)
  expect(body.every((p) => p.format === 'npm')).toBe(true)
})

it('docs/factories.md shows the code of these recipes', async () => {
  const { readFile } = await import('node:fs/promises')
  const source = await readFile(new URL(import.meta.url), 'utf8')
  const page = await readFile(new URL('../../docs/factories.md', import.meta.url), 'utf8')
  const recipes = [...source.matchAll(/\n( *)\/\/ recipe:([\w-]+)\n([\s\S]*?)\n *\/\/ end\n/g)]
  expect(recipes.map((m) => m[2])).toEqual([
    'empty-repository',
    'pagination',
    'sync-states',
    'visibility',
    'download-token',
    'options',
    'dataset-builder',
  ])
  for (const [, indent, name, code] of recipes) {
    const dedented = code!
      .split('\n')
      .map((line) => line.slice(indent!.length))
      .join('\n')
    expect(page, name).toContain(`<!-- recipe:${name} `)
    expect(page, name).toContain(`\`\`\`ts\n${dedented}\n\`\`\``)
  }
})

it('the consumer matrix runs the same recipes, less their TypeScript', async () => {
  const { readFile } = await import('node:fs/promises')
  const read = (path: string) => readFile(new URL(path, import.meta.url), 'utf8')
  const recipes = (source: string) =>
    Object.fromEntries(
      [...source.matchAll(/\n( *)\/\/ recipe:([\w-]+)\n([\s\S]*?)\n *\/\/ end\n/g)].map((m) => [
        m[2],
        m[3]!,
      ]),
    )
  // What TypeScript adds to the JavaScript: `as const`, type arguments.
  const untyped = (code: string) => code.replace(/ as const/g, '').replace(/<[A-Z]\w*(\[\])?>/g, '')
  const here = recipes(await read(import.meta.url))
  const there = recipes(await read('../consumers/templates/vitest-node/factories.test.js'))
  expect(Object.keys(there)).toEqual(Object.keys(here))
  for (const name of Object.keys(here)) expect(there[name], name).toBe(untyped(here[name]!))
})
