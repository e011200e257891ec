/**
 * cloudsmith-mock used as a user would: imported by its package name (package.json `exports`
 * -> dist), wired with beforeAll/afterEach/afterAll exactly as the README shows.
 */
/* global beforeAll, afterEach, afterAll, test, expect, fetch -- jest's globals, as in the README */
import { setupMockServer } from 'cloudsmith-mock/node'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const headers = { 'X-Api-Key': 'demo-api-key' }

test('lists the repositories of acme', async () => {
  const response = await fetch('https://api.cloudsmith.io/v1/repos/acme/?sort=slug', { headers })
  expect(response.status).toBe(200)
  expect(response.headers.get('X-Pagination-Count')).toBe('6')
  const repos = await response.json()
  expect(repos.map((repo) => repo.slug)).toEqual([
    'containers',
    'java',
    'platform',
    'python-libs',
    'releases',
    'web-assets',
  ])
})

test('creates a repository', async () => {
  const response = await fetch('https://api.cloudsmith.io/v1/repos/demo/', {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'jest-made' }),
  })
  expect(response.status).toBe(201)
  expect(await response.json()).toMatchObject({ slug: 'jest-made', namespace: 'demo' })
  const read = await fetch('https://api.cloudsmith.io/v1/repos/demo/jest-made/', { headers })
  expect(read.status).toBe(200)
})

test('starts from the seeded data again after reset()', async () => {
  const read = await fetch('https://api.cloudsmith.io/v1/repos/demo/jest-made/', { headers })
  expect(read.status).toBe(404)
  expect(mock.journal.size).toBe(1)
})

test('answers 404 when the request asks for it with Prefer', async () => {
  const response = await fetch('https://api.cloudsmith.io/user/self/', {
    headers: { ...headers, Prefer: 'code=404' },
  })
  expect(response.status).toBe(404)
  expect(await response.json()).toEqual({ detail: 'Not found.' })
})

test('hides a private repository of someone else (404)', async () => {
  const response = await fetch('https://api.cloudsmith.io/repos/outsider/secret/', {
    headers: { Authorization: 'Token demo-api-key' },
  })
  expect(response.status).toBe(404)
})
