/**
 * The key of each table's records: one definition for the database's indexes, the integrity
 * check and the check of a dataset before it is loaded.
 */
import type { Dataset } from './schemas.ts'

export const repoKey = (namespace: string, repository: string) => `${namespace}/${repository}`

/** A resource's key: family, scope and key within the scope (no family name has a colon). */
export const resourceKey = (family: string, scope: string, key: string) =>
  `${family}:${scope}:${key}`

/** The group of a family's records within one scope (what a list route shows). */
export const resourceGroup = (family: string, scope: string) => `${family}:${scope}`

/**
 * A privilege's key: a user's is `owner/repo/user` (as before teams and services had any), a
 * team's or service's carries its kind so a team never shadows a user of the same slug.
 */
export const privilegeKey = (
  namespace: string,
  repository: string,
  subject: string,
  kind: 'user' | 'team' | 'service' = 'user',
) => `${namespace}/${repository}/${kind === 'user' ? '' : `${kind}:`}${subject}`

type KeyOf<Name extends keyof Dataset> = (record: Dataset[Name][number]) => string

export const recordKeys: { [Name in keyof Dataset]: KeyOf<Name> } = {
  namespaces: (r) => r.slug,
  memberships: (r) => `${r.org}/${r.user}`,
  apiKeys: (r) => r.key,
  repoPrivileges: (r) => privilegeKey(r.namespace, r.repository, r.user, r.subject),
  repositories: (r) => repoKey(r.namespace, r.slug),
  packages: (r) => r.slug_perm,
  uploads: (r) => r.identifier,
  resources: (r) => resourceKey(r.family, r.scope, r.key),
}
