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
  for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key])
  return value
}
