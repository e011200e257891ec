/**
 * The copy a table stores of a record that was already validated (a dataset through
 * parseDataset, or built by the fixtures): what @msw/data's create would store, without its
 * sanitising copy and schema parse, which for a large dataset were most of the load time and
 * doubled its memory while it ran (bench/NOTES.md, memory).
 *
 * Same result as the schema's parse of valid data: the schema's keys only, in the schema's
 * order, a key present with `undefined` kept as such; objects and arrays of this realm
 * (./plain.ts). Repeated strings (a package's namespace, repository, format, uploader, tag
 * names) are stored once per load instead of once per record.
 */
import type * as z from 'zod'
import { plainCopy } from './plain.ts'

/** What a copier shares equal strings through: an Interner for a load, UNSHARED for one record. */
export interface Strings {
  intern(value: string): string
}

/** Copies one value; `strings` shares equal strings within one load. */
type Copier = (value: unknown, strings: Strings) => unknown

/**
 * Fields whose values are (nearly) unique per record: keeping them in the load's string table
 * would only grow it (at 1,000,000 packages, by millions of entries) and share nothing.
 */
const UNIQUE_FIELDS = new Set([
  'slug_perm',
  'slug',
  'filename',
  'description',
  'summary',
  'content',
  'identifier',
  'key',
  'email',
  'upload',
  'replaced_by',
  'md5',
  'sha1',
  'sha256',
  'sha512',
  'md5_checksum',
  'sha256_checksum',
  'checksum_md5',
  'checksum_sha1',
  'checksum_sha256',
  'checksum_sha512',
])

/**
 * Equal strings as one instance, for the length of one load (then dropped, so strings of
 * deleted records are not kept). Strings parsed from JSON or built by concatenation are each
 * their own copy; a 100,000-package dataset held "acme" 100,000 times.
 */
export class Interner implements Strings {
  private readonly seen = new Map<string, string>()

  intern(value: string): string {
    const known = this.seen.get(value)
    if (known !== undefined) return known
    this.seen.set(value, value)
    return value
  }
}

/**
 * What every empty list and empty map of stored records is (a package's `tags: {}` and
 * `tags_immutable: {}`: 112 of its bytes). Records are frozen and replaced, never changed in
 * place (./freeze.ts), so sharing one frozen instance is safe; drafts are fresh copies.
 */
const EMPTY_ARRAY: readonly unknown[] = Object.freeze([])
const EMPTY_MAP: Readonly<Record<string, unknown>> = Object.freeze({})

/** Shares nothing: a single record written at run time has no load to share strings with. */
export const UNSHARED: Strings = { intern: (value) => value }

const keep: Copier = (value) => value
const internString: Copier = (value, strings) =>
  typeof value === 'string' ? strings.intern(value) : value
const anyValue: Copier = (value) => plainCopy(value)

/**
 * A copier for values of `schema`, built once per table. `share`: strings of this field repeat
 * across records (see UNIQUE_FIELDS).
 */
export function compileCopier(schema: z.ZodType, share = true): Copier {
  const def = schema.def as { type: string } & Record<string, unknown>
  switch (def.type) {
    case 'object':
      return objectCopier((schema as z.ZodObject).shape)
    case 'optional':
    case 'nullable':
      return compileCopier((def as unknown as { innerType: z.ZodType }).innerType, share)
    case 'array': {
      const item = compileCopier((def as unknown as { element: z.ZodType }).element, share)
      return (value, strings) => {
        if (!Array.isArray(value)) return value
        const items = value as unknown[]
        if (items.length === 0) return EMPTY_ARRAY
        const copy: unknown[] = new Array(items.length)
        for (let i = 0; i < items.length; i++) copy[i] = item(items[i], strings)
        return copy
      }
    }
    case 'record': {
      const item = compileCopier((def as unknown as { valueType: z.ZodType }).valueType, share)
      return (value, strings) => {
        if (typeof value !== 'object' || value === null) return value
        const source = value as Record<string, unknown>
        const keys = Object.keys(source)
        if (keys.length === 0) return EMPTY_MAP
        const copy: Record<string, unknown> = {}
        for (const key of keys) copy[strings.intern(key)] = item(source[key], strings)
        return copy
      }
    }
    case 'string':
    case 'enum':
      return share ? internString : keep
    case 'number':
    case 'boolean':
    case 'null':
      return keep
    default:
      // unknown, unions and the like: a deep copy of plain data, as @msw/data's sanitiser made.
      return anyValue
  }
}

function objectCopier(shape: Record<string, z.ZodType>): Copier {
  const fields = Object.entries(shape).map(
    ([key, field]) => [key, compileCopier(field, !UNIQUE_FIELDS.has(key))] as const,
  )
  return (value, strings) => {
    if (typeof value !== 'object' || value === null) return value
    const source = value as Record<string, unknown>
    const copy: Record<string, unknown> = {}
    for (const [key, field] of fields) if (key in source) copy[key] = field(source[key], strings)
    return copy
  }
}
