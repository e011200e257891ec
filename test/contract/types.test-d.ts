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

// Responses promise only what the document requires (a repository's name); the rest is optional.
expectTypeOf<Repository['slug_perm']>().toEqualTypeOf<string | undefined>()
expectTypeOf<Repository['created_at']>().toEqualTypeOf<string | undefined>()
expectTypeOf<Repository['cdn_url']>().toEqualTypeOf<string | null | undefined>()
expectTypeOf<Repository['repository_type']>().toEqualTypeOf<1 | 2 | 3 | undefined>()
expectTypeOf<Repository['repository_type_str']>().toEqualTypeOf<
  'Public' | 'Private' | 'Open-Source' | undefined
>()
expectTypeOf<Repository['package_count']>().toEqualTypeOf<number | undefined>()
expectTypeOf<RequiredKeys<Repository>>().toEqualTypeOf<'name'>()
expectTypeOf<RequiredKeys<Package>>().toEqualTypeOf<never>()

expectTypeOf<Package['slug_perm']>().toEqualTypeOf<string | undefined>()
expectTypeOf<Package['version']>().toEqualTypeOf<string | null | undefined>()
expectTypeOf<Package['version_orig']>().toEqualTypeOf<string | undefined>()
expectTypeOf<Package['status']>().toEqualTypeOf<1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | undefined>()
expectTypeOf<Package['package_type']>().toEqualTypeOf<1 | 2 | 3 | 9 | undefined>()
expectTypeOf<Package['is_sync_completed']>().toEqualTypeOf<boolean | undefined>()
expectTypeOf<Package['status_reason']>().toEqualTypeOf<string | null | undefined>()
expectTypeOf<Package['files']>().toEqualTypeOf<
  Array<NonNullable<Package['files']>[number]> | undefined
>()
expectTypeOf<NonNullable<Package['files']>[number]['filename']>().toEqualTypeOf<
  string | undefined
>()
// Tags are an open map in the document (tag type -> tags): indexable, not an empty `{}`.
expectTypeOf<NonNullable<Package['tags']>>().toEqualTypeOf<Record<string, unknown>>()

expectTypeOf<PackageStatus['sync_progress']>().toEqualTypeOf<number | undefined>()
expectTypeOf<PackageStatus['stage_str']>().toEqualTypeOf<string | undefined>()
expectTypeOf<PackageFileUpload['identifier']>().toEqualTypeOf<string | undefined>()
expectTypeOf<PackageFileUpload['upload_fields']>().toEqualTypeOf<
  Record<string, unknown> | null | undefined
>()

expectTypeOf<UserBrief['authenticated']>().toEqualTypeOf<boolean | undefined>()
expectTypeOf<UserBrief['email']>().toEqualTypeOf<string | null | undefined>()
expectTypeOf<StatusBasic['version']>().toEqualTypeOf<string | undefined>()
expectTypeOf<NonNullable<ResourcesRateCheck['resources']>[string]['throttled']>().toEqualTypeOf<
  boolean | undefined
>()

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
