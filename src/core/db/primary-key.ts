/**
 * @msw/data keys each record with a random UUID unless its initial values carry a key under its
 * (unexported) `kPrimaryKey` symbol. Built by string concatenation, a UUID held ~490 bytes: a
 * fifth of a package record (bench/RESULTS.md). A counter costs nothing. The symbols are read off
 * the first record created; should they ever be missing, records simply keep their UUIDs and
 * bulk loads go through the collection's create.
 */
import { Collection } from '@msw/data'

let primaryKey: symbol | null | undefined
let relationMap: symbol | null | undefined
let lastKey = 0

/**
 * What a record's `kRelationMap` holds when it was loaded in bulk: @msw/data gives each record a
 * Map of its relations (~200 bytes, a tenth of a package), filled only by `defineRelations`,
 * which the mock does not use; its update and delete only read it. One empty map serves them
 * all; writing to it throws rather than giving one record's relations to every record.
 */
class NoRelations extends Map<string, unknown> {
  override set(): this {
    throw new TypeError(
      'records loaded in bulk have no relations (defineRelations is not supported)',
    )
  }
}
const noRelations = new NoRelations()

/** `values` with the next counter as @msw/data's primary key, once the symbol is known. */
export function withPrimaryKey<T>(values: T): T {
  return primaryKey ? { ...values, [primaryKey]: ++lastKey } : values
}

/** Reads @msw/data's record symbols off a record it created (once per process). */
export function learnPrimaryKey(record: object): void {
  if (primaryKey !== undefined) return
  const symbols = Object.getOwnPropertySymbols(record)
  primaryKey = symbols.find((s) => s.description === 'kPrimaryKey') ?? null
  relationMap = symbols.find((s) => s.description === 'kRelationMap') ?? null
}

/** A Standard Schema that takes any value as it is: the probe's, which stores nothing real. */
const anyValue = {
  '~standard': {
    version: 1 as const,
    vendor: 'cloudsmith-mock',
    validate: (value: unknown) => ({ value: value as Record<string, unknown> }),
  },
}

/**
 * Learns the symbols from a record of a throwaway collection (once per process), so that a bulk
 * load stores even its first record itself: through a table's own collection, that record
 * paid for compiling the table's zod schema (~3 ms of a cold start) only to be a sample.
 */
export async function probePrimaryKey(): Promise<void> {
  if (primaryKey !== undefined) return
  const probe = new Collection({ schema: anyValue })
  learnPrimaryKey(await probe.create({}))
}

// Reused: defineProperty copies what it reads, and a descriptor object (and a property map
// built from computed symbol keys) per record was half the cost of marking it.
const keyDescriptor: PropertyDescriptor = { value: 0, enumerable: false, configurable: false }
const relationsDescriptor: PropertyDescriptor = {
  value: noRelations,
  enumerable: false,
  configurable: false,
}

/**
 * Gives `record` (a copy the table made) what @msw/data's create gives the records it stores:
 * a primary key and a relation map, both non-enumerable. False when the symbols are not known
 * yet (no record created in this process) or not found: then the record must go through create.
 */
export function markAsStored(record: object): boolean {
  if (!primaryKey || !relationMap) return false
  keyDescriptor.value = ++lastKey
  Object.defineProperty(record, primaryKey, keyDescriptor)
  Object.defineProperty(record, relationMap, relationsDescriptor)
  return true
}
