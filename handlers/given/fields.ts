/**
 * The fields each factory takes, as zod schemas: the one source of their types (the editor
 * completes them) and of the errors a bad field gets (src/core/options.ts' wording: the field,
 * what it accepts, a "did you mean" for a misspelt name). Every field is optional.
 */
import { z } from 'zod'
import { repositoryTypes, roles } from '../../src/core/db/schemas.ts'
import { packageFormats } from '../../src/core/openapi/index.ts'
import { accepting, timeSchema } from '../../src/core/options.ts'

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
