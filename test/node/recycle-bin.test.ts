/**
 * Deleting a package puts it in the recycle bin, from where it can be restored or hard-deleted
 * (recycle-bin_list, recycle-bin_action: RecycleBinPackage, PackageRecycleBin in the OpenAPI
 * document); quota follows (computed from the stored packages); the audit log records the
 * writes (the mock's own journal). Through real fetch against the default dataset.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { RECYCLE_BIN_LIMIT } from '../../handlers/resources/recycle-bin/recycle-bin.ts'
import { call, OUTSIDER_KEY } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

interface Pkg {
  slug_perm: string
  size: number
  name: string
}
interface Quota {
  usage: { raw: { storage: { used: number; peak: number } } }
}
interface Binned {
  slug_perm: string
  repository: string
  action_by: string
}
interface Audit {
  event: string
  object: string
  object_slug_perm: string
  actor: string
}

const storage = async () => (await call<Quota>('GET', '/quota/acme/')).body.usage.raw.storage.used

describe('recycle bin', () => {
  it('keeps a deleted package, restores it, and quota follows each step', async () => {
    const [pkg] = (await call<Pkg[]>('GET', '/packages/acme/python-libs/')).body
    const before = await storage()
    expect((await call('DELETE', `/packages/acme/python-libs/${pkg!.slug_perm}/`)).status).toBe(204)
    expect(await storage()).toBe(before - pkg!.size)
    expect((await call('GET', `/packages/acme/python-libs/${pkg!.slug_perm}/`)).status).toBe(404)

    const bin = await call<Binned[]>('GET', '/recycle-bin/acme/?repository=python-libs')
    expect(bin.status).toBe(200)
    expect(bin.body).toEqual([
      expect.objectContaining({
        slug_perm: pkg!.slug_perm,
        repository: 'python-libs',
        action_by: 'demo',
      }),
    ])

    const restored = await call('POST', '/recycle-bin/acme/action/', {
      json: { action: 'restore', identifiers: [pkg!.slug_perm, 'nope'] },
    })
    expect(restored.body).toEqual({
      action: 'restore',
      packages_actioned: [pkg!.slug_perm],
      packages_failed_to_action: { nope: 'Not found in the recycle bin.' },
    })
    expect((await call('GET', `/packages/acme/python-libs/${pkg!.slug_perm}/`)).status).toBe(200)
    expect(await storage()).toBe(before)
    expect((await call<Binned[]>('GET', '/recycle-bin/acme/')).body).toEqual([])
  })

  // A peak is the highest usage since the start (quota_read's StorageAllocatedLimitRaw.peak).
  it('keeps the storage peak after a delete lowers the usage, until a reset', async () => {
    const [pkg] = (await call<Pkg[]>('GET', '/packages/acme/python-libs/')).body
    const before = (await call<Quota>('GET', '/quota/acme/')).body.usage.raw.storage
    expect(before.peak).toBe(before.used)
    await call('DELETE', `/packages/acme/python-libs/${pkg!.slug_perm}/`)
    const after = (await call<Quota>('GET', '/quota/acme/')).body.usage.raw.storage
    expect(after).toMatchObject({ used: before.used - pkg!.size, peak: before.used })
    mock.reset()
    await call('DELETE', `/packages/acme/python-libs/${pkg!.slug_perm}/`)
    const fresh = (await call<Quota>('GET', '/quota/acme/')).body.usage.raw.storage
    expect(fresh.peak).toBe(fresh.used)
  })

  it('hard-deletes for good', async () => {
    const [pkg] = (await call<Pkg[]>('GET', '/packages/acme/python-libs/')).body
    await call('DELETE', `/packages/acme/python-libs/${pkg!.slug_perm}/`)
    const gone = await call('POST', '/recycle-bin/acme/action/', {
      json: { action: 'hard_delete', identifiers: [pkg!.slug_perm] },
    })
    expect(gone.status).toBe(200)
    expect((await call<Binned[]>('GET', '/recycle-bin/acme/')).body).toEqual([])
    expect((await call('GET', `/packages/acme/python-libs/${pkg!.slug_perm}/`)).status).toBe(404)
  })

  it('is not shown to someone outside the namespace', async () => {
    expect((await call('GET', '/recycle-bin/acme/', { key: OUTSIDER_KEY })).status).toBe(404)
  })

  it('keeps the newest RECYCLE_BIN_LIMIT per repository, so a long run stays flat', async () => {
    // The mock's own bound (Cloudsmith purges its bin after a retention period; the mock's clock
    // may be frozen, so it bounds by count): docs/operations.md, recycle-bin.
    await mock.given.repository({ namespace: 'acme', name: 'churn' })
    const made = await mock.given.packages(RECYCLE_BIN_LIMIT + 5, { repository: 'acme/churn' })
    for (const pkg of made) await call('DELETE', `/packages/acme/churn/${pkg.slug_perm}/`)
    const bin = await call<Binned[]>('GET', '/recycle-bin/acme/?repository=churn&page_size=500')
    expect(bin.body).toHaveLength(RECYCLE_BIN_LIMIT)
    // The five deleted first are gone for good.
    const kept = new Set(bin.body.map((b) => b.slug_perm))
    expect(made.slice(0, 5).some((p) => kept.has(p.slug_perm!))).toBe(false)
    expect(made.slice(5).every((p) => kept.has(p.slug_perm!))).toBe(true)
  })
})

describe('audit log', () => {
  it('records each successful write, newest first, for the namespace and the repository', async () => {
    const [pkg] = (await call<Pkg[]>('GET', '/packages/acme/python-libs/')).body
    await call('DELETE', `/packages/acme/python-libs/${pkg!.slug_perm}/`)
    await call('POST', '/entitlements/acme/platform/', { json: { name: 'audited' } })
    await call('DELETE', '/packages/acme/python-libs/no-such-package/')
    const namespace = await call<Audit[]>('GET', '/audit-log/acme/')
    expect(namespace.status).toBe(200)
    expect(namespace.body.map((e) => e.event)).toEqual(['entitlements_create', 'packages_delete'])
    expect(namespace.body[0]).toMatchObject({ object: 'audited', actor: 'demo' })
    expect(namespace.body[0]!.object_slug_perm).not.toBe('')
    expect(namespace.body[1]).toMatchObject({
      object: pkg!.slug_perm,
      object_slug_perm: pkg!.slug_perm,
      actor: 'demo',
    })
    const repo = await call<Audit[]>('GET', '/audit-log/acme/python-libs/')
    expect(repo.body.map((e) => e.event)).toEqual(['packages_delete'])
  })

  // Every doc page and the CLI's base URL address the API as https://api.cloudsmith.io/v1/...
  it('records writes sent to /v1/ URLs, naming the object and its slug_perm', async () => {
    const created = await call<{ slug: string; slug_perm: string }>('POST', '/v1/repos/acme/', {
      json: { name: 'audited' },
    })
    expect(created.status).toBe(201)
    const log = await call<Audit[]>('GET', '/v1/audit-log/acme/')
    expect(log.body).toEqual([
      expect.objectContaining({
        event: 'repos_create',
        object: 'audited',
        object_slug_perm: created.body.slug_perm,
      }),
    ])
    expect(created.body.slug_perm).toMatch(/^[A-Za-z0-9]+$/)
    const repo = await call<Audit[]>('GET', '/v1/audit-log/acme/audited/')
    expect(repo.body.map((e) => e.event)).toEqual(['repos_create'])
  })
})
