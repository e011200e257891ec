/**
 * repos_{gpg,rsa,ecdsa}_{list,create,regenerate} and repos_x509_{rsa,ecdsa}_list: one key per
 * repository and kind (the document's "list" answers the one object, RepositoryGpgKey...).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { call, OUTSIDER_KEY } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

interface Key {
  active: boolean
  default: boolean
  fingerprint: string
  fingerprint_short: string
  public_key: string
}

describe.each(['gpg', 'rsa', 'ecdsa'])('%s key', (kind) => {
  const base = `/v1/repos/acme/platform/${kind}/`

  it('every repository has one, the same on every read', async () => {
    const first = await call<Key>('GET', base)
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({ active: true, default: true })
    expect(first.body.fingerprint).toMatch(/^[0-9A-F]{40}$/)
    expect(first.body.fingerprint.endsWith(first.body.fingerprint_short)).toBe(true)
    expect((await call<Key>('GET', base)).body).toEqual(first.body)
    const other = await call<Key>('GET', `/v1/repos/acme/releases/${kind}/`)
    expect(other.body.fingerprint).not.toBe(first.body.fingerprint)
  })

  it('regenerate gives a new key, which the list then shows', async () => {
    const before = await call<Key>('GET', base)
    const regenerated = await call<Key>('POST', `${base}regenerate/`)
    expect(regenerated.status).toBe(200)
    expect(regenerated.body.fingerprint).not.toBe(before.body.fingerprint)
    expect((await call<Key>('GET', base)).body).toEqual(regenerated.body)
  })

  it('create sets your own key: no longer the default one', async () => {
    const created = await call<Key>('POST', base, {
      json: { [`${kind}_private_key`]: `my ${kind} private key` },
    })
    expect(created.status).toBe(201)
    expect(created.body.default).toBe(false)
    expect(JSON.stringify(created.body)).not.toContain('private key')
  })

  it('regenerating needs admin: a reader gets 403', async () => {
    const answer = await call('POST', `/v1/repos/acme/releases/${kind}/regenerate/`, {
      key: OUTSIDER_KEY,
    })
    expect(answer.status).toBe(403)
  })
})

describe.each(['rsa', 'ecdsa'])('x509 %s certificate', (kind) => {
  it('follows the repository’s key: regenerating it changes the certificate', async () => {
    const path = `/v1/repos/acme/platform/x509-${kind}/`
    const before = await call<{ certificate_fingerprint: string; issuing_status: string }>(
      'GET',
      path,
    )
    expect(before.status).toBe(200)
    expect(before.body.issuing_status).toBe('Certificate successfully issued')
    await call('POST', `/v1/repos/acme/platform/${kind}/regenerate/`)
    const after = await call<{ certificate_fingerprint: string }>('GET', path)
    expect(after.body.certificate_fingerprint).not.toBe(before.body.certificate_fingerprint)
  })
})
