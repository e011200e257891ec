/**
 * The mock's database: one indexed @msw/data collection per entity. `snapshot()` and
 * `restore()` move whole datasets in and out (fixtures, reset, --persist).
 */
import {
  apiKeySchema,
  datasetSchema,
  membershipSchema,
  namespaceSchema,
  packageSchema,
  repoPrivilegeSchema,
  repositorySchema,
  resourceSchema,
  uploadSchema,
  type Dataset,
} from './schemas.ts'
import { Table } from './table.ts'
import * as z from 'zod'
import { datasetProblems } from './integrity.ts'
import { recordKeys as keys, repoKey, resourceGroup } from './keys.ts'

export { repoKey }

export function createDatabase() {
  const tables = {
    namespaces: new Table(namespaceSchema, keys.namespaces, { aliasOf: (r) => r.slug_perm }),
    memberships: new Table(membershipSchema, keys.memberships, { groupOf: (r) => r.user }),
    apiKeys: new Table(apiKeySchema, keys.apiKeys),
    // Grouped by who holds them: a user's own slug, a team's or service's with its kind.
    repoPrivileges: new Table(repoPrivilegeSchema, keys.repoPrivileges, {
      groupOf: (r) => (r.subject && r.subject !== 'user' ? `${r.subject}:${r.user}` : r.user),
    }),
    repositories: new Table(repositorySchema, keys.repositories, {
      groupOf: (r) => r.namespace,
      aliasOf: (r) => r.slug_perm,
    }),
    packages: new Table(packageSchema, keys.packages, {
      groupOf: (r) => repoKey(r.namespace, r.repository),
      // Repository totals (package_count, size, num_quarantined_packages) read these.
      measure: (r) => ({ count: 1, size: r.size, quarantined: r.quarantined ? 1 : 0 }),
      sequenceField: 'created_seq',
    }),
    // Grouped by repository: deleting one takes its uploads without scanning them all.
    uploads: new Table(uploadSchema, keys.uploads, {
      groupOf: (r) => repoKey(r.namespace, r.repository),
    }),
    // Every table-driven resource family (handlers/resources/), grouped per family and scope.
    resources: new Table(resourceSchema, keys.resources, {
      groupOf: (r) => resourceGroup(r.family, r.scope),
      sequenceField: 'created_seq',
    }),
  }
  type Name = keyof typeof tables
  const names = Object.keys(tables) as Name[]

  return {
    ...tables,
    /** Finds a package in a repository by its slug_perm or, as the CLI does, by its slug. */
    findPackage(namespace: string, repository: string, identifier: string) {
      const byPerm = tables.packages.get(identifier)
      if (byPerm && byPerm.namespace === namespace && byPerm.repository === repository)
        return byPerm
      return tables.packages
        .group(repoKey(namespace, repository))
        .find((p) => p.slug === identifier)
    },
    /**
     * A namespace by its slug or, as the API also accepts (the Terraform provider may keep an
     * organisation's slug_perm as its `namespace`), by its slug_perm. The slug wins should one
     * namespace's slug be another's slug_perm. O(1).
     * @example
     * db.findNamespace('acme')?.slug // 'acme'; db.findNamespace(acme.slug_perm)?.slug too
     */
    findNamespace(identifier: string) {
      return tables.namespaces.get(identifier) ?? tables.namespaces.byAlias(identifier)
    },
    /**
     * A repository of a namespace (its canonical slug) by the repository's slug or slug_perm:
     * the Terraform provider keeps the slug_perm as a repository's id and reads, updates and
     * deletes it by that. A slug_perm of another namespace's repository finds nothing; a slug
     * wins over a slug_perm equal to it (the slug is the documented form). O(1).
     * @example
     * db.findRepository('acme', 'releases')?.slug // 'releases'; by its slug_perm too
     */
    findRepository(namespace: string, identifier: string) {
      const bySlug = tables.repositories.get(repoKey(namespace, identifier))
      if (bySlug) return bySlug
      const byPerm = tables.repositories.byAlias(identifier)
      return byPerm?.namespace === namespace ? byPerm : undefined
    },
    snapshot(): Dataset {
      const out = {} as Record<Name, unknown[]>
      for (const name of names) out[name] = tables[name].toJSON()
      return out as Dataset
    },
    /**
     * Loads a whole dataset (start-up, --persist); it becomes the baseline for rollback().
     * `trusted`: the dataset passed parseDataset or was built by the fixtures, so records are
     * stored without parsing them again (see Table.replaceAll). `lazy` (with `trusted`): the
     * dataset is the database's to keep (nobody else holds it), so each table stores its
     * records on first use.
     */
    async restore(
      dataset: Dataset,
      options: { trusted?: boolean; lazy?: boolean } = {},
    ): Promise<void> {
      for (const name of names)
        // A dataset saved before a table existed (resources) loads it empty.
        await (tables[name] as unknown as Table<z.ZodObject>).replaceAll(
          (dataset[name] ?? []) as never[],
          options,
        )
    },
    /** Undoes every write since the baseline: what reset() does, at the cost of the writes made. */
    async rollback(): Promise<void> {
      for (const name of names) await tables[name].rollback()
    },
    /** Makes the current data the baseline. */
    commit(): void {
      for (const name of names) tables[name].commit()
    },
    /**
     * The records changed since the last call, per table (see Table.takeChanges): --persist
     * appends these to its log. `replaced`: a table was loaded anew (or this is the first call),
     * so only a whole snapshot says what the data is.
     */
    takeChanges() {
      let replaced = false
      const changes: Partial<Record<Name, [string, unknown][]>> = {}
      for (const name of names) {
        const taken = tables[name].takeChanges()
        replaced ||= taken.replaced
        if (taken.records.length) changes[name] = taken.records
      }
      return { replaced, changes }
    },
    /**
     * Counts every change to any table: equal before and after a write means the write changed
     * no data (a status poll of a finished sync), so --persist has nothing to save for it.
     */
    version(): number {
      let sum = 0
      for (const name of names) sum += tables[name].version
      return sum
    },
    counts(): Record<Name, number> {
      const out = {} as Record<Name, number>
      for (const name of names) out[name] = tables[name].size
      return out
    },
  }
}

export type Database = ReturnType<typeof createDatabase>

/**
 * Validates a dataset from outside (a config file, a persisted state) before it is loaded. Record
 * by record, returning the records as given: loading parses each record again as it stores it,
 * so a parsed copy of the whole dataset only doubled the memory of a large load (100,000
 * packages, bench/RESULTS.md). Then the whole: unique keys, no record pointing at nothing (the
 * integrity check's rules, src/core/db/integrity.ts). Errors are one ZodError, with paths from
 * the dataset's root (`packages.3.repository`).
 */
export function parseDataset(input: unknown): Dataset {
  const tables = datasetShape.parse(input)
  for (const [name, records] of Object.entries(tables)) {
    const schema = datasetSchema.shape[name as keyof Dataset].element
    for (let index = 0; index < records.length; index++) {
      const result = schema.safeParse(records[index])
      if (!result.success)
        throw new z.ZodError(
          result.error.issues.map((issue) => ({ ...issue, path: [name, index, ...issue.path] })),
        )
    }
  }
  const problems = datasetProblems(tables as Dataset)
  if (problems.length)
    throw new z.ZodError(
      problems.map(({ path, message }) => ({ code: 'custom', path, message, input: undefined })),
    )
  return tables as Dataset
}

/** The dataset's tables as lists, records not yet looked at. */
const datasetShape = z.object(
  Object.fromEntries(
    Object.keys(datasetSchema.shape).map((name) => [
      name,
      // State files written before resource families existed have no `resources`.
      name === 'resources' ? z.array(z.unknown()).default([]) : z.array(z.unknown()),
    ]),
  ) as Record<keyof Dataset, z.ZodArray<z.ZodUnknown>>,
)
