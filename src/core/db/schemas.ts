/**
 * The mock's data model: zod schemas are the one source of its types. Records hold what the
 * mock needs to answer like Cloudsmith; the API shapes (Repository, Package...) are derived
 * from them by the serializers in handlers/serialize.ts.
 */
import * as z from 'zod'

/**
 * Epoch ms a Date renders as a four-digit year (0000-01-01 to 9999-12-31): a time beyond it
 * would make every answer that shows the record a 500 (toISOString throws past ±8.64e15).
 */
export const timestamp = z
  .number()
  .min(-62_167_219_200_000, 'a time from year 0000 on (epoch ms)')
  .max(253_402_300_799_999, 'a time up to year 9999 (epoch ms)')

export const roles = ['Owner', 'Manager', 'Write', 'Read'] as const
export const repoPrivileges = ['Admin', 'Write', 'Read'] as const
export const repositoryTypes = ['Public', 'Private', 'Open-Source'] as const

export const namespaceSchema = z.object({
  slug: z.string().min(1),
  slug_perm: z.string().min(1),
  name: z.string(),
  kind: z.enum(['User', 'Organization']),
  email: z.string().nullable(),
})

export const membershipSchema = z.object({
  org: z.string(),
  user: z.string(),
  role: z.enum(roles),
})

export const apiKeySchema = z.object({
  key: z.string().min(1),
  user: z.string(),
  slug_perm: z.string(),
  created_at: timestamp,
})

/** Who a repository privilege is granted to (RepositoryPrivilegeDict: user, team or service). */
export const privilegeSubjects = ['user', 'team', 'service'] as const

export const repoPrivilegeSchema = z.object({
  namespace: z.string(),
  repository: z.string(),
  /** The subject's slug: a user, or with `subject` a team or service of the namespace. */
  user: z.string(),
  privilege: z.enum(repoPrivileges),
  /** Absent (as in older state files) means a user. */
  subject: z.enum(privilegeSubjects).optional(),
})

export const repositorySchema = z.object({
  namespace: z.string(),
  slug: z.string().min(1),
  slug_perm: z.string().min(1),
  name: z.string().min(1),
  description: z.string(),
  repository_type_str: z.enum(repositoryTypes),
  created_at: timestamp,
  num_downloads: z.number().int().nonnegative(),
  /** Writable settings from RepositoryCreateRequest/RepositoryRequestPatch, as sent. */
  settings: z.record(z.string(), z.unknown()),
  /**
   * When it was deleted to the recycle bin (epoch ms; absent or null: not deleted). A deleted
   * record is kept but answers 404 and leaves lists and totals (docs/factories.md).
   */
  deleted_at: timestamp.nullable().optional(),
})

export const packageFileSchema = z.object({
  slug_perm: z.string(),
  filename: z.string(),
  size: z.number().int().nonnegative(),
  is_primary: z.boolean(),
  /**
   * The file's digests, lower-case hex. Absent (seeded packages) when the file's content is the
   * one generated from its `slug_perm` and `size`: they are then that content's digests
   * (handlers/content.ts), worked out when first shown.
   */
  checksum_md5: z.string().optional(),
  checksum_sha1: z.string().optional(),
  checksum_sha256: z.string().optional(),
  checksum_sha512: z.string().optional(),
  /** The file's bytes, base64, when it was uploaded small enough to keep (handlers/content.ts). */
  content: z.string().optional(),
})

/** How a package's synchronisation plays out, step by step, as the client polls or time passes. */
export const syncPlanSchema = z.object({
  started_at: timestamp,
  steps: z.number().int().nonnegative().max(1000),
  /** Steps already taken by polls (time passing may take more, see handlers/sync.ts). */
  polled: z.number().int().nonnegative(),
  /**
   * Clock time from `started_at` to the end, ms, if the polls do not get there first (absent or
   * null, as in fixtures and older state files: `steps` × 5,000).
   */
  duration_ms: z.number().int().nonnegative().nullable().optional(),
  outcome: z.enum(['completed', 'failed', 'quarantined']),
  reason: z.string().nullable(),
})

export const packageSchema = z.object({
  slug_perm: z.string().min(1),
  slug: z.string().min(1),
  namespace: z.string(),
  repository: z.string(),
  name: z.string(),
  version: z.string().nullable(),
  format: z.string(),
  distribution: z.string().nullable(),
  filename: z.string(),
  size: z.number().int().nonnegative(),
  files: z.array(packageFileSchema),
  tags: z.record(z.string(), z.array(z.string())),
  tags_immutable: z.record(z.string(), z.array(z.string())),
  uploader: z.string(),
  uploaded_at: timestamp,
  description: z.string().nullable(),
  summary: z.string().nullable(),
  license: z.string().nullable(),
  downloads: z.number().int().nonnegative(),
  sync: syncPlanSchema,
  quarantined: z.boolean(),
  /** The upload it was made from (absent in fixtures and older state files): one package each. */
  upload: z.string().nullable().optional(),
  /** Maven's group ID, part of a maven package's identity (handlers/package-identity.ts). */
  group_id: z.string().nullable().optional(),
  /**
   * The slug_perm of the package replacing this one (republish, replace_packages_by_default):
   * this one is gone once that one's sync completes.
   */
  replaced_by: z.string().nullable().optional(),
  /**
   * Creation order among packages made at run time (set by the packages table's insert; absent in
   * fixtures): what sorts packages uploaded in the same clock instant.
   */
  created_seq: z.number().int().positive().optional(),
})

export const uploadSchema = z.object({
  identifier: z.string().min(1),
  namespace: z.string(),
  repository: z.string(),
  user: z.string(),
  filename: z.string(),
  method: z.string(),
  md5_checksum: z.string().nullable(),
  sha256_checksum: z.string().nullable(),
  created_at: timestamp,
  /** Bytes received so far (the mock keeps sizes and digests, not the content). */
  size: z.number().int().nonnegative(),
  parts: z.number().int().nonnegative(),
  state: z.enum(['pending', 'received', 'completed', 'consumed', 'aborted']),
  sha256: z.string().nullable(),
  /** MD5 of the bytes received (null for a multipart upload whose parts came out of order). */
  md5: z.string().nullable().optional(),
  /** SHA-1 and SHA-512 of the bytes received, like `md5` (absent in older state files). */
  sha1: z.string().nullable().optional(),
  sha512: z.string().nullable().optional(),
  /** The bytes, base64, when the file is small enough to keep (handlers/content.ts). */
  content: z.string().nullable().optional(),
})

/** Where a generic resource belongs: what its `scope` names. */
export const resourceScopes = ['global', 'namespace', 'repository', 'user'] as const

/**
 * A record of a table-driven resource family (handlers/resources/): an upstream, a repository's
 * GPG key, its GeoIP rules, an entitlement token... One table holds every family; `family`
 * names the definition that serves it, `scope` the record it hangs off (a repository as
 * `owner/slug`, a namespace or user slug, '' for global), `key` its identifier within the scope
 * (a slug_perm; 'default' for a family with one record per scope). `data` holds the API fields
 * the record has of its own (written, or seeded); what the API shows besides is derived from
 * the operation's response schema when answering.
 */
export const resourceSchema = z.object({
  family: z.string().regex(/^[a-z0-9][-a-z0-9_.]*$/, 'a family name (lower case, no colon)'),
  scope_kind: z.enum(resourceScopes),
  scope: z.string(),
  key: z.string().min(1),
  /** Creation order (set by the table's insert; seeded records may leave it out). */
  created_seq: z.number().int().positive().optional(),
  data: z.record(z.string(), z.unknown()),
})

export type Namespace = z.infer<typeof namespaceSchema>
export type Membership = z.infer<typeof membershipSchema>
export type ApiKey = z.infer<typeof apiKeySchema>
export type RepoPrivilege = z.infer<typeof repoPrivilegeSchema>
export type RepositoryRecord = z.infer<typeof repositorySchema>
export type PackageFileRecord = z.infer<typeof packageFileSchema>
export type SyncPlan = z.infer<typeof syncPlanSchema>
export type PackageRecord = z.infer<typeof packageSchema>
export type UploadRecord = z.infer<typeof uploadSchema>
export type ResourceRecord = z.infer<typeof resourceSchema>
export type ResourceScope = (typeof resourceScopes)[number]
export type PrivilegeSubject = (typeof privilegeSubjects)[number]
export type Role = (typeof roles)[number]
export type RepoPrivilegeLevel = (typeof repoPrivileges)[number]
export type RepositoryType = (typeof repositoryTypes)[number]

/** A whole dataset as plain data: what fixtures build, what `--persist` writes, what reset restores. */
export const datasetSchema = z.object({
  namespaces: z.array(namespaceSchema),
  memberships: z.array(membershipSchema),
  apiKeys: z.array(apiKeySchema),
  repoPrivileges: z.array(repoPrivilegeSchema),
  repositories: z.array(repositorySchema),
  packages: z.array(packageSchema),
  uploads: z.array(uploadSchema),
  /** Generic resource families (parseDataset loads a dataset saved before them as empty). */
  resources: z.array(resourceSchema),
})

export type Dataset = z.infer<typeof datasetSchema>
