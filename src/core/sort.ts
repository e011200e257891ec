/**
 * The `sort` query parameter of list endpoints: a field name, descending with a leading `-`
 * (`-created_at`), checked against the fields the endpoint sorts by.
 */
import { errors } from './errors.ts'

/** Orders two records: negative when `a` comes first, as Array.prototype.sort takes it. */
export type Compare<T> = (a: T, b: T) => number

/**
 * The comparator `sort` names in `sorters` (ascending) and whether `-` asked for descending.
 * Only own keys count, so `sort=__proto__` cannot reach Object.prototype.
 * @throws MockError 400 on `sort` listing the valid fields, when the field is not one of them
 * @example
 * parseSort('-name', { name: byName }) // { descending: true, compare: byName }
 */
export function parseSort<T>(
  sort: string,
  sorters: Readonly<Record<string, Compare<T>>>,
): { descending: boolean; compare: Compare<T> } {
  const descending = sort.startsWith('-')
  const name = sort.replace(/^-/, '')
  const compare = Object.hasOwn(sorters, name) ? sorters[name] : undefined
  if (!compare)
    throw errors.invalid({
      sort: [
        `"${sort.slice(0, 50)}" is not a valid sort field. Valid: ${Object.keys(sorters).join(', ')}.`,
      ],
    })
  return { descending, compare }
}
