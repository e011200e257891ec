/**
 * Entitlement tokens through real fetch: CRUD and actions of the entitlements group, a token as
 * a download credential for its repository's private files (dl.cloudsmith.io takes the token
 * in place of the access segment, as the URLs the web app's "Set me up" shows for a token), and
 * the entitlement metrics counting those downloads. Shapes: RepositoryToken in the OpenAPI
 * document; default dataset: acme/platform is Private, demo owns acme.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const BASE = '/entitlements/acme/platform/'

interface Token {
  slug_perm: string
  name: string
  token: string
  is_active: boolean
  downloads: number
  access_private_broadcasts: boolean
}
interface Pkg {
  slug_perm: string
  downloads: number
  files: { cdn_url: string }[]
  is_downloadable: boolean
}

async function downloadable(): Promise<Pkg> {
  const list = await call<Pkg[]>('GET', '/packages/acme/platform/?page_size=100')
  const pkg = list.body.find((p) => p.is_downloadable && p.files.length)
  if (!pkg) throw new Error('no downloadable package in acme/platform')
  return pkg
}

describe('entitlement tokens', () => {
  it('lists the seeded tokens, secrets masked unless show_tokens=true', async () => {
    const masked = await call<Token[]>('GET', BASE)
    expect(masked.status).toBe(200)
    expect(masked.body.map((t) => t.name).sort()).toEqual(['Default', 'ci-pipeline'])
    expect(masked.body.find((t) => t.name === 'Default')!.token).toMatch(/^\*+\w{4}$/)
    const shown = await call<Token[]>('GET', `${BASE}?show_tokens=true`)
    expect(shown.body[0]!.token).toMatch(/^\w{16}$/)
  })

  it('creates, reads, updates, disables, refreshes and deletes a token', async () => {
    const created = await call<Token>('POST', `${BASE}?show_tokens=true`, {
      json: { name: 'partner' },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body).toMatchObject({ name: 'partner', is_active: true, downloads: 0 })
    const at = `${BASE}${created.body.slug_perm}/`
    expect((await call<Token>('PATCH', at, { json: { name: 'partner-eu' } })).body.name).toBe(
      'partner-eu',
    )
    expect((await call('POST', `${at}disable/`)).status).toBe(204)
    expect((await call<Token>('GET', at)).body.is_active).toBe(false)
    expect((await call('POST', `${at}enable/`)).status).toBe(204)
    const refreshed = await call<Token>('POST', `${at}refresh/?show_tokens=true`, { json: {} })
    expect(refreshed.status).toBe(200)
    expect(refreshed.body.token).not.toBe(created.body.token)
    const toggled = await call('POST', `${at}toggle-private-broadcasts/`, {
      json: { access_private_broadcasts: true },
    })
    expect(toggled.status).toBe(200)
    expect((await call<Token>('GET', at)).body.access_private_broadcasts).toBe(true)
    expect((await call('DELETE', at)).status).toBe(204)
    expect((await call<ErrorReply>('GET', at)).status).toBe(404)
  })

  it('is repository configuration: a reader of the repository gets no tokens', async () => {
    // outsider may read acme/releases (seeded Read privilege), not administer it.
    const read = await call('GET', '/entitlements/acme/releases/', { key: OUTSIDER_KEY })
    expect(read.status).toBe(403)
  })

  it('syncs the tokens of another repository of the owner', async () => {
    const synced = await call<{ tokens: Token[] }>('POST', '/entitlements/acme/releases/sync/', {
      json: { source: 'platform' },
    })
    expect(synced.status, JSON.stringify(synced.body)).toBe(200)
    expect(synced.body.tokens.map((t) => t.name).sort()).toEqual(['Default', 'ci-pipeline'])
    const listed = await call<Token[]>('GET', '/entitlements/acme/releases/')
    expect(listed.body.map((t) => t.name).sort()).toEqual(['Default', 'ci-pipeline'])
  })
})

/**
 * A token that was sent and refused gets what the API answers refused credentials (401 "Invalid
 * token.", DRF's AuthenticationFailed, as src/core/auth.ts answers a bad API key), not the
 * "not provided" of a request without any.
 */
async function refused(url: string): Promise<void> {
  const reply = await fetch(url)
  expect(reply.status).toBe(401)
  expect(await reply.json()).toEqual({ detail: 'Invalid token.' })
}

describe('a token as a download credential', () => {
  it('downloads a private file anonymously with the token in the path, and counts it', async () => {
    const pkg = await downloadable()
    const url = pkg.files[0]!.cdn_url
    const anonymous = await fetch(url)
    expect(anonymous.status).toBe(401)
    const tokens = await call<Token[]>('GET', `${BASE}?show_tokens=true`)
    const ci = tokens.body.find((t) => t.name === 'ci-pipeline')!
    const before = ci.downloads
    const withToken = await fetch(url.replace('/basic/', `/${ci.token}/`))
    expect(withToken.status).toBe(200)
    await withToken.arrayBuffer()
    const byQuery = await fetch(`${url}?token=${ci.token}`)
    expect(byQuery.status).toBe(200)
    await byQuery.arrayBuffer()
    const after = await call<Token>('GET', `${BASE}${ci.slug_perm}/`)
    expect(after.body.downloads).toBe(before + 2)
    const pkgAfter = await call<Pkg>('GET', `/packages/acme/platform/${pkg.slug_perm}/`)
    expect(pkgAfter.body.downloads).toBe(pkg.downloads + 2)
    const metrics = await call<{ tokens: { downloads: { total: { value: number } } } }>(
      'GET',
      `/metrics/entitlements/acme/platform/?tokens=${ci.slug_perm}`,
    )
    expect(metrics.status).toBe(200)
    expect(metrics.body.tokens.downloads.total.value).toBe(before + 2)
  })

  it('refuses a disabled token, a token of another repository and one past its download limit', async () => {
    const pkg = await downloadable()
    const url = pkg.files[0]!.cdn_url
    const tokens = await call<Token[]>('GET', `${BASE}?show_tokens=true`)
    const ci = tokens.body.find((t) => t.name === 'ci-pipeline')!
    await call('POST', `${BASE}${ci.slug_perm}/disable/`)
    await refused(url.replace('/basic/', `/${ci.token}/`))
    const other = await call<Token[]>('GET', '/entitlements/acme/releases/?show_tokens=true')
    await refused(`${url}?token=${other.body[0]!.token}`)
    const limited = await call<Token>('POST', `${BASE}?show_tokens=true`, {
      json: { name: 'once', limit_num_downloads: 1 },
    })
    const once = url.replace('/basic/', `/${limited.body.token}/`)
    const first = await fetch(once)
    await first.arrayBuffer()
    expect(first.status).toBe(200)
    await refused(once)
    const reset = await call('POST', `${BASE}${limited.body.slug_perm}/reset/`)
    expect(reset.status).toBe(204)
    const again = await fetch(once)
    await again.arrayBuffer()
    expect(again.status).toBe(200)
  })
})
