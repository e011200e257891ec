/**
 * A parsed search query as a test on stored packages. Values are checked here, against the
 * field they are for: a number where a number is compared, a date, `true` or `false`. What does
 * not fit is the 422 of queryError, never a query that silently matches nothing.
 */
import type { PackageRecord } from '../../src/core/db/schemas.ts'
import { DAY, parseSearchDate } from './dates.ts'
import { implicitValues, searchFields, type SearchField } from './fields.ts'
import { queryError, type Operator, type QueryNode, type Term } from './parse.ts'
import { hasPattern, textMatcher } from './text-match.ts'
import { compareVersions, compatibleWith } from './versions.ts'

/** A test on one package at the mock's current time (ms since the epoch). */
export interface PackageFilter {
  (pkg: PackageRecord, now: number): boolean
  /** True when the answer can change with time alone (`status:`, `uploaded:>'1 day ago'`). */
  readsClock: boolean
}

type Test = (pkg: PackageRecord, now: number) => boolean
interface Compiled {
  test: Test
  readsClock: boolean
}

function ordered(operator: Operator, order: number): boolean {
  switch (operator) {
    case '>':
      return order > 0
    case '>=':
      return order >= 0
    case '<':
      return order < 0
    case '<=':
      return order <= 0
    default:
      return order === 0
  }
}

const describeField = (term: Term) => `"${term.field ?? ''}"`

function versionTest(term: Term, read: (pkg: PackageRecord) => string | null): Test {
  const { operator, value } = term
  if (operator === null && hasPattern(value)) {
    // `version:^1.1.0$`, `version:1.1.0*post1`: the docs' string-based version search, where
    // `^7` is "starts with 7" (70.0.1 too), not npm's caret range.
    const match = textMatcher(value, false)
    return (pkg) => {
      const version = read(pkg)
      return version !== null && match(version)
    }
  }
  if (operator === '~=') {
    const compatible = compatibleWith(value)
    if (compatible === null)
      throw queryError(
        `"~=" needs a version that starts with a number, not "${value}"`,
        term.valueAt,
      )
    return (pkg) => {
      const version = read(pkg)
      return version !== null && compatible(version)
    }
  }
  const op = operator ?? '='
  return (pkg) => {
    const version = read(pkg)
    return version !== null && ordered(op, compareVersions(version, value))
  }
}

function numberTest(term: Term, read: (pkg: PackageRecord) => number | null): Test {
  if (term.operator === '~=')
    throw queryError(`${describeField(term)} does not take "~="`, term.operatorAt)
  if (!/^\d{1,15}$/.test(term.value))
    throw queryError(
      `${describeField(term)} compares whole numbers; "${term.value.slice(0, 40)}" is not one`,
      term.valueAt,
    )
  const bound = Number(term.value)
  const op = term.operator ?? '='
  return (pkg) => {
    const value = read(pkg)
    return value !== null && ordered(op, value - bound)
  }
}

function dateTest(term: Term, read: (pkg: PackageRecord) => number | null): Compiled {
  if (term.operator === '~=')
    throw queryError(`${describeField(term)} does not take "~="`, term.operatorAt)
  const date = parseSearchDate(term.value)
  if (!date)
    throw queryError(
      `${describeField(term)} compares dates; "${term.value.slice(0, 40)}" is not one (try 2026-01-31 or '1 day ago')`,
      term.valueAt,
    )
  const readsClock = date.relative
  if (term.operator === null || term.operator === '=') {
    // The docs: `uploaded:'1 day ago'` is "uploaded more than one day ago", and
    // `uploaded:'August 14, 2019 EST'` is "uploaded on Aug 14th": the 24 hours from that instant.
    if (date.relative && term.operator === null) {
      return { test: (pkg, now) => (read(pkg) ?? Infinity) < date.at(now), readsClock }
    }
    return {
      test: (pkg, now) => {
        const value = read(pkg)
        const from = date.at(now)
        return value !== null && value >= from && value < from + DAY
      },
      readsClock,
    }
  }
  const op = term.operator
  return {
    test: (pkg, now) => {
      const value = read(pkg)
      return value !== null && ordered(op, value - date.at(now))
    },
    readsClock,
  }
}

function booleanTest(term: Term, read: (pkg: PackageRecord) => boolean): Test {
  if (term.operator !== null)
    throw queryError(`${describeField(term)} does not take "${term.operator}"`, term.operatorAt)
  const word = term.value.toLowerCase()
  if (word !== 'true' && word !== 'false')
    throw queryError(
      `${describeField(term)} is true or false, not "${term.value.slice(0, 40)}"`,
      term.valueAt,
    )
  const wanted = word === 'true'
  return (pkg) => read(pkg) === wanted
}

function fieldTest(term: Term, field: SearchField): Compiled {
  const now = (test: Test, readsClock = false): Compiled => ({ test, readsClock })
  switch (field.kind) {
    case 'text': {
      if (term.operator !== null)
        throw queryError(
          `${describeField(term)} does not compare with "${term.operator}": comparisons are for version, downloads, size and uploaded`,
          term.operatorAt,
        )
      const match = textMatcher(term.value, field.whole)
      return now((pkg, at) => field.read(pkg, at).some(match), field.readsClock === true)
    }
    case 'version':
      return now(versionTest(term, (pkg) => field.read(pkg, 0)))
    case 'number':
      return now(numberTest(term, (pkg) => field.read(pkg, 0)))
    case 'date':
      return dateTest(term, (pkg) => field.read(pkg, 0))
    case 'boolean':
      return now(booleanTest(term, (pkg) => field.read(pkg, 0)))
  }
}

function termTest(term: Term): Compiled {
  if (term.field === null) {
    const match = textMatcher(term.value, false)
    return { test: (pkg) => implicitValues(pkg).some(match), readsClock: false }
  }
  const field = searchFields.get(term.field)
  if (!field)
    throw queryError(
      `Unknown search field "${term.field.slice(0, 40)}" (valid: ${[...searchFields.keys()].join(', ')})`,
      term.at,
    )
  return fieldTest(term, field)
}

function compileNode(node: QueryNode): Compiled {
  switch (node.kind) {
    case 'term': {
      const compiled = termTest(node)
      if (!node.negate) return compiled
      return { test: (pkg, now) => !compiled.test(pkg, now), readsClock: compiled.readsClock }
    }
    case 'not': {
      const inner = compileNode(node.operand)
      return { test: (pkg, now) => !inner.test(pkg, now), readsClock: inner.readsClock }
    }
    case 'and':
    case 'or': {
      const parts = node.operands.map(compileNode)
      const tests = parts.map((p) => p.test)
      const readsClock = parts.some((p) => p.readsClock)
      return node.kind === 'and'
        ? { test: (pkg, now) => tests.every((t) => t(pkg, now)), readsClock }
        : { test: (pkg, now) => tests.some((t) => t(pkg, now)), readsClock }
    }
  }
}

/**
 * The filter for a parsed query.
 *
 * @example compileQuery(parseQuery('downloads:>10')!)(pkg, now) // pkg.downloads > 10
 */
export function compileQuery(tree: QueryNode): PackageFilter {
  const { test, readsClock } = compileNode(tree)
  return Object.assign((pkg: PackageRecord, now: number) => test(pkg, now), { readsClock })
}
