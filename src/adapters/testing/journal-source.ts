/**
 * What the matchers accept as "the mock": whatever a test holds that has a journal.
 */
import type { JournalEntry } from '../../core/journal.ts'

/**
 * `createMock()`'s mock, `setupMockServer()`'s result, the browser's `window.cloudsmithMock`, a
 * `remoteMock()` snapshot of a standalone server, a journal, or a list of entries.
 */
export type JournalSource =
  | { readonly journal: { entries(): JournalEntry[] } }
  | { journal(): JournalEntry[] }
  | { entries(): JournalEntry[] }
  | readonly JournalEntry[]

/** The entries of `source`, oldest first; throws a TypeError naming what it got otherwise. */
export function entriesOf(source: unknown): readonly JournalEntry[] {
  if (Array.isArray(source)) return source as JournalEntry[]
  if (typeof source === 'object' && source !== null) {
    const journal = (source as { journal?: unknown }).journal
    if (hasEntries(journal)) return journal.entries()
    // The browser's control object (window.cloudsmithMock) has journal(filter) as a method.
    if (typeof journal === 'function') return (journal as () => JournalEntry[]).call(source)
    if (hasEntries(source)) return source.entries()
  }
  const got = source === null ? 'null' : Array.isArray(source) ? 'an array' : typeof source
  throw new TypeError(
    `Expected a cloudsmith-mock mock (createMock(), setupMockServer(), remoteMock()) or its journal, got ${got}.`,
  )
}

function hasEntries(value: unknown): value is { entries(): JournalEntry[] } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { entries?: unknown }).entries === 'function'
  )
}
