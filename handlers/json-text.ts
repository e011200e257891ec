/**
 * Pre-serialised JSON bodies for list pages. Serialising a record (about 70 fields for a
 * repository, 80 for a package) and stringifying it was most of a list request's cost in the
 * profiles (bench/RESULTS.md), and list pages send the same records again and again: each
 * record's JSON text is cached, and so are the encoded bytes of a page whose records did not
 * change, which a server can then write as they are.
 */
export class JsonText {
  /** UTF-8 JSON; shared between responses, so never written to. */
  readonly bytes: Uint8Array<ArrayBuffer>
  constructor(bytes: Uint8Array<ArrayBuffer>) {
    this.bytes = bytes
  }
}

const encoder = new TextEncoder()

/** Enough for the largest page (500) several times over; a walk through 100,000 packages stays a few MB. */
const MAX_RECORDS = 2_000

/**
 * A bounded memo of records' JSON text. Records are never changed in place (each write through
 * the database replaces the record object; reset() and restore() load copies), so the record
 * object plus the serialiser's other inputs (`inputs`: origin, clock, totals) identify the text.
 */
export function createJsonMemo<R extends object>() {
  const memo = new Map<R, { inputs: string; text: string }>()
  return (record: R, inputs: string, serialise: () => unknown): string => {
    const hit = memo.get(record)
    if (hit?.inputs === inputs) return hit.text
    const text = JSON.stringify(serialise())
    if (!hit && memo.size >= MAX_RECORDS) memo.delete(memo.keys().next().value!)
    memo.set(record, { inputs, text })
    return text
  }
}

/** Bytes of pages kept in all: a few full pages of the largest size. */
const MAX_PAGE_BYTES = 8 * 1024 * 1024

/**
 * What an entry costs besides its bytes: the slot (the URL) and the map entry. Counting only the
 * bytes, a client asking ever-new queries with empty answers (`[]`, 2 bytes) grew the memo by
 * ~400 bytes a request without end.
 */
const cost = (slot: string, page: JsonText, items: readonly string[]) =>
  page.bytes.length + slot.length * 2 + items.length * 8 + 256

/**
 * JSON arrays of record texts (from createJsonMemo), by slot (the request's URL). A page whose
 * items are the very same strings as last time is the same bytes: it is not joined and encoded
 * again.
 */
export function createPageMemo() {
  const pages = new Map<string, { items: readonly string[]; page: JsonText }>()
  let bytes = 0
  return (slot: string, items: readonly string[]): JsonText => {
    const hit = pages.get(slot)
    if (hit && hit.items.length === items.length && hit.items.every((t, i) => t === items[i]))
      return hit.page
    const page = new JsonText(encoder.encode(`[${items.join(',')}]`))
    if (hit) {
      pages.delete(slot)
      bytes -= cost(slot, hit.page, hit.items)
    }
    const size = cost(slot, page, items)
    if (size > MAX_PAGE_BYTES) return page
    for (const [oldest, entry] of pages) {
      if (bytes + size <= MAX_PAGE_BYTES) break
      pages.delete(oldest)
      bytes -= cost(oldest, entry.page, entry.items)
    }
    pages.set(slot, { items, page })
    bytes += size
    return page
  }
}

/**
 * The last page built from each list view (an array a Table caches until its data changes):
 * asked again with the same `key` (origin, page, size and whatever else the items' JSON depends
 * on), the page is its bytes, without even looking at its records.
 */
export function createViewPageCache() {
  const last = new WeakMap<object, { key: string; page: JsonText }>()
  return (view: object, key: string, build: () => JsonText): JsonText => {
    const hit = last.get(view)
    if (hit?.key === key) return hit.page
    const page = build()
    last.set(view, { key, page })
    return page
  }
}
