/**
 * @msw/data keys each record with a random UUID unless its initial values carry a key under its
 * (unexported) `kPrimaryKey` symbol. Built by string concatenation, a UUID held ~490 bytes: a
 * fifth of a package record (bench/RESULTS.md). A counter costs nothing. The symbol is read off
 * the first record created; should it ever be missing, records simply keep their UUIDs.
 */
let primaryKey: symbol | null | undefined
let lastKey = 0

/** `values` with the next counter as @msw/data's primary key, once the symbol is known. */
export function withPrimaryKey<T>(values: T): T {
  return primaryKey ? { ...values, [primaryKey]: ++lastKey } : values
}

/** Reads @msw/data's primary-key symbol off a record it created (once per process). */
export function learnPrimaryKey(record: object): void {
  primaryKey ??=
    Object.getOwnPropertySymbols(record).find((s) => s.description === 'kPrimaryKey') ?? null
}
