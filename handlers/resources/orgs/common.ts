/** Small pieces the orgs families share: slugs, times, the record tables' direct edits. */
import { resourceGroup, resourceKey } from '../../../src/core/db/keys.ts'
import type { ResourceRecord } from '../../../src/core/db/schemas.ts'
import type { MockState } from '../../context.ts'
import type { Fields } from '../family.ts'

/** A slug from a name, as Cloudsmith derives team and service slugs (lower case, dashes). */
export function slugify(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9_]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'x'
  )
}

/** The mock's clock as an ISO time, `days` from now. */
export const isoIn = (state: MockState, days = 0) =>
  new Date(state.clock.now() + days * 86_400_000).toISOString()

/** The records of `family` in organisation `org`. */
export const recordsOf = (state: MockState, family: string, org: string): ResourceRecord[] =>
  state.db.resources.group(resourceGroup(family, org))

/** One record of `family` in `org`, or undefined. */
export const recordOf = (state: MockState, family: string, org: string, key: string) =>
  state.db.resources.get(resourceKey(family, org, key))

/** Replaces a record's fields in place (a cascade from another family's write). */
export async function rewrite(
  state: MockState,
  record: ResourceRecord,
  change: (data: Fields) => Fields,
): Promise<void> {
  await state.db.resources.update(resourceKey(record.family, record.scope, record.key), (draft) => {
    draft.data = change({ ...draft.data })
  })
}

/** Removes a record (a cascade). */
export const drop = (state: MockState, record: ResourceRecord) =>
  state.db.resources.remove(resourceKey(record.family, record.scope, record.key))

/** A URL of the API the mock answers at (user profiles, policies...). */
export const apiUrl = (origin: string, path: string) => `${origin}/${path}`
