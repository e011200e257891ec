/**
 * checkIntegrity: passes on every preset as seeded, and finds each kind of damage a crash or a
 * race could leave, planted here by writing to the database or to a table's own indexes (stored
 * records are frozen: an edit in place throws instead).
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

  it('a slug_perm index out of step with the records (a table bug) -> reported', async () => {
    const mock = await fresh()
    const java = mock.db.repositories.get('acme/java')!
    // Stored records are frozen: the edit in place that once put the index out of step throws.
    expect(() => {
      ;(java as { slug_perm: string }).slug_perm = 'renamed0001'
    }).toThrow(TypeError)
    expect(checkIntegrity(mock.db).ok).toBe(true)
    // What a bug in the table's own bookkeeping would leave: the alias pointing elsewhere.
    const aliases = internals(mock.db.repositories).aliases
    aliases.delete(java.slug_perm)
    expect(checkIntegrity(mock.db).problems).toEqual([
      `repositories: "acme/java" is not found by its alias "${java.slug_perm}"`,
    ])
  })

  it("a repository's package totals drifting from its packages -> reported", async () => {
    const mock = await fresh()
    const pkg = mock.db.packages.group('acme/java')[0]!
    expect(() => {
      ;(pkg as { size: number }).size += 1
    }).toThrow(TypeError)
    // A table bug: the totals no longer the sum of the records.
    const totals = internals(mock.db.packages).groups.totals.get('acme/java')!
    totals.size! -= 1
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
    const java = mock.db.repositories.get('acme/java')!
    // A stored record's prototype cannot be replaced any more (frozen)...
    expect(() => Object.setPrototypeOf(java.settings, { injected: true })).toThrow(TypeError)
    // ...but a record stored by a table bug with a polluted one is still found.
    const settings = Object.setPrototypeOf({}, { injected: true }) as Record<string, unknown>
    const planted = { ...java, settings }
    internals(mock.db.repositories).byKey.set('acme/java', planted)
    internals(mock.db.repositories).aliases.set(java.slug_perm, planted)
    expect(checkIntegrity(mock.db).problems).toEqual([
      'repository acme/java: its prototype was replaced',
    ])
  })
})

/** A table's private indexes, to plant the damage a bug in the table itself would leave. */
function internals(table: object) {
  return table as unknown as {
    aliases: Map<string, unknown>
    byKey: Map<string, unknown>
    groups: { totals: Map<string, Record<string, number>> }
  }
}

function sumOfSizes(mock: CloudsmithMock): number {
  return mock.db.packages.group('acme/java').reduce((sum, pkg) => sum + pkg.size, 0)
}
