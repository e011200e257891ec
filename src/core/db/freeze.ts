/**
 * Stored records are frozen, all the way down: answers and record texts are cached on the
 * assumption that a record changes only through its table (which counts the change), so an
 * edit in place must fail loudly (a TypeError in strict-mode code, which ES modules are) instead
 * of leaving a cached page stale. See docs/decisions/frozen-records.md.
 */

/**
 * Freezes `value` and every object and array reachable through its own properties; returns it.
 * Already frozen objects are not walked again (a record's nested values were frozen with it).
 * @example
 * const record = deepFreeze({ tags: { info: ['a'] } })
 * record.tags.info.push('b') // TypeError: Cannot add property 1, object is not extensible
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value
  Object.freeze(value)
  // Records are JSON-like: own enumerable string keys and array items hold all their data (the
  // collection's symbol-keyed bookkeeping is not theirs to freeze). Calling only for objects
  // keeps a package record at a few microseconds (a 50,000-package load: about 0.3 s).
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (typeof item === 'object') deepFreeze(item)
  } else {
    const fields = value as Record<string, unknown>
    for (const key of Object.keys(fields))
      if (typeof fields[key] === 'object') deepFreeze(fields[key])
  }
  return value
}
