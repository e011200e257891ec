/**
 * The request matchers under jest (issue 18 point 1), imported by the package name as a user
 * would, in both projects (node and jsdom). The statuses: spec/openapi.json documents 201 and
 * 422 for repos_create (POST /repos/{owner}/).
 */
/* global beforeAll, afterEach, afterAll, test, expect, fetch -- jest's globals */
import { setupMockServer } from 'cloudsmith-mock/node'
import 'cloudsmith-mock/jest'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const createRepo = (body) =>
  fetch('https://api.cloudsmith.io/v1/repos/acme/', {
    method: 'POST',
    headers: { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  })

test('toHaveReceived passes on operation, times, status and a partial body', async () => {
  await createRepo({ name: 'web', description: 'the site' })
  expect(mock).toHaveReceived('repos_create', { times: 1, status: 201, body: { name: 'web' } })
  expect(mock).toHaveReceived('repos_create', { body: { name: expect.stringMatching(/^w/) } })
  expect(mock).not.toHaveReceived('repos_create', { status: 422 })
})

test('a failure lists the closest journal entries', async () => {
  await createRepo({ name: 'api' })
  expect(() => expect(mock).toHaveReceived('repos_create', { body: { name: 'web' } })).toThrow(
    'Closest requests in the journal (1 in all):\n  #1 POST /v1/repos/acme/ repos_create 201 {"name":"api"}\n      ↳ name: expected "web", got "api"',
  )
})

test('toHaveReceivedInOrder passes in order and fails out of order', async () => {
  await createRepo({})
  await createRepo({ name: 'web' })
  expect(mock).toHaveReceivedInOrder([
    { operation: 'repos_create', status: 422 },
    { operation: 'repos_create', status: 201 },
  ])
  expect(() =>
    expect(mock).toHaveReceivedInOrder([
      { operation: 'repos_create', status: 201 },
      { operation: 'repos_create', status: 422 },
    ]),
  ).toThrow('No repos_create with status 422 after #2 POST /v1/repos/acme/ repos_create 201')
})
