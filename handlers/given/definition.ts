/**
 * What one factory is: a schema for its fields, the traits it takes, and how it stores a record
 * through the tables the API writes to (validation, indexes, totals, undo log). A new family of
 * records joins `mock.given` with one such definition in handlers/given/registry.ts.
 */
import type { Faker } from '@faker-js/faker'
import type * as z from 'zod'
import { entityFaker } from '../../fixtures/index.ts'
import { OptionsError } from '../../src/core/errors.ts'
import { nextId } from '../../src/core/ids.ts'
import type { MockState } from '../../src/core/state.ts'

/** What a trait takes after its name: nothing, an optional text, a text, or a list of texts. */
export type TraitArgument = 'none' | 'optional-text' | 'text' | 'texts'

/** A trait as used: its name and its argument (undefined for a trait without one). */
export interface AppliedTrait {
  name: string
  argument: string | string[] | undefined
}

/** What a factory works with. */
export interface FactoryEnv {
  state: MockState
  /** Origin of the URLs in the answers (`https://api.cloudsmith.io`, the server's own). */
  origin: string
  /** Where errors say the call came from: `mock.given.package`, `POST /__mock/given/package`. */
  entry: string
  /** The next seeded faker for `entity`: the same seed and the same calls give the same values. */
  faker(entity: string): Faker
  /** Another factory, inside this call's write (a package without a repository makes one). */
  make(entity: string, fields?: Record<string, unknown>, traits?: unknown[]): Promise<unknown>
}

export type TraitTable = Readonly<Record<string, TraitArgument>>

export interface FactoryDefinition<
  Fields extends z.ZodObject = z.ZodObject,
  Result = unknown,
  Table extends TraitTable = TraitTable,
> {
  /** Every field the caller may give; the ones left out get seeded defaults. */
  fields: Fields
  /** Trait names and what each takes. */
  traits: Table
  /** Stores the record (and what it needs) and returns what the API answers for it. */
  create(env: FactoryEnv, fields: z.output<Fields>, traits: Traits): Promise<Result>
}

/**
 * Declares a factory, keeping its field schema, trait names and answer as types: what
 * `mock.given.<entity>` offers the editor comes from here.
 * @example
 * export const teamFactory = defineFactory({ fields: teamFields, traits: {}, async create(env, fields) { ... } })
 */
export function defineFactory<Fields extends z.ZodObject, Result, const Table extends TraitTable>(
  definition: FactoryDefinition<Fields, Result, Table>,
): FactoryDefinition<Fields, Result, Table> {
  return definition
}

/**
 * A trait as a caller writes it, from the table: `'quarantined'`, `'syncFailed("disk full")'`,
 * `{ withTags: ['beta'] }`...
 */
export type TraitInput<Table extends TraitTable> = {
  [K in keyof Table & string]: Table[K] extends 'none'
    ? K
    : Table[K] extends 'optional-text'
      ? K | `${K}(${string})` | { [P in K]: string }
      : Table[K] extends 'text'
        ? `${K}(${string})` | { [P in K]: string }
        : `${K}(${string})` | { [P in K]: readonly string[] | string }
}[keyof Table & string]

/** The traits of one call, checked: `has('quarantined')`, `argument('withTags')`. */
export class Traits {
  readonly list: readonly AppliedTrait[]
  constructor(list: readonly AppliedTrait[]) {
    this.list = list
  }
  has(name: string): boolean {
    return this.list.some((trait) => trait.name === name)
  }
  /** The argument of the last use of `name` (traits apply in order, so the last wins). */
  argument(name: string): AppliedTrait['argument'] {
    return this.list.findLast((trait) => trait.name === name)?.argument
  }
  /** Every argument given to `name`, in order. */
  arguments(name: string): AppliedTrait['argument'][] {
    return this.list.filter((trait) => trait.name === name).map((trait) => trait.argument)
  }
}

/** Stops a factory call: `option` is the field or trait at fault, `reason` says what is valid. */
export function refuse(env: Pick<FactoryEnv, 'entry'>, option: string, reason: string): never {
  throw new OptionsError(env.entry, option, reason)
}

const CALL = /^([A-Za-z]+)\((.*)\)$/s

/**
 * One trait as written: `'quarantined'`, `'withTags(["beta"])'`, `'syncFailed("disk full")'`,
 * `'readOnlyFor(outsider)'` or `{ withTags: ['beta'] }`; checked against `allowed`.
 */
export function parseTrait(
  env: Pick<FactoryEnv, 'entry'>,
  allowed: Readonly<Record<string, TraitArgument>>,
  input: unknown,
  index: number,
): AppliedTrait {
  const option = `traits.${index}`
  const valid = `Valid traits: ${Object.keys(allowed).join(', ') || '(none)'}`
  let name: string
  let argument: unknown
  let given = false
  if (typeof input === 'string') {
    const call = CALL.exec(input.trim())
    name = call ? call[1]! : input.trim()
    if (call) {
      given = true
      const text = call[2]!.trim()
      try {
        argument = text === '' ? undefined : JSON.parse(`[${text}]`)[0]
      } catch {
        argument = text // readOnlyFor(outsider): a bare word is the text itself
      }
    }
  } else if (typeof input === 'object' && input !== null && Object.keys(input).length === 1) {
    ;[[name, argument]] = Object.entries(input) as [[string, unknown]]
    given = true
  } else {
    return refuse(
      env,
      option,
      `trait ${index} must be a name such as "quarantined", a call such as 'withTags(["beta"])' or an object such as { "withTags": ["beta"] }. ${valid}`,
    )
  }
  const kind = Object.hasOwn(allowed, name) ? allowed[name] : undefined
  if (!kind) return refuse(env, option, `unknown trait "${name.slice(0, 60)}". ${valid}`)
  if (!given || argument === undefined || argument === null) {
    if (kind === 'text' || kind === 'texts')
      return refuse(
        env,
        option,
        `trait "${name}" needs ${kind === 'text' ? 'a name' : 'a list of names'}, as in ${name}(${kind === 'text' ? '"demo"' : '["beta"]'})`,
      )
    return { name, argument: undefined }
  }
  if (kind === 'none') return refuse(env, option, `trait "${name}" takes no argument`)
  if (kind === 'texts') {
    const list = typeof argument === 'string' ? [argument] : argument
    if (
      !Array.isArray(list) ||
      list.length === 0 ||
      !list.every((t) => typeof t === 'string' && t.trim())
    )
      return refuse(
        env,
        option,
        `trait "${name}" takes a non-empty list of non-empty texts, as in ${name}(["beta"])`,
      )
    return { name, argument: list.map((t: string) => t.trim()) }
  }
  if (typeof argument !== 'string' || !argument.trim())
    return refuse(env, option, `trait "${name}" takes a non-empty text, as in ${name}("demo")`)
  return { name, argument: argument.trim() }
}

/** A seeded faker per call and entity: `(seed, "given:<entity>", n)` for the n-th record made. */
export function callFaker(state: MockState, entity: string): Faker {
  return entityFaker(state.seed, `given:${entity}`, nextId(state, `given:${entity}`))
}
