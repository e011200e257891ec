/**
 * What the factories make, in every state their traits give, still validates against the
 * OpenAPI document when the API answers it (packages_read, packages_status, packages_list,
 * repos_read), and the factory's own answer is that same body.
 */
import { describe, expect, it } from 'vitest'
import { createMock, packageFormats, type GivenTrait } from '../../src/index.ts'
import { contractProblems } from './overrides.ts'
import { API, DEMO_KEY } from './requests.ts'

const mock = createMock({ preset: 'empty' })

async function read(operationId: string, path: string) {
  const response = await mock.handle(
    new Request(`${API}${path}`, { headers: { 'X-Api-Key': DEMO_KEY } }),
  )
  const json = (await response.json()) as Record<string, unknown>
  expect(contractProblems(operationId, response.status, json), operationId).toBeNull()
  return json
}

const states: GivenTrait<'package'>[][] = [
  [],
  ['quarantined'],
  ['syncFailed("Disk full.")'],
  ['syncing'],
  ['awaitingSync'],
  ['duplicate'],
  ['withTags(["beta"])', 'immutableTags'],
]

describe('factory records conform to the document', () => {
  it('a package of every format in every trait state', async () => {
    for (const type of ['private', 'public', 'openSource'] as const) {
      const repo = await mock.given.repository({ namespace: 'acme' }, type)
      expect(await read('repos_read', `/v1/repos/acme/${repo.slug}/`)).toEqual(repo)
    }
    await mock.given.repository({ namespace: 'acme', name: 'all' })
    for (const format of packageFormats)
      for (const traits of states) {
        const pkg = await mock.given.package({ repository: 'acme/all', format }, ...traits)
        expect(await read('packages_read', `/v1/packages/acme/all/${pkg.slug_perm}/`)).toEqual(pkg)
        await read('packages_status', `/v1/packages/acme/all/${pkg.slug_perm}/status/`)
      }
    await read('packages_list', '/v1/packages/acme/all/?page_size=500')
  })
})
