/**
 * What each group of the document is in the mock, for docs/operations.md and the README's
 * coverage section (both written by `npm run coverage:api -- --write-docs`). A group's helper
 * updates its line when it models the group; families describe themselves (family.ts).
 */
export interface GroupNote {
  /** What is modelled, one sentence. */
  modelled: string
  /** How its state relates to the rest of the mock. */
  relations: string
}

export const groupNotes: Readonly<Record<string, GroupNote>> = {
  repos: {
    modelled:
      'repositories (list, create, read, update, delete), privileges, upstreams of 20 formats, signing keys and certificates, GeoIP rules, retention, storage region',
    relations:
      'privileges are the records visibility reads (a grant opens a private repository, a PUT without it closes it); deleting a repository deletes its packages, uploads, privileges and resource records',
  },
  packages: {
    modelled:
      'list with the full search language, read, delete, copy, move, resync, tag, quarantine, status, upload and validate-upload of 29 formats, groups, dependencies (always empty), scan, license update',
    relations:
      'packages count toward their repository (package_count, size); uploads become packages; synchronisation plays out over polls or time',
  },
  files: {
    modelled: 'upload requests (create, validate, info, complete, abort) and the upload target',
    relations: 'an upload is consumed by one package upload',
  },
  user: {
    modelled:
      'the caller (user_self), its API keys (list, create, refresh) and login (POST /user/token/)',
    relations:
      'identity from API keys, Basic or Bearer credentials of the dataset; a refreshed key replaces the old one; login takes a user’s email with one of their API keys as password and answers that key',
  },
  rates: {
    modelled: 'the caller’s rate-limit window',
    relations: 'the same window every route counts',
  },
  status: { modelled: 'service status', relations: 'none' },
  namespaces: {
    modelled: 'namespaces the caller may see',
    relations: 'users and organisations of the dataset, memberships',
  },
  orgs: {
    modelled:
      'the caller’s organisations, members (list, read, role, visibility, remove, refresh), teams and team members, services, invitations, SAML settings and group sync, OpenID Connect providers, license, vulnerability and deny policies with evaluations and violations',
    relations:
      'members are the memberships the access rules read (a role change applies at once; removing a member removes their privileges and team places); a privilege granted to a team opens the repository to its members; deleting a team or service removes what was granted to it',
  },
  entitlements: {
    modelled:
      'entitlement tokens: list, create, read, partial update, delete, enable, disable, refresh, reset, sync, private broadcasts',
    relations:
      'an active token is a download credential for its repository’s files (in place of the download URL’s access segment, or `?token=`), private ones included; a refused one (disabled, past its limits, another repository’s) gets 401 `Invalid token.`; each download counts in the token’s `downloads` (metrics) and the package’s; deleted with its repository; token secrets are masked (`****abcd`) unless `?show_tokens=true`',
  },
  webhooks: {
    modelled: 'list, create, read, partial update, delete',
    relations: 'stored per repository, deleted with it; nothing is delivered (`num_sent` 0)',
  },
  users: {
    modelled: 'user profiles',
    relations: 'the dataset’s users (namespaces of kind User)',
  },
  quota: {
    modelled: 'quota and quota history, all repositories or open-source ones',
    relations:
      'computed on each request from the stored packages (storage: their sizes; bandwidth: downloads × size), so uploads, deletes and restores show at once',
  },
  metrics: {
    modelled: 'package and entitlement-token usage metrics',
    relations: 'from the packages’ and tokens’ download counts (the download route counts them)',
  },
  vulnerabilities: {
    modelled: 'scan results per namespace, repository and package; one scan read',
    relations: 'one derived scan per synchronised package (0–3 findings, same every run)',
  },
  'audit-log': {
    modelled: 'namespace and repository audit logs',
    relations:
      'the mock’s own successful writes, from its journal (a ring buffer: as long as it keeps)',
  },
  'recycle-bin': {
    modelled: 'list, restore, hard delete',
    relations:
      'a deleted package (packages_delete, bulk Delete) waits here with `deleted_at` until restored into its repository or hard-deleted (the newest 100 per repository are kept: the oldest are purged, so a long run stays flat); quota drops it meanwhile',
  },
  'bulk-action': {
    modelled: 'Delete, Quarantine, Unquarantine, Rescan over an owner’s packages',
    relations: 'Delete goes to the recycle bin; Resync, Move, Copy answer as failed per package',
  },
  badges: {
    modelled: 'package version badge (shields.io endpoint JSON)',
    relations: 'reads the repository’s packages',
  },
  broadcasts: {
    modelled: 'broadcast token for an entitlement token',
    relations: 'the entitlement token must exist in one of the organisation’s repositories',
  },
  distros: { modelled: 'distributions list and read', relations: 'a fixed catalogue' },
  formats: {
    modelled: 'formats list and read',
    relations: 'the 29 formats of the upload operations',
  },
  'storage-regions': {
    modelled: 'storage regions list and read',
    relations: 'the regions repos_transfer_region accepts',
  },
}

/** The note for a group the table has nothing on yet. */
export const PENDING_NOTE: GroupNote = {
  modelled: 'nothing yet: its operations answer 501',
  relations: 'none',
}
