/**
 * Checks a whole dataset for what a crash or a race in a handler would leave behind: records that
 * point at nothing (a package in a deleted repository, a privilege on a missing one), indexes and
 * totals that disagree with the records (a repository's package_count), duplicate keys, and
 * prototype pollution from a `__proto__` key in a request. Used by the robustness tests and by the
 * standalone server's `GET /__mock/integrity`.
 */
import { repoKey, type Database } from './database.ts'

export interface IntegrityReport {
  ok: boolean
  /** What is wrong, one finding per line (at most MAX_PROBLEMS). */
  problems: string[]
  /** Records per table, as checked. */
  counts: Record<string, number>
}

const MAX_PROBLEMS = 100

/** What the global prototypes held when the mock was loaded: a request must never change them. */
const prototypes: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
]
const baseline = new Map(
  prototypes.map(([name, target]) => [name, new Map(ownValues(target))] as const),
)

function ownValues(target: object): [PropertyKey, unknown][] {
  return Reflect.ownKeys(target).map((key) => {
    const descriptor = Object.getOwnPropertyDescriptor(target, key)!
    return [key, 'value' in descriptor ? descriptor.value : descriptor.get]
  })
}

function pollution(): string[] {
  const problems: string[] = []
  for (const [name, target] of prototypes) {
    const before = baseline.get(name)!
    const now = new Map(ownValues(target))
    for (const [key, value] of now)
      if (!before.has(key)) problems.push(`${name}.${String(key)} was added`)
      else if (before.get(key) !== value) problems.push(`${name}.${String(key)} was replaced`)
    for (const key of before.keys())
      if (!now.has(key)) problems.push(`${name}.${String(key)} was deleted`)
  }
  // Inherited enumerable keys show up in every for-in over a plain object.
  for (const key in {}) problems.push(`plain objects inherit "${key}"`)
  return problems
}

/** A record (or a map inside one) whose prototype a `__proto__` key replaced. */
function plain(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null || proto === Array.prototype
}

/**
 * Checks every table and every reference between them.
 * @example
 * const report = checkIntegrity(mock.db)
 * if (!report.ok) throw new Error(report.problems.join('\n'))
 */
export function checkIntegrity(db: Database): IntegrityReport {
  const problems: string[] = []
  const add = (problem: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem)
  }

  for (const [name, table] of [
    ['namespaces', db.namespaces],
    ['memberships', db.memberships],
    ['apiKeys', db.apiKeys],
    ['repoPrivileges', db.repoPrivileges],
    ['repositories', db.repositories],
    ['packages', db.packages],
    ['uploads', db.uploads],
  ] as const)
    for (const problem of table.verify(name)) add(problem)

  const namespace = (slug: string) => db.namespaces.get(slug)
  const user = (slug: string) => namespace(slug)?.kind === 'User'

  for (const m of db.memberships.all()) {
    if (namespace(m.org)?.kind !== 'Organization')
      add(`membership ${m.org}/${m.user}: no organisation "${m.org}"`)
    if (!user(m.user)) add(`membership ${m.org}/${m.user}: no user "${m.user}"`)
  }
  for (const key of db.apiKeys.all())
    if (!user(key.user)) add(`API key ${key.slug_perm}: no user "${key.user}"`)
  for (const p of db.repoPrivileges.all()) {
    const where = `privilege ${p.namespace}/${p.repository}/${p.user}`
    if (!db.repositories.has(repoKey(p.namespace, p.repository)))
      add(`${where}: no repository ${p.namespace}/${p.repository}`)
    if (!user(p.user)) add(`${where}: no user "${p.user}"`)
  }
  for (const repo of db.repositories.all()) {
    if (!namespace(repo.namespace))
      add(`repository ${repo.namespace}/${repo.slug}: no namespace "${repo.namespace}"`)
    if (!plain(repo) || !plain(repo.settings))
      add(`repository ${repo.namespace}/${repo.slug}: its prototype was replaced`)
  }

  const slugs = new Set<string>()
  for (const pkg of db.packages.all()) {
    const where = `package ${pkg.slug_perm}`
    if (!db.repositories.has(repoKey(pkg.namespace, pkg.repository)))
      add(`${where}: no repository ${pkg.namespace}/${pkg.repository}`)
    const slug = `${repoKey(pkg.namespace, pkg.repository)}/${pkg.slug}`
    if (slugs.has(slug)) add(`${where}: slug ${slug} is used twice`)
    slugs.add(slug)
    if (!plain(pkg) || !plain(pkg.tags) || !plain(pkg.tags_immutable))
      add(`${where}: its prototype was replaced`)
  }
  for (const upload of db.uploads.all())
    if (!db.repositories.has(repoKey(upload.namespace, upload.repository)))
      add(`upload ${upload.identifier}: no repository ${upload.namespace}/${upload.repository}`)

  for (const problem of pollution()) add(problem)
  return { ok: problems.length === 0, problems, counts: db.counts() }
}
