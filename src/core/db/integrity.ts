/**
 * Checks a whole dataset for what a crash or a race in a handler would leave behind: records that
 * point at nothing (a package in a deleted repository, a privilege on a missing one), indexes and
 * totals that disagree with the records (a repository's package_count), duplicate keys, and
 * prototype pollution from a `__proto__` key in a request. Used by the robustness tests and by the
 * standalone server's `GET /__mock/integrity`.
 */
import type { Database } from './database.ts'
import { recordKeys, repoKey } from './keys.ts'
import { isPlainObject } from './plain.ts'
import type { Dataset } from './schemas.ts'

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
  // By shape, not prototype identity: a dataset built in another realm (jest's VM context) is plain.
  return Array.isArray(value) || isPlainObject(value)
}

/** What the reference rules need of a table: a live one (Table) or a dataset about to load. */
interface Lookup<T> {
  get(key: string): T | undefined
  has(key: string): boolean
  all(): T[]
}
type Tables = { [Name in keyof Dataset]: Lookup<Dataset[Name][number]> }

interface Finding {
  table: keyof Dataset
  record: object
  /** The field that points at nothing (null: the record as a whole). */
  field: string | null
  /** Which record, as people name it (`package Ab3x`). */
  where: string
  message: string
}

/**
 * The rules between tables, for a live database and for a dataset alike: every reference names
 * a record that exists, package slugs are unique per repository, namespace and repository
 * slug_perms are unique, and each upload became at most one package (a torn save or a retried
 * upload would make two).
 */
function references(data: Tables, report: (finding: Finding) => void): void {
  const namespace = (slug: string) => data.namespaces.get(slug)
  const user = (slug: string) => namespace(slug)?.kind === 'User'

  for (const m of data.memberships.all()) {
    const where = `membership ${m.org}/${m.user}`
    const at = { table: 'memberships', record: m, where } as const
    if (namespace(m.org)?.kind !== 'Organization')
      report({ ...at, field: 'org', message: `no organisation "${m.org}"` })
    if (!user(m.user)) report({ ...at, field: 'user', message: `no user "${m.user}"` })
  }
  for (const key of data.apiKeys.all())
    if (!user(key.user))
      report({
        table: 'apiKeys',
        record: key,
        where: `API key ${key.slug_perm}`,
        field: 'user',
        message: `no user "${key.user}"`,
      })
  for (const p of data.repoPrivileges.all()) {
    const at = {
      table: 'repoPrivileges',
      record: p,
      where: `privilege ${p.namespace}/${p.repository}/${p.user}`,
    } as const
    if (!data.repositories.has(repoKey(p.namespace, p.repository)))
      report({
        ...at,
        field: 'repository',
        message: `no repository ${p.namespace}/${p.repository}`,
      })
    // Teams and services are checked where they are modelled (the orgs group).
    if ((p.subject ?? 'user') === 'user' && !user(p.user))
      report({ ...at, field: 'user', message: `no user "${p.user}"` })
  }
  for (const r of data.resources.all()) {
    const at = { table: 'resources', record: r, where: `${r.family} ${r.scope}/${r.key}` } as const
    const missing =
      r.scope_kind === 'repository'
        ? !data.repositories.has(r.scope)
        : r.scope_kind === 'namespace'
          ? !namespace(r.scope)
          : r.scope_kind === 'user'
            ? !user(r.scope)
            : r.scope !== ''
    if (missing) report({ ...at, field: 'scope', message: `no ${r.scope_kind} "${r.scope}"` })
    if (!plain(r) || !plain(r.data))
      report({ ...at, field: null, message: 'its prototype was replaced' })
  }
  // A slug_perm addresses its record wherever a slug does (handlers/access.ts): two records
  // with one would make that address ambiguous.
  const namespacePerms = new Map<string, string>()
  for (const ns of data.namespaces.all()) {
    const other = namespacePerms.get(ns.slug_perm)
    if (other !== undefined)
      report({
        table: 'namespaces',
        record: ns,
        where: `namespace ${ns.slug}`,
        field: 'slug_perm',
        message: `slug_perm "${ns.slug_perm}" is namespace ${other}'s too`,
      })
    namespacePerms.set(ns.slug_perm, ns.slug)
  }
  const repoPerms = new Map<string, string>()
  for (const repo of data.repositories.all()) {
    const at = {
      table: 'repositories',
      record: repo,
      where: `repository ${repo.namespace}/${repo.slug}`,
    } as const
    const other = repoPerms.get(repo.slug_perm)
    if (other !== undefined)
      report({
        ...at,
        field: 'slug_perm',
        message: `slug_perm "${repo.slug_perm}" is repository ${other}'s too`,
      })
    repoPerms.set(repo.slug_perm, repoKey(repo.namespace, repo.slug))
    if (!namespace(repo.namespace))
      report({ ...at, field: 'namespace', message: `no namespace "${repo.namespace}"` })
    if (!plain(repo) || !plain(repo.settings))
      report({ ...at, field: null, message: 'its prototype was replaced' })
  }

  const slugs = new Set<string>()
  const fromUpload = new Map<string, string>()
  for (const pkg of data.packages.all()) {
    const at = { table: 'packages', record: pkg, where: `package ${pkg.slug_perm}` } as const
    if (!data.repositories.has(repoKey(pkg.namespace, pkg.repository)))
      report({
        ...at,
        field: 'repository',
        message: `no repository ${pkg.namespace}/${pkg.repository}`,
      })
    const slug = `${repoKey(pkg.namespace, pkg.repository)}/${pkg.slug}`
    if (slugs.has(slug)) report({ ...at, field: 'slug', message: `slug ${slug} is used twice` })
    slugs.add(slug)
    if (pkg.upload) {
      const other = fromUpload.get(pkg.upload)
      if (other)
        report({
          ...at,
          field: 'upload',
          message: `upload ${pkg.upload} was consumed twice (package ${other} too)`,
        })
      fromUpload.set(pkg.upload, pkg.slug_perm)
      const upload = data.uploads.get(pkg.upload)
      if (upload && upload.state !== 'consumed')
        report({
          ...at,
          field: 'upload',
          message: `its upload ${pkg.upload} is ${upload.state}, not consumed`,
        })
    }
    if (!plain(pkg) || !plain(pkg.tags) || !plain(pkg.tags_immutable))
      report({ ...at, field: null, message: 'its prototype was replaced' })
  }
  for (const upload of data.uploads.all())
    if (!data.repositories.has(repoKey(upload.namespace, upload.repository)))
      report({
        table: 'uploads',
        record: upload,
        where: `upload ${upload.identifier}`,
        field: 'repository',
        message: `no repository ${upload.namespace}/${upload.repository}`,
      })
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
    ['resources', db.resources],
  ] as const)
    for (const problem of table.verify(name)) add(problem)

  references(db, (finding) => add(`${finding.where}: ${finding.message}`))
  for (const problem of pollution()) add(problem)
  return { ok: problems.length === 0, problems, counts: db.counts() }
}

/** A problem of a dataset, at its path from the dataset's root (`packages.3.repository`). */
export interface DatasetProblem {
  path: (string | number)[]
  message: string
}

/**
 * What would make a dataset unsound once loaded: two records with one key, and the reference
 * rules of checkIntegrity. At most MAX_PROBLEMS, in table order.
 * @example
 * datasetProblems(dataset) // [{ path: ['packages', 3, 'repository'], message: 'no repository acme/x' }]
 */
export function datasetProblems(dataset: Dataset): DatasetProblem[] {
  const problems: DatasetProblem[] = []
  const indexes = new Map<object, number>()
  const tables = {} as Record<keyof Dataset, Lookup<object>>
  for (const name of Object.keys(recordKeys) as (keyof Dataset)[]) {
    const keyOf = recordKeys[name] as (record: object) => string
    const byKey = new Map<string, object>()
    const firstAt = new Map<string, number>()
    const records = dataset[name] as object[]
    records.forEach((record, index) => {
      indexes.set(record, index)
      const key = keyOf(record)
      const first = firstAt.get(key)
      if (first !== undefined)
        problems.push({
          path: [name, index],
          message: `key "${key}" is used by ${name}.${first} too`,
        })
      else {
        firstAt.set(key, index)
        byKey.set(key, record)
      }
    })
    tables[name] = {
      get: (key) => byKey.get(key),
      has: (key) => byKey.has(key),
      all: () => records,
    }
  }
  references(tables as unknown as Tables, (finding) => {
    const path: (string | number)[] = [finding.table, indexes.get(finding.record)!]
    if (finding.field) path.push(finding.field)
    problems.push({ path, message: finding.message })
  })
  return problems.slice(0, MAX_PROBLEMS)
}
