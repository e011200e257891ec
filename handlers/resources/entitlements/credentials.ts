/**
 * Entitlement tokens as download credentials: dl.cloudsmith.io takes one in place of the
 * access segment (`https://dl.cloudsmith.io/<token>/<owner>/<repo>/...`, the URLs the web app's
 * "Set me up" shows for a token) or as `?token=`. An active token within its limits opens its
 * own repository's files, private ones included, to anyone who holds it; a download made with
 * it counts in its `downloads` and `bandwidth`.
 */
import { resourceGroup, resourceKey } from '../../../src/core/db/keys.ts'
import type { ResourceRecord } from '../../../src/core/db/schemas.ts'
import type { MockState, RouteContext } from '../../context.ts'
import { ENTITLEMENT_FAMILY } from './entitlements.ts'

/** Whether the token's limits (date range, download count) allow one more download now. */
function withinLimits(data: Record<string, unknown>, now: number): boolean {
  if (data.is_active === false) return false
  const from =
    typeof data.limit_date_range_from === 'string' ? Date.parse(data.limit_date_range_from) : NaN
  const to =
    typeof data.limit_date_range_to === 'string' ? Date.parse(data.limit_date_range_to) : NaN
  if (!Number.isNaN(from) && now < from) return false
  if (!Number.isNaN(to) && now > to) return false
  const limit = data.limit_num_downloads
  if (typeof limit === 'number' && limit > 0 && Number(data.downloads ?? 0) >= limit) return false
  return true
}

/**
 * The entitlement tokens the request sends: its access segment (other than `basic` and
 * `public`) and `?token=`. Empty when it sends none.
 * @example sentTokens(ctx) // ['q8Rh2BX1vQ0sMw7e'] for GET /q8Rh2BX1vQ0sMw7e/acme/platform/...
 */
export function sentTokens(ctx: RouteContext): string[] {
  return [ctx.params.access, ctx.query.get('token')].filter(
    (value): value is string => !!value && value !== 'basic' && value !== 'public',
  )
}

/**
 * The entitlement record the request's token names for `owner/repo`, if it may download now
 * (the access segment, else `?token=`); undefined when none is given or it does not qualify.
 */
export function entitlementFor(
  ctx: RouteContext,
  namespace: string,
  repository: string,
): ResourceRecord | undefined {
  const candidates = sentTokens(ctx)
  if (!candidates.length) return undefined
  const tokens = ctx.state.db.resources.group(
    resourceGroup(ENTITLEMENT_FAMILY, `${namespace}/${repository}`),
  )
  const now = ctx.state.clock.now()
  return tokens.find(
    (record) => candidates.includes(String(record.data.token)) && withinLimits(record.data, now),
  )
}

/** Counts one download of `bytes` made with the token. */
export async function countEntitlementDownload(
  state: MockState,
  record: ResourceRecord,
  bytes: number,
): Promise<void> {
  await state.db.resources.update(resourceKey(record.family, record.scope, record.key), (draft) => {
    draft.data = {
      ...draft.data,
      downloads: Number(draft.data.downloads ?? 0) + 1,
      bandwidth: Number(draft.data.bandwidth ?? 0) + bytes,
    }
  })
}
