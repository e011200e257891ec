/**
 * Plain data across realms. Records are JSON-like data (objects, arrays, primitives), but the
 * objects holding them may come from another realm: under jest, `structuredClone`, `fetch` and
 * `Response.json()` belong to Node's outer realm while the mock runs in jest's VM context, and in
 * a DOM environment the window has realms of its own. Checks by prototype identity
 * (`getPrototypeOf(value) === Object.prototype`, `instanceof Object`) fail on such objects, so
 * the data layer copies what it keeps or drafts into this realm's objects first.
 */

/**
 * True for an object made by `{}`, `new Object()` or `Object.create(null)` in any realm: its
 * prototype is null or a prototype whose own prototype is null. Arrays, class instances, Dates,
 * Maps are not plain.
 * @example
 * isPlainObject(vm.runInNewContext('({ a: 1 })')) // true
 * isPlainObject(new Date()) // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto: unknown = Object.getPrototypeOf(value)
  return (
    (proto === null || Object.getPrototypeOf(proto) === null) &&
    Object.prototype.toString.call(value) === '[object Object]'
  )
}

/**
 * A deep copy of plain data made of this realm's objects and arrays, whatever realm `value`'s
 * came from. Plain objects (own enumerable string keys) and arrays are copied; anything else
 * (primitives, Dates, class instances) is kept as it is. Symbol keys are dropped.
 * @example
 * const copy = plainCopy(structuredClone(record)) // Object.getPrototypeOf(copy) === Object.prototype
 */
export function plainCopy<T>(value: T): T {
  if (Array.isArray(value)) {
    // Not value.map: a foreign array's map builds its result in the foreign realm.
    const items = value as unknown[]
    const copy: unknown[] = new Array(items.length)
    for (let i = 0; i < items.length; i++) copy[i] = plainCopy(items[i])
    return copy as T
  }
  if (!isPlainObject(value)) return value
  const copy: Record<string, unknown> = {}
  for (const key of Object.keys(value)) copy[key] = plainCopy(value[key])
  return copy as T
}
