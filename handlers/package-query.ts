/**
 * Cloudsmith's package search (`query`) and sort (`sort`) for packages_list. The search syntax
 * is parsed in search/parse.ts and checked field by field in search/compile.ts; its reference is
 * docs/search.md.
 */
import type { PackageRecord } from '../src/core/db/schemas.ts'
import { errors } from '../src/core/errors.ts'
import { parseSort, type Compare } from '../src/core/sort.ts'
import { compileQuery, type PackageFilter } from './search/compile.ts'
import { parseQuery } from './search/parse.ts'

export type { PackageFilter } from './search/compile.ts'

/**
 * The filter for a `query` value, or null when the query is blank (everything matches). Throws
 * a 422 whose `fields.query` says what is wrong and at which character: a syntax error, an
 * unknown field, a value the field cannot compare. At most 1024 characters.
 *
 * @example parsePackageQuery('format:raw OR format:npm')?.(pkg, now)
 */
export function parsePackageQuery(query: string): PackageFilter | null {
  if (query.length > 1024)
    throw errors.invalid({ query: ['Ensure this field has no more than 1024 characters.'] })
  const tree = parseQuery(query)
  return tree ? compileQuery(tree) : null
}

const sorters: Record<string, Compare<PackageRecord>> = {
  date: (a, b) => a.uploaded_at - b.uploaded_at,
  name: (a, b) => a.name.localeCompare(b.name),
  version: (a, b) => (a.version ?? '').localeCompare(b.version ?? '', 'en', { numeric: true }),
  size: (a, b) => a.size - b.size,
  downloads: (a, b) => a.downloads - b.downloads,
  format: (a, b) => a.format.localeCompare(b.format),
  filename: (a, b) => a.filename.localeCompare(b.filename),
}

/**
 * A comparator for `sort` (default `-date`). Ties keep creation order (records made in one clock
 * instant, as a frozen clock makes them), then slug_perm so order is total; a descending sort
 * reverses all of it, so `-date` lists the last upload first.
 */
export function packageSorter(sort: string | null): {
  key: string
  compare: (a: PackageRecord, b: PackageRecord) => number
} {
  const key = sort?.trim() || '-date'
  const { descending, compare: base } = parseSort(key, sorters)
  const ascending = (a: PackageRecord, b: PackageRecord) =>
    base(a, b) ||
    (a.created_seq ?? 0) - (b.created_seq ?? 0) ||
    (a.slug_perm < b.slug_perm ? -1 : a.slug_perm > b.slug_perm ? 1 : 0)
  return { key, compare: descending ? (a, b) => ascending(b, a) : ascending }
}
