/**
 * `mock.given`: factories that store coherent records through the same tables as the API
 * (validation, indexes, totals, cached answers, the undo log `reset()` rolls back) and answer
 * what the API answers for them. docs/factories.md has the recipes.
 *
 * A new family of records joins with one entry in `factories` (a `defineFactory` definition):
 * its method on `mock.given`, its types, the admin route `POST /__mock/given/<entity>` and the
 * `given` option of config files all follow from that entry.
 */
import type * as z from 'zod'
import { parseOptions } from '../../src/core/options.ts'
import type { MockState } from '../../src/core/state.ts'
import { OptionsError } from '../../src/core/errors.ts'
import {
  callFaker,
  parseTrait,
  refuse,
  Traits,
  type FactoryDefinition,
  type FactoryEnv,
  type TraitInput,
} from './definition.ts'
import { createPackage, fileFactory, packageAnswer, packageFactory, tagFactory } from './package.ts'
import { apiKeyFactory, membershipFactory, namespaceFactory, userFactory } from './people.ts'
import { repositoryFactory } from './repository.ts'
import {
  entitlementFactory,
  privilegeFactory,
  teamFactory,
  upstreamFactory,
  webhookFactory,
} from './families.ts'

/** Every factory by entity name. */
export const factories = {
  namespace: namespaceFactory,
  user: userFactory,
  apiKey: apiKeyFactory,
  membership: membershipFactory,
  repository: repositoryFactory,
  package: packageFactory,
  file: fileFactory,
  tag: tagFactory,
  team: teamFactory,
  privilege: privilegeFactory,
  entitlement: entitlementFactory,
  upstream: upstreamFactory,
  webhook: webhookFactory,
}

type Factories = typeof factories
/** The entities `mock.given` makes: `namespace`, `user`, `repository`, `package`... */
export type GivenEntity = keyof Factories
/** The fields `mock.given.<entity>` takes (all optional). */
export type GivenFields<E extends GivenEntity> = z.input<Factories[E]['fields']>
/** The traits `mock.given.<entity>` takes. */
export type GivenTrait<E extends GivenEntity> = TraitInput<Factories[E]['traits']>
/** What `mock.given.<entity>` resolves to: the API's answer for the record. */
export type GivenResult<E extends GivenEntity> = Awaited<ReturnType<Factories[E]['create']>>

/** The body of `POST /__mock/given/<entity>` and of one entry of the `given` option. */
export interface GivenRequest {
  fields?: Record<string, unknown>
  traits?: readonly unknown[]
  /** How many records (packages only): the answer is then a list. */
  count?: number
}

/** Most records one call makes (`given.packages(n)`): a test's set-up, not a benchmark's. */
export const MAX_GIVEN_COUNT = 10_000

export type Given = {
  [E in GivenEntity]: (
    fields?: GivenFields<E>,
    ...traits: GivenTrait<E>[]
  ) => Promise<GivenResult<E>>
} & {
  /**
   * `count` packages with seeded, varied names and versions (or varied versions of the `name`
   * given), in creation order.
   * @example
   * const page = await mock.given.packages(30, { repository: 'acme/web' })
   */
  packages(
    count: number,
    fields?: GivenFields<'package'>,
    ...traits: GivenTrait<'package'>[]
  ): Promise<GivenResult<'package'>[]>
  /**
   * Any factory by name, with untyped input (JSON from the admin API or a config file); throws
   * an `OptionsError` naming the entity, field or trait at fault.
   */
  make(entity: string, request?: GivenRequest): Promise<unknown>
}

export interface GivenOptions {
  /** Origin of the URLs in the answers. */
  origin: string
  /** Where errors say the call came from (`mock.given`, `POST /__mock/given`). */
  entry?: string
  /** Resolves when the mock's data is loaded: factories wait for it. */
  ready?: () => Promise<unknown>
}

function definitionOf(entry: string, entity: string): FactoryDefinition {
  if (!Object.hasOwn(factories, entity))
    throw new OptionsError(
      entry,
      'entity',
      `no factory "${entity.slice(0, 60)}". Factories: ${Object.keys(factories).join(', ')}`,
    )
  return factories[entity as GivenEntity] as unknown as FactoryDefinition
}

function checkedCount(entry: string, count: unknown): number {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > MAX_GIVEN_COUNT)
    throw new OptionsError(
      entry,
      'count',
      `count must be a whole number from 0 to ${MAX_GIVEN_COUNT}; got ${JSON.stringify(count) ?? String(count)}`,
    )
  return count
}

/**
 * The factories over one mock's state. Each call is one write in the mock's write queue, so it
 * never interleaves with a request's write.
 * @example
 * const given = createGiven(state, { origin: 'https://api.cloudsmith.io' })
 * await given.package({ repository: 'acme/web', format: 'npm' }, 'quarantined')
 */
export function createGiven(state: MockState, options: GivenOptions): Given {
  const base = options.entry ?? 'mock.given'
  const envFor = (entity: string): FactoryEnv => ({
    state,
    origin: options.origin,
    entry: `${base}.${entity}`,
    faker: (kind) => callFaker(state, kind),
    make: (other, fields = {}, traits = []) => run(other, fields, traits),
  })
  const prepare = (entity: string, fields: unknown, traits: unknown) => {
    const entry = `${base}.${entity}`
    const definition = definitionOf(base, entity)
    const env = envFor(entity)
    const parsed = parseOptions(definition.fields, fields ?? {}, entry)
    if (traits !== undefined && !Array.isArray(traits))
      refuse(
        env,
        'traits',
        'traits must be a list, such as ["quarantined", {"withTags": ["beta"]}]',
      )
    const list = ((traits as unknown[] | undefined) ?? []).map((trait, index) =>
      parseTrait(env, definition.traits, trait, index),
    )
    return { definition, env, parsed, traits: new Traits(list) }
  }
  const run = async (entity: string, fields: unknown, traits: unknown): Promise<unknown> => {
    const call = prepare(entity, fields, traits)
    return call.definition.create(call.env, call.parsed, call.traits)
  }
  const many = async (count: number, fields: unknown, traits: unknown) => {
    const call = prepare('package', fields, traits)
    const made = []
    for (let i = 0; i < count; i++) {
      const record = await createPackage(call.env, call.parsed as never, call.traits)
      made.push(record)
    }
    return made.map((record) => packageAnswer(call.env, record))
  }
  const queued = <T>(task: () => Promise<T>): Promise<T> =>
    state.writes.run(async () => {
      await options.ready?.()
      return task()
    })

  const given = {
    // Async: a refusal is a rejection, like every other factory error.
    async packages(count: number, fields?: unknown, ...traits: unknown[]) {
      const checked = checkedCount(`${base}.packages`, count)
      return queued(() => many(checked, fields, traits))
    },
    async make(entity: string, request: GivenRequest = {}) {
      if (typeof request !== 'object' || request === null || Array.isArray(request))
        throw new OptionsError(base, '', 'the body must be an object { fields, traits, count }')
      const unknown = Object.keys(request).filter((k) => !['fields', 'traits', 'count'].includes(k))
      if (unknown.length)
        throw new OptionsError(
          `${base}.${entity}`,
          unknown[0]!,
          `unknown key "${unknown[0]!.slice(0, 60)}". Valid keys: fields, traits, count`,
        )
      if (request.count !== undefined) {
        if (entity !== 'package')
          throw new OptionsError(
            `${base}.${entity}`,
            'count',
            'count makes many packages: only the package factory takes it',
          )
        const checked = checkedCount(`${base}.package`, request.count)
        return queued(() => many(checked, request.fields, request.traits))
      }
      definitionOf(base, entity)
      return queued(() => run(entity, request.fields, request.traits))
    },
  } as Record<string, unknown>
  for (const entity of Object.keys(factories))
    given[entity] = (fields?: unknown, ...traits: unknown[]) =>
      queued(() => run(entity, fields, traits))
  return given as Given
}

/**
 * Applies `entries` (the `given` option) now, outside the write queue: for the composition root
 * while it loads the start state, before any request can run. Rejects with an `OptionsError`
 * naming the entry (`given.2.fields.format`).
 */
export async function applyGiven(
  state: MockState,
  origin: string,
  entries: readonly ({ entity: string } & GivenRequest)[],
  /** Where errors say the entries came from: `given.2`, `dataset.given.0`. */
  option = 'given',
): Promise<void> {
  // The same state, its write queue bypassed: the loading this runs in holds every request.
  const unqueued: MockState = {
    ...state,
    writes: { ...state.writes, run: (task) => Promise.resolve(task(0)) },
  }
  for (const [index, { entity, ...request }] of entries.entries())
    await createGiven(unqueued, { origin, entry: `${option}.${index}` }).make(entity, request)
}

/**
 * Builders for traits with an argument, typed: `trait.withTags(['beta'])` is
 * `{ withTags: ['beta'] }`.
 * @example
 * await mock.given.package({ repository: 'acme/web' }, trait.withTags(['beta']), 'immutableTags')
 */
export const trait = {
  withTags: (tags: readonly string[] | string) => ({ withTags: tags }),
  syncFailed: (reason: string) => ({ syncFailed: reason }),
  readOnlyFor: (user: string) => ({ readOnlyFor: user }),
}
