/**
 * One mock's cache of answers and of records' JSON text. Serialising records (about 70 fields
 * for a repository, 80 for a package) and encoding pages was most of a list request's cost in
 * the profiles (bench/RESULTS.md), and clients ask for the same pages again and again.
 *
 * An answer is cached under a key (everything about the request it depends on: route, origin,
 * URL, caller) and stamped with the versions of the sources it `reads` (tables, the clock); it
 * is served while every one of those versions is the same, so what a route reads is declared in
 * one place and a table left out of a declaration is a visible line of code, not a hand-built
 * key. Entries live on the mock (MockState.responses): two mocks in one process share nothing.
 *
 * Correct only while a record cannot change without its table's version changing: the data
 * layer freezes what it stores (src/core/db/table.ts) and every write goes through it.
 */

import type { Clock } from './clock.ts'
import type { Database } from './db/database.ts'

/** Bytes of answers kept in all: a few full pages of the largest size. */
const MAX_BYTES = 8 * 1024 * 1024

/** Record texts kept: the largest page (500) several times over. */
const MAX_TEXTS = 2_000

/**
 * What an entry costs besides the answer's own weight: its key and the map slot. Counting the
 * answer alone, a client asking ever-new queries with empty answers grew memory without end.
 */
const OVERHEAD = 256

interface Entry {
  reads: readonly string[]
  stamp: readonly unknown[]
  value: unknown
  cost: number
  /** The clock readings the value holds for, `from` (its build) to before `until`; -Infinity: any. */
  from: number
  until: number
}

/**
 * What a value built for the cache says about time. By default it holds whatever the clock
 * reads. Once `until(epochMs)` is called, it holds from `now` (its build; a clock set back
 * before it rebuilds the value) until the clock reads `epochMs` (the earliest given; Infinity:
 * from now on). Cheaper than reading the `clock` source when an answer depends on the time now
 * and then (a package list while a sync runs): with `serve`'s real clock, the `clock` source
 * rebuilds a value every millisecond.
 */
export interface Lifetime {
  /** The clock's reading the value is built at, epoch ms. */
  readonly now: number
  /** The value may differ once the clock reads `epochMs` or anything before `now`. */
  until(epochMs: number): void
}

export interface ResponseCache<Source extends string> {
  /**
   * The value cached under `key` if none of `reads` changed since it was built; otherwise
   * `build()`'s, kept for next time. `key` must name everything else the value depends on.
   * `weigh` gives a value's size in bytes (default 0: only the entry's overhead counts). A
   * throwing `build` caches nothing and throws. `build` declares through its `Lifetime` until
   * when the value holds as the clock moves (default: whatever the time).
   * @example
   * responses.answer(`${url.href} ${user}`, ['repositories', 'memberships'], () => page())
   */
  answer<T>(
    key: string,
    reads: readonly Source[],
    build: (lifetime: Lifetime) => T,
    weigh?: (value: T) => number,
  ): T
  /**
   * `JSON.stringify(serialise())`, memoised per record object and `inputs` (whatever else the
   * text depends on: origin, clock, totals). Records are frozen, so the object identifies its
   * content.
   */
  text(record: object, inputs: string, serialise: () => unknown): string
  /** Drops every entry. */
  clear(): void
}

/**
 * A cache whose stamps come from `versionOf`: for each source, a value that changes whenever the
 * source does (a table's `version`, the clock's `now()`); `now` is the clock a `Lifetime` is
 * measured on (default: one that stands still).
 * @example
 * const responses = createResponseCache((source: 'packages') => db[source].version)
 */
export function createResponseCache<Source extends string>(
  versionOf: (source: Source) => unknown,
  now: () => number = () => 0,
): ResponseCache<Source> {
  const answers = new Map<string, Entry>()
  let bytes = 0
  const texts = new Map<object, { inputs: string; text: string }>()

  /** Whether the clock reads within the entry's lifetime (not read for timeless ones). */
  const current = (entry: Entry) => {
    if (entry.from === -Infinity) return true
    const at = now()
    return at >= entry.from && at < entry.until
  }
  const drop = (key: string, entry: Entry) => {
    answers.delete(key)
    bytes -= entry.cost
  }

  return {
    answer<T>(
      key: string,
      reads: readonly Source[],
      build: (lifetime: Lifetime) => T,
      weigh?: (value: T) => number,
    ): T {
      const stamp = reads.map(versionOf)
      const hit = answers.get(key)
      if (hit && sameReads(hit.reads, reads) && sameStamp(hit.stamp, stamp) && current(hit))
        return hit.value as T
      if (hit) drop(key, hit)
      const at = now()
      // A value that never calls until() holds at any time, before its build too.
      let from = -Infinity
      let until = Infinity
      const value = build({
        now: at,
        until(epochMs) {
          from = at
          until = Math.min(until, epochMs)
        },
      })
      const cost = (weigh?.(value) ?? 0) + key.length * 2 + OVERHEAD
      if (cost > MAX_BYTES) return value
      for (const [oldest, entry] of answers) {
        if (bytes + cost <= MAX_BYTES) break
        drop(oldest, entry)
      }
      answers.set(key, { reads, stamp, value, cost, from, until })
      bytes += cost
      return value
    },
    text(record, inputs, serialise) {
      const hit = texts.get(record)
      if (hit?.inputs === inputs) return hit.text
      const text = JSON.stringify(serialise())
      if (!hit && texts.size >= MAX_TEXTS) texts.delete(texts.keys().next().value!)
      texts.set(record, { inputs, text })
      return text
    },
    clear() {
      answers.clear()
      texts.clear()
      bytes = 0
    },
  }
}

/** What a mock's answers may read: its tables, and the clock (answers that show the time). */
export type MockSource = TableName | 'clock'

type TableName = {
  [K in keyof Database]: Database[K] extends { readonly version: number } ? K : never
}[keyof Database]

/**
 * The response cache of one mock: tables' versions, and the clock's reading as the clock's.
 * @example
 * const state = { db, clock, responses: createMockResponseCache(db, clock) }
 */
export function createMockResponseCache(db: Database, clock: Clock): ResponseCache<MockSource> {
  return createResponseCache<MockSource>(
    (source) => (source === 'clock' ? clock.now() : db[source].version),
    () => clock.now(),
  )
}

const sameReads = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && a.every((name, i) => name === b[i]))

const sameStamp = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((version, i) => Object.is(version, b[i]))
