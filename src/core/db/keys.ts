/**
 * The key of each table's records: one definition for the database's indexes, the integrity
 * check and the check of a dataset before it is loaded.
 */
import type { Dataset } from './schemas.ts'

export const repoKey = (namespace: string, repository: string) => `${namespace}/${repository}`

type KeyOf<Name extends keyof Dataset> = (record: Dataset[Name][number]) => string

export const recordKeys: { [Name in keyof Dataset]: KeyOf<Name> } = {
  namespaces: (r) => r.slug,
  memberships: (r) => `${r.org}/${r.user}`,
  apiKeys: (r) => r.key,
  repoPrivileges: (r) => `${r.namespace}/${r.repository}/${r.user}`,
  repositories: (r) => repoKey(r.namespace, r.slug),
  packages: (r) => r.slug_perm,
  uploads: (r) => r.identifier,
}
