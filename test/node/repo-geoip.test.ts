/**
 * repos_geoip_{read,update,partial_update,enable,disable,test} and api_repos_geoip_status:
 * RepositoryGeoIpRules, RepositoryGeoIpStatus, RepositoryGeoIpTestAddressResponse
 * (spec/openapi.json). The mock evaluates CIDR rules; it has no country database.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const RELEASES = '/v1/repos/acme/releases/geoip'
const PLATFORM = '/v1/repos/acme/platform/geoip'

interface TestAnswer {
  addresses: { ip_address: string; allowed: boolean; country_code: string | null; reason: string }[]
}

describe('rules', () => {
  it('acme/releases is seeded with rules, enabled', async () => {
    const rules = await call('GET', RELEASES)
    expect(rules.status).toBe(200)
    expect(rules.body).toEqual({
      cidr: { allow: ['203.0.113.0/24'], deny: ['203.0.113.66/32'] },
      country_code: { allow: ['DE', 'FR', 'IE'], deny: [] },
    })
    expect((await call('GET', `${RELEASES}/status/`)).body).toEqual({ geoip_enabled: true })
  })

  it('a repository without rules shows empty ones, disabled', async () => {
    expect((await call('GET', PLATFORM)).body).toEqual({
      cidr: { allow: [], deny: [] },
      country_code: { allow: [], deny: [] },
    })
    expect((await call('GET', `${PLATFORM}/status/`)).body).toEqual({ geoip_enabled: false })
  })

  it('PUT replaces, PATCH changes part', async () => {
    const rules = {
      cidr: { allow: ['10.0.0.0/8'], deny: [] },
      country_code: { allow: [], deny: ['XX'] },
    }
    expect((await call('PUT', PLATFORM, { json: rules })).body).toEqual(rules)
    const patched = await call('PATCH', PLATFORM, {
      json: { cidr: { allow: [], deny: ['10.1.0.0/16'] } },
    })
    expect(patched.body).toEqual({ ...rules, cidr: { allow: [], deny: ['10.1.0.0/16'] } })
    expect((await call('GET', PLATFORM)).body).toEqual(patched.body)
  })

  it('enable and disable show in the status', async () => {
    expect((await call('POST', `${PLATFORM}/enable/`, { json: {} })).status).toBe(200)
    expect((await call('GET', `${PLATFORM}/status/`)).body).toEqual({ geoip_enabled: true })
    await call('POST', `${PLATFORM}/disable/`, { json: {} })
    expect((await call('GET', `${PLATFORM}/status/`)).body).toEqual({ geoip_enabled: false })
  })

  it('is for the repository’s admins', async () => {
    expect((await call('GET', RELEASES, { key: OUTSIDER_KEY })).status).toBe(403)
  })
})

describe('repos_geoip_test', () => {
  it('evaluates addresses against the CIDR rules', async () => {
    const answer = await call<TestAnswer>('POST', `${RELEASES}/test/`, {
      json: { addresses: ['203.0.113.5', '203.0.113.66', '198.51.100.1'] },
    })
    expect(answer.status).toBe(201)
    expect(answer.body.addresses.map((a) => [a.ip_address, a.allowed])).toEqual([
      ['203.0.113.5', true],
      ['203.0.113.66', false],
      ['198.51.100.1', false],
    ])
    expect(answer.body.addresses[1]!.reason).toMatch(/203\.0\.113\.66\/32/)
  })

  it('422 for an address that is not one', async () => {
    const answer = await call<ErrorReply>('POST', `${RELEASES}/test/`, {
      json: { addresses: ['not-an-ip'] },
    })
    expect(answer.status).toBe(422)
    expect(answer.body.fields?.addresses?.[0]).toMatch(/not a valid IPv4 address/)
  })
})
