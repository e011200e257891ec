/**
 * `mock.given`'s types come from the factories' field schemas and trait tables
 * (handlers/given/): checked by `tsc` (npm run typecheck), so the editor offers exactly the
 * fields and traits the runtime accepts.
 */
import { expectTypeOf } from 'vitest'
import type { CloudsmithMockControl } from '../../src/adapters/browser/control.ts'
import type { MockServer } from '../../src/adapters/node/index.ts'
import {
  createMock,
  trait,
  type GivenEntity,
  type GivenFields,
  type GivenTrait,
  type Package,
  type PackageFormat,
  type Repository,
} from '../../src/index.ts'

const mock = createMock()

expectTypeOf<GivenEntity>().toEqualTypeOf<
  | 'namespace'
  | 'user'
  | 'apiKey'
  | 'membership'
  | 'repository'
  | 'package'
  | 'file'
  | 'tag'
  | 'team'
  | 'privilege'
  | 'entitlement'
  | 'upstream'
  | 'webhook'
>()

// Answers are the API's shapes.
expectTypeOf(mock.given.package()).resolves.toEqualTypeOf<Package>()
expectTypeOf(mock.given.packages(3)).resolves.toEqualTypeOf<Package[]>()
expectTypeOf(mock.given.repository()).resolves.toEqualTypeOf<Repository>()
expectTypeOf(mock.given.user()).resolves.toHaveProperty('api_key').toEqualTypeOf<string>()

// Fields: from the schemas, all optional; enums are the real ones.
expectTypeOf<GivenFields<'package'>['format']>().toEqualTypeOf<PackageFormat | undefined>()
expectTypeOf<GivenFields<'repository'>['repository_type_str']>().toEqualTypeOf<
  'Public' | 'Private' | 'Open-Source' | undefined
>()
void mock.given.package({ repository: 'acme/web', format: 'npm', name: 'left-pad', version: null })
// @ts-expect-error not a format
void mock.given.package({ format: 'zip' })
// @ts-expect-error not a field
void mock.given.repository({ nmae: 'web' })

// Traits: per entity, in each written form.
expectTypeOf<'quarantined'>().toExtend<GivenTrait<'package'>>()
expectTypeOf<'withTags(["beta"])'>().toExtend<GivenTrait<'package'>>()
expectTypeOf<{ withTags: string[] }>().toExtend<GivenTrait<'package'>>()
expectTypeOf<'readOnlyFor(outsider)'>().toExtend<GivenTrait<'repository'>>()
expectTypeOf<GivenTrait<'user'>>().toBeNever()
void mock.given.package({}, 'quarantined', trait.withTags(['beta']), 'immutableTags')
void mock.given.package({}, trait.syncFailed('Disk full.'))
void mock.given.repository({}, 'private', trait.readOnlyFor('outsider'), 'empty')
// @ts-expect-error a repository trait on a package
void mock.given.package({}, 'private')
// @ts-expect-error a package trait on a repository
void mock.given.repository({}, 'quarantined')
// @ts-expect-error withTags needs its tags
void mock.given.package({}, 'withTags')

// The resource families' factories: typed fields and traits.
expectTypeOf<GivenFields<'privilege'>['privilege']>().toEqualTypeOf<
  'Admin' | 'Write' | 'Read' | undefined
>()
expectTypeOf<GivenTrait<'entitlement'>>().toEqualTypeOf<'disabled'>()
expectTypeOf(mock.given.privilege()).resolves.toHaveProperty('privilege')
void mock.given.upstream({ repository: 'acme/web', format: 'npm' }, 'disabled')
void mock.given.team({ org: 'acme', members: ['alice', { user: 'bob', role: 'Manager' }] })
// @ts-expect-error not an upstream format
void mock.given.upstream({ format: 'zip' })
// @ts-expect-error not a webhook event
void mock.given.webhook({ events: ['package.exploded'] })

// Every runtime's handle has them.
expectTypeOf<MockServer['given']>().toEqualTypeOf(mock.given)
expectTypeOf<CloudsmithMockControl['given']>().toEqualTypeOf(mock.given)
