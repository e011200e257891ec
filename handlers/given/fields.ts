/**
 * The fields each factory takes, as zod schemas: the one source of their types (the editor
 * completes them) and of the errors a bad field gets (src/core/options.ts' wording: the field,
 * what it accepts, a "did you mean" for a misspelt name). Every field is optional.
 */
import * as z from 'zod'
import { repoPrivileges, repositoryTypes, roles } from '../../src/core/db/schemas.ts'
import { packageFormats } from '../../src/core/openapi/index.ts'
import { accepting, timeSchema } from '../../src/core/options.ts'
import { upstreamFormats } from '../resources/repos/upstreams.ts'

/** RepositoryWebhookRequest.events' values (the document's enum). */
export const webhookEvents = [
  '*',
  'package.created',
  'package.deleted',
  'package.downloaded',
  'package.failed',
  'package.quarantined',
  'package.released',
  'package.restored',
  'package.security_scanned',
  'package.synced',
  'package.syncing',
  'package.tags_updated',
] as const

const slug = accepting(
  z.string().regex(/^[-a-zA-Z0-9_]+$/),
  'letters, numbers, underscores or hyphens',
)
const text = z.string()
const count = accepting(z.number().int().min(0), 'a whole number >= 0')
const user = accepting(z.string().min(1), 'the slug of a user')
const repository = accepting(
  z.string().regex(/^[-a-zA-Z0-9_]+(\/[-a-zA-Z0-9_]+)?$/),
  'a repository as "namespace/slug" (or its slug, with `namespace`)',
)

export const namespaceFields = z
  .object({
    slug: slug.optional(),
    name: text.optional(),
    /** `Organization` (default) or `User`. */
    kind: z.enum(['Organization', 'User']).optional(),
    email: text.nullable().optional(),
  })
  .strict()

export const userFields = z
  .object({
    /** The user's slug (their namespace); default: a seeded user name. */
    slug: slug.optional(),
    name: text.optional(),
    email: text.optional(),
    /** The user's API key; default: `<slug>-api-key`. */
    apiKey: accepting(z.string().min(1), 'a non-empty text').optional(),
  })
  .strict()

export const apiKeyFields = z
  .object({
    user: user.optional(),
    key: accepting(z.string().min(1), 'a non-empty text').optional(),
  })
  .strict()

export const membershipFields = z
  .object({
    org: slug.optional(),
    user: user.optional(),
    role: z.enum(roles).optional(),
  })
  .strict()

export const repositoryFields = z
  .object({
    namespace: slug.optional(),
    name: accepting(z.string().min(1), 'a non-empty text').optional(),
    slug: slug.optional(),
    description: text.optional(),
    repository_type_str: z.enum(repositoryTypes).optional(),
    created_at: timeSchema.optional(),
    num_downloads: count.optional(),
    /** Writable settings of RepositoryCreateRequest (`replace_packages_by_default`...). */
    settings: z.record(z.string(), z.unknown()).optional(),
  })
  .strict()

export const packageFields = z
  .object({
    /** `namespace/slug`; default: a new repository. */
    repository: repository.optional(),
    namespace: slug.optional(),
    format: z.enum(packageFormats).optional(),
    name: accepting(z.string().min(1), 'a non-empty text').optional(),
    version: text.nullable().optional(),
    /** The primary file's name; name and version are read from it when not given. */
    filename: accepting(z.string().min(1), 'a non-empty file name').optional(),
    distribution: text.nullable().optional(),
    group_id: text.nullable().optional(),
    /** Bytes. */
    size: count.optional(),
    uploader: user.optional(),
    uploaded_at: timeSchema.optional(),
    description: text.nullable().optional(),
    summary: text.nullable().optional(),
    license: text.nullable().optional(),
    downloads: count.optional(),
    /** Tags: a list (type `info`) or by type (`{ version: ['latest'] }`). */
    tags: z
      .union([z.array(z.string().min(1)), z.record(z.string(), z.array(z.string().min(1)))])
      .optional(),
  })
  .strict()

export const fileFields = z
  .object({
    repository: repository.optional(),
    namespace: slug.optional(),
    filename: accepting(z.string().min(1), 'a non-empty file name').optional(),
    size: count.optional(),
    user: user.optional(),
  })
  .strict()

export const tagFields = z
  .object({
    repository: repository.optional(),
    namespace: slug.optional(),
    /** The package's slug_perm or slug; default: a new package. */
    package: accepting(z.string().min(1), "a package's slug_perm or slug").optional(),
    tags: z.array(z.string().min(1)).min(1).optional(),
    immutable: z.boolean().optional(),
  })
  .strict()

const settings = z.record(z.string(), z.unknown())

export const teamFields = z
  .object({
    /** The organisation; default: the first organisation (by slug), or a new one. */
    org: slug.optional(),
    name: accepting(z.string().min(1), 'a non-empty text').optional(),
    /** Default: made from the name, as `orgs_teams_create` makes it. */
    slug: slug.optional(),
    description: text.nullable().optional(),
    visibility: z.enum(['Visible', 'Hidden']).optional(),
    /** Users (or services) of the organisation: a slug (role `Member`) or `{ user, role }`. */
    members: z
      .array(
        z.union([
          z.string().min(1),
          z.object({ user: z.string().min(1), role: z.enum(['Manager', 'Member']) }).strict(),
        ]),
      )
      .optional(),
  })
  .strict()

export const privilegeFields = z
  .object({
    /** `namespace/slug`; default: a new private repository. */
    repository: repository.optional(),
    namespace: slug.optional(),
    /** The user given the privilege (default: a new user, unless `team` is given). */
    user: user.optional(),
    /** A team of the repository's organisation, instead of a user. */
    team: slug.optional(),
    privilege: z.enum(repoPrivileges).optional(),
  })
  .strict()

export const entitlementFields = z
  .object({
    repository: repository.optional(),
    namespace: slug.optional(),
    name: accepting(z.string().min(1), 'a non-empty text').optional(),
    /** The secret; default: a seeded one, as `entitlements_create` makes it. */
    token: accepting(z.string().min(1), 'a non-empty text').optional(),
    /** Other writable fields of RepositoryTokenRequest (`limit_num_downloads`...). */
    settings: settings.optional(),
  })
  .strict()

export const upstreamFields = z
  .object({
    repository: repository.optional(),
    namespace: slug.optional(),
    format: z.enum(upstreamFormats).optional(),
    name: accepting(z.string().min(1), 'a non-empty text').optional(),
    upstream_url: accepting(z.string().url(), 'an absolute URL').optional(),
    /** Other writable fields of the format's upstream request (`distro_versions`, `priority`...). */
    settings: settings.optional(),
  })
  .strict()

export const webhookFields = z
  .object({
    repository: repository.optional(),
    namespace: slug.optional(),
    target_url: accepting(z.string().url(), 'an absolute URL').optional(),
    /** Default: `['package.created']`. */
    events: z.array(z.enum(webhookEvents)).min(1).optional(),
    /** Other writable fields of RepositoryWebhookRequest (`templates`, `package_query`...). */
    settings: settings.optional(),
  })
  .strict()
