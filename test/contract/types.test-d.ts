/**
 * The public types come from the document: what `cloudsmith-mock` exports is what a user's
 * editor shows for Cloudsmith's Repository, Package and friends. Checked by `tsc` (npm run
 * typecheck), so a drifting generator or a hand-edited type fails the build.
 */
import { expectTypeOf } from 'vitest'
import type spec from '../../src/generated/openapi.json'
import type {
  ErrorDetail,
  Package,
  PackageFileUpload,
  PackageStatus,
  Repository,
  RepositoryCreateRequest,
  RepositoryRequestPatch,
  ResourcesRateCheck,
  StatusBasic,
  UserBrief,
} from '../../src/index.ts'

type Schemas = (typeof spec)['schemas']
type PropertyNames<Name extends keyof Schemas> = Schemas[Name] extends { properties: infer P }
  ? keyof P
  : never
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T]

// Every property of the document's schema, and nothing else.
expectTypeOf<keyof Repository>().toEqualTypeOf<PropertyNames<'Repository'>>()
expectTypeOf<keyof Package>().toEqualTypeOf<PropertyNames<'Package'>>()
expectTypeOf<keyof PackageStatus>().toEqualTypeOf<PropertyNames<'PackageStatus'>>()
expectTypeOf<keyof PackageFileUpload>().toEqualTypeOf<PropertyNames<'PackageFileUpload'>>()
expectTypeOf<keyof UserBrief>().toEqualTypeOf<PropertyNames<'UserBrief'>>()
expectTypeOf<keyof RepositoryCreateRequest>().toEqualTypeOf<
  PropertyNames<'RepositoryCreateRequest'>
>()

// Responses: what the API always sends is required (rule in scripts/generate-openapi.ts), so a
// typed client reads it without `!`; `nullable` alone still admits null.
declare const repo: Repository
declare const pkg: Package
declare const status: PackageStatus
declare const upload: PackageFileUpload
const repoSlug: string = repo.slug
const repoSlugPerm: string = repo.slug_perm
const repoSelf: string = repo.self_url
const pkgSlug: string = pkg.slug
const pkgSlugPerm: string = pkg.slug_perm
const pkgSelf: string = pkg.self_url
const pkgStatus: string = status.status_str
const progress: number = status.sync_progress
const fileId: string = upload.identifier
const uploadUrl: string = upload.upload_url
void [repoSlug, repoSlugPerm, repoSelf, pkgSlug, pkgSlugPerm, pkgSelf, pkgStatus, progress]
void [fileId, uploadUrl]

expectTypeOf<Repository['created_at']>().toEqualTypeOf<string>()
expectTypeOf<Repository['cdn_url']>().toEqualTypeOf<string | null>()
expectTypeOf<Repository['repository_type']>().toEqualTypeOf<1 | 2 | 3>()
expectTypeOf<Repository['repository_type_str']>().toEqualTypeOf<
  'Public' | 'Private' | 'Open-Source'
>()
expectTypeOf<Repository['package_count']>().toEqualTypeOf<number>()
// Every setting comes back, defaults applied (API-NOTES §6.4).
expectTypeOf<RequiredKeys<Repository>>().toEqualTypeOf<keyof Repository>()

expectTypeOf<Package['version']>().toEqualTypeOf<string | null>()
expectTypeOf<Package['version_orig']>().toEqualTypeOf<string>()
expectTypeOf<Package['status']>().toEqualTypeOf<1 | 2 | 3 | 4 | 5 | 6 | 7 | 8>()
expectTypeOf<Package['package_type']>().toEqualTypeOf<1 | 2 | 3 | 9>()
expectTypeOf<Package['is_sync_completed']>().toEqualTypeOf<boolean>()
expectTypeOf<Package['status_reason']>().toEqualTypeOf<string | null>()
expectTypeOf<Package['files'][number]['filename']>().toEqualTypeOf<string>()
// Writable fields without a source that they are always sent stay optional.
expectTypeOf<Exclude<keyof Package, RequiredKeys<Package>>>().toEqualTypeOf<
  'distro' | 'distro_version' | 'tags_automatic'
>()
// Tags are an open map in the document (tag type -> tags): indexable, not an empty `{}`.
expectTypeOf<Package['tags']>().toEqualTypeOf<Record<string, unknown>>()

expectTypeOf<RequiredKeys<PackageStatus>>().toEqualTypeOf<keyof PackageStatus>()
expectTypeOf<PackageFileUpload['upload_fields']>().toEqualTypeOf<Record<string, unknown> | null>()

expectTypeOf<UserBrief['authenticated']>().toEqualTypeOf<boolean>()
expectTypeOf<UserBrief['email']>().toEqualTypeOf<string | null>()
// Anonymous /user/self/ has no URL, and the document does not let it be null.
expectTypeOf<UserBrief['self_url']>().toEqualTypeOf<string | undefined>()
expectTypeOf<StatusBasic['version']>().toEqualTypeOf<string>()
expectTypeOf<ResourcesRateCheck['resources'][string]['throttled']>().toEqualTypeOf<boolean>()

// Error bodies: detail always, fields as DRF's field -> messages.
expectTypeOf<RequiredKeys<ErrorDetail>>().toEqualTypeOf<'detail'>()
expectTypeOf<ErrorDetail['fields']>().toEqualTypeOf<Record<string, string[]> | undefined>()

// Requests: what the real API requires is required (API-NOTES §6.4: name*), enums are literal.
expectTypeOf<RequiredKeys<RepositoryCreateRequest>>().toEqualTypeOf<'name'>()
expectTypeOf<RepositoryCreateRequest['repository_type_str']>().toEqualTypeOf<
  'Public' | 'Private' | 'Open-Source' | undefined
>()
expectTypeOf<RequiredKeys<RepositoryRequestPatch>>().toEqualTypeOf<never>()
expectTypeOf({
  name: 'Web assets',
  repository_type_str: 'Private' as const,
}).toExtend<RepositoryCreateRequest>()
expectTypeOf({ description: 'no name' }).not.toExtend<RepositoryCreateRequest>()
expectTypeOf({ name: 'x', repository_type_str: 'Secret' }).not.toExtend<RepositoryCreateRequest>()
