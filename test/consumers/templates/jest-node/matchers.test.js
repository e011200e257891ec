// matchers.test.js (jest: jest.config.mjs has setupFilesAfterEnv: ['cloudsmith-mock/jest'])
/* global fetch -- Node's */
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals'
import { setupMockServer } from 'cloudsmith-mock/node'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const headers = { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' }

/** The code under test: makes a repository for a site. */
async function createSiteRepo(name) {
  const response = await fetch('https://api.cloudsmith.io/v1/repos/acme/', {
    method: 'POST',
    headers,
    body: JSON.stringify({ name, repository_type_str: 'Private' }),
  })
  return response.status
}

it('creates the repository once, with the name it was given', async () => {
  expect(await createSiteRepo('web')).toBe(201)
  expect(mock).toHaveReceived('repos_create', { times: 1, status: 201, body: { name: 'web' } })
  expect(mock).not.toHaveReceived('repos_delete')
})

it('matches bodies with asymmetric matchers, in order', async () => {
  await fetch('https://api.cloudsmith.io/v1/user/self/', { headers })
  await createSiteRepo('docs')
  expect(mock).toHaveReceivedInOrder([
    'user_self',
    { operation: 'repos_create', status: 201, body: { name: expect.stringMatching(/^d/) } },
  ])
})
