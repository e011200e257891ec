/**
 * The request matchers, one implementation for vitest and jest (both call them through
 * `expect.extend`): `toHaveReceived` and `toHaveReceivedInOrder`. A failure lists the journal
 * entries closest to what was expected, the way WireMock's near misses do.
 */
import type { JournalEntry } from '../../core/journal.ts'
import type { OperationId } from '../../core/openapi/index.ts'
import { entriesOf } from './journal-source.ts'
import {
  closeness,
  describeEntry,
  describeWanted,
  mismatch,
  wantedOf,
  type Equals,
  type ExpectedRequest,
  type RequestExpectation,
  type Wanted,
} from './request-match.ts'

export type {
  DeepPartial,
  ExpectedBody,
  ExpectedRequest,
  RequestExpectation,
} from './request-match.ts'
export type { JournalSource } from './journal-source.ts'

/** Options of `toHaveReceived`. */
export interface ReceivedOptions<
  Op extends OperationId = OperationId,
> extends RequestExpectation<Op> {
  /** Exactly this many matching requests (default: at least one). */
  times?: number
}

/** The matchers as they appear on `expect(mock)` (R: what the runner's matchers return). */
export interface CloudsmithMatchers<R = unknown> {
  /**
   * The mock received a request for `operation` (at least once, or exactly `times`), answered
   * with `status` and whose JSON body matches `body` partially.
   * @example
   * expect(mock).toHaveReceived('repos_create', { times: 1, status: 201, body: { name: 'web' } })
   */
  toHaveReceived<Op extends OperationId>(operation: Op, options?: ReceivedOptions<Op>): R
  /**
   * The mock received these requests in this order (others may come between them).
   * @example
   * expect(mock).toHaveReceivedInOrder(['files_create', { operation: 'packages_upload_raw', status: 201 }])
   */
  toHaveReceivedInOrder(requests: readonly ExpectedRequest[]): R
}

/** What a runner passes as `this` to a matcher: the parts used here. */
interface MatcherContext {
  isNot?: boolean
  equals?: (a: unknown, b: unknown) => boolean
}

interface MatcherResult {
  pass: boolean
  message: () => string
}

const NEAR_MISSES = 3

function equalsOf(context: MatcherContext | undefined): Equals {
  const equals = context?.equals
  return equals ? (a, b) => equals.call(context, a, b) : Object.is
}

const times = (n: number) => `${n} time${n === 1 ? '' : 's'}`

/** The entries closest to `wanted`, best first, each with why it did not match. */
function nearMisses(
  entries: readonly JournalEntry[],
  wanted: Wanted,
  equals: Equals,
  none = 'The journal is empty: the mock received no request.',
): string {
  if (entries.length === 0) return none
  const ranked = entries
    .map((entry, order) => ({ entry, order, score: closeness(entry, wanted, equals) }))
    .sort((a, b) => b.score - a.score || b.order - a.order)
    .slice(0, NEAR_MISSES)
  const lines = ranked.map(({ entry }) => {
    const why = mismatch(entry, wanted, equals)
    return `  ${describeEntry(entry)}${why ? `\n      ↳ ${why}` : ''}`
  })
  return `Closest requests in the journal (${entries.length} in all):\n${lines.join('\n')}`
}

function toHaveReceived(
  this: MatcherContext | undefined,
  mock: unknown,
  operation: unknown,
  options: ReceivedOptions = {},
): MatcherResult {
  const equals = equalsOf(this)
  const wanted = wantedOf({ ...options, operation })
  const entries = entriesOf(mock)
  const matching = entries.filter((entry) => mismatch(entry, wanted, equals) === null)
  const expected = options.times
  const pass = expected === undefined ? matching.length > 0 : matching.length === expected
  const what = describeWanted(wanted)
  const message = () => {
    if (this?.isNot) {
      const count = expected === undefined ? '' : ` ${times(expected)}`
      return `Expected the mock not to receive ${what}${count}, but it received it ${times(matching.length)}:\n${matching
        .slice(-NEAR_MISSES * 2)
        .map((entry) => `  ${describeEntry(entry)}`)
        .join('\n')}`
    }
    const count = expected === undefined ? 'at least once' : times(expected)
    const head = `Expected the mock to receive ${what} ${count}, but it received it ${times(matching.length)}.`
    if (matching.length > 0)
      return `${head}\n${matching.map((entry) => `  ${describeEntry(entry)}`).join('\n')}`
    return `${head}\n${nearMisses(entries, wanted, equals)}`
  }
  return { pass, message }
}

function toHaveReceivedInOrder(
  this: MatcherContext | undefined,
  mock: unknown,
  requests: unknown,
): MatcherResult {
  if (!Array.isArray(requests) || requests.length === 0)
    throw new TypeError('toHaveReceivedInOrder expects a non-empty list of requests.')
  const equals = equalsOf(this)
  const wanted = requests.map(wantedOf)
  const entries = entriesOf(mock)
  const found: JournalEntry[] = []
  let from = 0
  for (const step of wanted) {
    const index = entries.findIndex((e, i) => i >= from && mismatch(e, step, equals) === null)
    if (index < 0) break
    found.push(entries[index]!)
    from = index + 1
  }
  const pass = found.length === wanted.length
  const list = wanted.map((step, i) => `  ${i + 1}. ${describeWanted(step)}`).join('\n')
  const message = () => {
    if (pass)
      return `Expected the mock not to receive these requests in this order:\n${list}\nbut it did:\n${found
        .map((entry) => `  ${describeEntry(entry)}`)
        .join('\n')}`
    const missing = wanted[found.length]!
    const after = found.length ? ` after ${describeEntry(found.at(-1)!)}` : ''
    const matched = found.length
      ? `Matched ${found.length} of ${wanted.length}:\n${found.map((e) => `  ${describeEntry(e)}`).join('\n')}\n`
      : ''
    return (
      `Expected the mock to receive these requests in this order:\n${list}\n${matched}` +
      `No ${describeWanted(missing)}${after}.\n` +
      nearMisses(entries.slice(from), missing, equals, 'The journal has no request after it.')
    )
  }
  return { pass, message }
}

/**
 * The matchers to pass to `expect.extend` (the `cloudsmith-mock/vitest` and
 * `cloudsmith-mock/jest` entries do it for you).
 * @example
 * import { matchers } from 'cloudsmith-mock/vitest'
 * expect.extend(matchers)
 */
export const matchers = { toHaveReceived, toHaveReceivedInOrder }
