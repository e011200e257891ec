/**
 * repo_retention_{read,partial_update} (RepositoryRetentionRules) and repos_transfer_region
 * (RepositoryTransferRegionRequest; the repository's `storage_region` shows the move).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

describe('retention', () => {
  const path = '/v1/repos/acme/platform/retention/'

  it('reads the defaults, then what was written', async () => {
    const before = await call<Record<string, unknown>>('GET', path)
    expect(before.status).toBe(200)
    expect(before.body.retention_enabled).toBe(false)
    const patched = await call<Record<string, unknown>>('PATCH', path, {
      json: { retention_enabled: true, retention_count_limit: 10 },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ retention_enabled: true, retention_count_limit: 10 })
    expect((await call('GET', path)).body).toEqual(patched.body)
  })

  it('422 with `fields` beyond the document’s limit (180 days)', async () => {
    const answer = await call<ErrorReply>('PATCH', path, { json: { retention_days_limit: 365 } })
    expect(answer.status).toBe(422)
    expect(answer.body.fields).toHaveProperty('retention_days_limit')
  })

  it('404 for a repository the caller cannot see', async () => {
    expect((await call('GET', path, { key: OUTSIDER_KEY })).status).toBe(404)
  })
})

describe('repos_transfer_region', () => {
  it('moves the repository: repos_read shows the new storage_region', async () => {
    const moved = await call('POST', '/v1/repos/acme/platform/transfer-region/', {
      json: { storage_region: 'eu-frankfurt' },
    })
    expect(moved.status).toBe(200)
    const repo = await call<{ storage_region: string }>('GET', '/v1/repos/acme/platform/')
    expect(repo.body.storage_region).toBe('eu-frankfurt')
  })

  it('422 for a region that does not exist', async () => {
    const answer = await call<ErrorReply>('POST', '/v1/repos/acme/platform/transfer-region/', {
      json: { storage_region: 'moon-base' },
    })
    expect(answer.status).toBe(422)
    expect(answer.body.fields?.storage_region?.[0]).toMatch(/not a valid choice/)
  })
})
