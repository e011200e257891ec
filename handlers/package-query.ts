/**
 * Cloudsmith's package search syntax, the part clients use: space-separated terms, all of which
 * must match; `field:value` for name, version, format, tag, status, filename, distribution,
 * uploader; a bare word matches name, filename or version; `~` or `NOT ` negates a term; `*`
 * is a wildcard; `^` and `$` anchor a value (`name:^foo$` is an exact match). As Cloudsmith
 * documents, name, filename and tag match when they contain the value; format, status and
 * version must equal it. Unknown fields are a 422 naming `query`, never a crash.
 */
import type { PackageRecord } from '../src/core/db/schemas.ts'
import { errors } from '../src/core/errors.ts'
import { statusWord, syncView } from './sync.ts'

type Predicate = (pkg: PackageRecord, now: number) => boolean

const fields: Record<string, (pkg: PackageRecord, now: number) => string[]> = {
  name: (p) => [p.name],
  version: (p) => (p.version ? [p.version] : []),
  format: (p) => [p.format],
  filename: (p) => [p.filename],
  distribution: (p) => (p.distribution ? [p.distribution] : []),
  uploader: (p) => [p.uploader],
  tag: (p) => [...Object.values(p.tags).flat(), ...Object.values(p.tags_immutable).flat()],
  status: (p, now) => [statusWord(syncView(p, now))],
}
const exact = new Set(['format', 'status', 'version'])

function matcher(value: string, isExact: boolean): (candidate: string) => boolean {
  const lower = value.toLowerCase()
  const start = lower.startsWith('^')
  const end = lower.length > 1 && lower.endsWith('$')
  const core = lower.slice(start ? 1 : 0, end ? -1 : undefined)
  if (core.includes('*') || start || end) {
    const whole = isExact && !core.includes('*')
    const match = glob(core.split('*'), start || whole, end || whole)
    return (candidate) => match(candidate.toLowerCase())
  }
  return isExact
    ? (candidate) => candidate.toLowerCase() === lower
    : (candidate) => candidate.toLowerCase().includes(lower)
}

/**
 * `*` wildcards without a regular expression: `name:*a*a*a…b` as a regex backtracks
 * exponentially and held the event loop for minutes. Pieces are found left to right, each at its
 * first place after the previous one, which is linear per piece.
 */
function glob(pieces: string[], anchorStart: boolean, anchorEnd: boolean) {
  const first = pieces[0]!
  const last = pieces[pieces.length - 1]!
  return (text: string): boolean => {
    if (pieces.length === 1) {
      if (anchorStart && anchorEnd) return text === first
      if (anchorStart) return text.startsWith(first)
      if (anchorEnd) return text.endsWith(first)
      return text.includes(first)
    }
    let at: number
    if (anchorStart) {
      if (!text.startsWith(first)) return false
      at = first.length
    } else {
      const found = text.indexOf(first)
      if (found < 0) return false
      at = found + first.length
    }
    for (let i = 1; i < pieces.length - 1; i++) {
      const found = text.indexOf(pieces[i]!, at)
      if (found < 0) return false
      at = found + pieces[i]!.length
    }
    if (anchorEnd) return text.length - last.length >= at && text.endsWith(last)
    return text.indexOf(last, at) >= 0
  }
}

export function parsePackageQuery(query: string): Predicate | null {
  const trimmed = query.trim()
  if (!trimmed) return null
  if (trimmed.length > 1024)
    throw errors.invalid({ query: ['Ensure this field has no more than 1024 characters.'] })
  const terms = trimmed
    .replace(/\bNOT\s+/g, '~')
    .split(/\s+(?:AND\s+)?/)
    .filter((t) => t && t !== 'AND')
  const predicates: Predicate[] = terms.map((raw) => {
    const negate = raw.startsWith('~') || raw.startsWith('-')
    const term = negate ? raw.slice(1) : raw
    const colon = term.indexOf(':')
    let test: Predicate
    if (colon > 0) {
      const field = term.slice(0, colon).toLowerCase()
      const value = term.slice(colon + 1).replace(/^"(.*)"$/, '$1')
      // Own keys only: `constructor:x` or `__proto__:x` would reach Object.prototype.
      const read = Object.hasOwn(fields, field) ? fields[field] : undefined
      if (!read)
        throw errors.invalid({
          query: [
            `Unknown search field "${field.slice(0, 40)}". Valid: ${Object.keys(fields).join(', ')}.`,
          ],
        })
      if (!value) throw errors.invalid({ query: [`Search field "${field}" needs a value.`] })
      const match = matcher(value, exact.has(field))
      test = (pkg, now) => read(pkg, now).some(match)
    } else {
      if (!term) throw errors.invalid({ query: ['Empty search term.'] })
      const match = matcher(term, false)
      test = (pkg) =>
        match(pkg.name) || match(pkg.filename) || (pkg.version !== null && match(pkg.version))
    }
    return negate ? (pkg, now) => !test(pkg, now) : test
  })
  return (pkg, now) => predicates.every((p) => p(pkg, now))
}

const sorters: Record<string, (a: PackageRecord, b: PackageRecord) => number> = {
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
  const descending = key.startsWith('-')
  const name = key.replace(/^-/, '')
  const base = Object.hasOwn(sorters, name) ? sorters[name] : undefined
  if (!base)
    throw errors.invalid({
      sort: [
        `"${key.slice(0, 50)}" is not a valid sort field. Valid: ${Object.keys(sorters).join(', ')}.`,
      ],
    })
  const ascending = (a: PackageRecord, b: PackageRecord) =>
    base(a, b) ||
    (a.created_seq ?? 0) - (b.created_seq ?? 0) ||
    (a.slug_perm < b.slug_perm ? -1 : a.slug_perm > b.slug_perm ? 1 : 0)
  return { key, compare: descending ? (a, b) => ascending(b, a) : ascending }
}
