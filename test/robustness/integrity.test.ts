/**
 * checkIntegrity: passes on every preset as seeded, and finds each kind of damage a crash or a
 * race could leave, planted here by writing to the database or the records directly.
 */
import { describe, expect, it } from 'vitest'
import { buildDefaultDataset } from '../../fixtures/index.ts'
import { checkIntegrity, createMock, type CloudsmithMock } from '../../src/index.ts'

async function fresh(): Promise<CloudsmithMock> {
  const mock = createMock({ seed: 1 })
  await mock.ready()
  return mock
}

describe('checkIntegrity', () => {
  it.each(['empty', 'default'] as const)(
    'finds nothing wrong with the %s preset',
    async (preset) => {
      const mock = createMock({ seed: 3, preset })
      await mock.ready()
      const report = checkIntegrity(mock.db)
      expect(report.problems).toEqual([])
      expect(report.ok).toBe(true)
      expect(report.counts.namespaces).toBe(3)
    },
  )

  it('package in a repository that does not exist -> reported', async () => {
    const mock = await fresh()
    const [pkg] = buildDefaultDataset().packages
    await mock.db.packages.insert({ ...pkg!, slug_perm: 'orphan0001', repository: 'gone' })
    const report = checkIntegrity(mock.db)
    expect(report.ok).toBe(false)
    expect(report.problems).toContain('package orphan0001: no repository acme/gone')
  })

  it('privilege on a deleted repository, membership of a missing organisation -> reported', async () => {
    const mock = await fresh()
    await mock.db.repoPrivileges.insert({
      namespace: 'acme',
      repository: 'gone',
      user: 'outsider',
      privilege: 'Admin',
    })
    await mock.db.memberships.insert({ org: 'nowhere', user: 'demo', role: 'Owner' })
    expect(checkIntegrity(mock.db).problems).toEqual([
      'membership nowhere/demo: no organisation "nowhere"',
      'privilege acme/gone/outsider: no repository acme/gone',
    ])
  })

  it('two stored records under one key (a lost race) -> reported', async () => {
    const mock = await fresh()
    const repo = mock.db.repositories.get('acme/java')!
    await mock.db.repositories.collection.create({ ...repo, name: 'twin' })
    expect(checkIntegrity(mock.db).problems).toEqual([
      'repositories: two records with key "acme/java"',
    ])
  })

  it('two repositories with one slug_perm (either is addressed by it) -> reported', async () => {
    const mock = await fresh()
    const java = mock.db.repositories.get('acme/java')!
    await mock.db.repositories.insert({ ...java, slug: 'java-twin' })
    expect(checkIntegrity(mock.db).problems).toEqual([
      `repository acme/java-twin: slug_perm "${java.slug_perm}" is repository acme/java's too`,
    ])
  })

  it('a slug_perm index out of step with the records (changed behind the table) -> reported', async () => {
    const mock = await fresh()
    const java = mock.db.repositories.get('acme/java')!
    const old = java.slug_perm
    ;(java as { slug_perm: string }).slug_perm = 'renamed0001'
    expect(checkIntegrity(mock.db).problems).toEqual([
      'repositories: "acme/java" is not found by its alias "renamed0001"',
    ])
    ;(java as { slug_perm: string }).slug_perm = old
    expect(checkIntegrity(mock.db).ok).toBe(true)
  })

  it("a repository's package totals drifting from its packages -> reported", async () => {
    const mock = await fresh()
    const pkg = mock.db.packages.group('acme/java')[0]!
    // Changed in place, behind the table's back: the totals still hold the old size.
    ;(pkg as { size: number }).size += 1
    expect(checkIntegrity(mock.db).problems).toEqual([
      `packages: group "acme/java" size is ${sumOfSizes(mock) - 1}, records sum to ${sumOfSizes(mock)}`,
    ])
  })

  it('a polluted Object.prototype -> reported, and clean again once removed', async () => {
    const mock = await fresh()
    const prototype = Object.prototype as Record<string, unknown>
    try {
      prototype.polluted = true
      expect(checkIntegrity(mock.db).problems).toEqual([
        'Object.prototype.polluted was added',
        'plain objects inherit "polluted"',
      ])
    } finally {
      delete prototype.polluted
    }
    expect(checkIntegrity(mock.db).ok).toBe(true)
  })

  it('a record whose prototype a __proto__ key replaced -> reported', async () => {
    const mock = await fresh()
    Object.setPrototypeOf(mock.db.repositories.get('acme/java')!.settings, { injected: true })
    expect(checkIntegrity(mock.db).problems).toEqual([
      'repository acme/java: its prototype was replaced',
    ])
  })
})

function sumOfSizes(mock: CloudsmithMock): number {
  return mock.db.packages.group('acme/java').reduce((sum, pkg) => sum + pkg.size, 0)
}
