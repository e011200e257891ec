/**
 * Quota of a namespace: storage and bandwidth used against the plan's limits, now (`quota_read`)
 * and over the current month (`quota_history_read`), and the same for its open-source
 * repositories only (`quota_oss_*`). Computed from the stored packages (./usage.ts) on each
 * request: an upload or a delete shows in the next answer.
 *
 * `peak` is the highest storage this mock has answered for the namespace since its start or last
 * reset, never less than `used`: the mock keeps no usage history, so a rise and fall between two
 * quota reads is not seen. It is kept with the mock's id counters (`state.counters`), which
 * reset, restore and `--persist` carry with the data.
 */
import { errors } from '../../../src/core/errors.ts'
import type { RepositoryRecord } from '../../../src/core/db/schemas.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { formatSize } from '../../serialize.ts'
import { namespaceScope } from '../scopes.ts'
import { packagesOf, repositoriesOf, usageOf } from './usage.ts'

/** The mock's plan: 5 GB of storage and 50 GB of bandwidth a month (the published Pro tier). */
export const PLAN = { name: 'Mock Pro', storage: 5 * 1024 ** 3, bandwidth: 50 * 1024 ** 3 }

const percent = (used: number, limit: number) => ((used / limit) * 100).toFixed(2)

function monthStart(now: number): number {
  const d = new Date(now)
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
}

function usage(ctx: RouteContext, oss: boolean) {
  // Quota is the account owner's business: members of an organisation may read it.
  if (!ctx.identity) throw errors.notAuthenticated()
  const { key } = namespaceScope.resolve(ctx, 'read')
  const keep = oss ? (r: RepositoryRecord) => r.repository_type_str === 'Open-Source' : undefined
  const now = ctx.state.clock.now()
  const since = monthStart(now)
  const used = usageOf(packagesOf(ctx.state, repositoriesOf(ctx.state, key, keep)), since)
  return {
    now,
    since,
    ...used,
    peak: peakOf(ctx, `quota-peak:${oss ? 'oss' : 'all'}:${key}`, used.storage),
  }
}

/** The highest storage seen under `name`, `storage` included (see the module's note). */
function peakOf(ctx: RouteContext, name: string, storage: number): number {
  const peak = Math.max(ctx.state.counters.get(name) ?? 0, storage)
  ctx.state.counters.set(name, peak)
  return peak
}

function quota(ctx: RouteContext, oss: boolean) {
  const u = usage(ctx, oss)
  return {
    status: 200,
    body: {
      usage: {
        display: {
          bandwidth: {
            configured: formatSize(PLAN.bandwidth),
            plan_limit: formatSize(PLAN.bandwidth),
            used: formatSize(u.bandwidth),
            percentage_used: `${percent(u.bandwidth, PLAN.bandwidth)}%`,
          },
          storage: {
            configured: formatSize(PLAN.storage),
            plan_limit: formatSize(PLAN.storage),
            used: formatSize(u.storage),
            peak: formatSize(u.peak),
            used_pre_deduplication: formatSize(u.storage),
            percentage_used: `${percent(u.storage, PLAN.storage)}%`,
          },
        },
        raw: {
          bandwidth: {
            configured: PLAN.bandwidth,
            plan_limit: PLAN.bandwidth,
            used: u.bandwidth,
            percentage_used: percent(u.bandwidth, PLAN.bandwidth),
          },
          storage: {
            configured: PLAN.storage,
            plan_limit: PLAN.storage,
            used: u.storage,
            peak: u.peak,
            used_pre_deduplication: u.storage,
            percentage_used: percent(u.storage, PLAN.storage),
          },
        },
      },
    },
  }
}

function history(ctx: RouteContext, oss: boolean) {
  const u = usage(ctx, oss)
  const days = Math.max(1, Math.ceil((u.now - u.since) / 86_400_000))
  const fieldset = (used: number, limit: number) => ({
    display: {
      used: formatSize(used),
      limit: formatSize(limit),
      percentage: `${percent(used, limit)}%`,
    },
    raw: { used, limit, percentage: percent(used, limit) },
  })
  const uploaded = fieldset(u.uploaded, PLAN.storage)
  const downloaded = fieldset(u.bandwidth, PLAN.bandwidth)
  const stored = fieldset(u.storage, PLAN.storage)
  return {
    status: 200,
    body: {
      history: [
        {
          start: new Date(u.since).toISOString(),
          end: new Date(u.now).toISOString(),
          days,
          plan: PLAN.name,
          display: {
            uploaded: uploaded.display,
            downloaded: downloaded.display,
            storage_used: { ...stored.display, peak: formatSize(u.peak) },
          },
          raw: {
            uploaded: uploaded.raw,
            downloaded: downloaded.raw,
            storage_used: { ...stored.raw, peak: u.peak },
          },
        },
      ],
    },
  }
}

const route = (operationId: string, path: string, answer: (ctx: RouteContext) => unknown) =>
  defineRoute({
    operationId,
    method: 'GET',
    path,
    access: 'required',
    handle: answer as RouteDefinition['handle'],
  })

export const quotaRoutes: RouteDefinition[] = [
  route('quota_read', '/quota/{owner}/', (ctx) => quota(ctx, false)),
  route('quota_oss_read', '/quota/oss/{owner}/', (ctx) => quota(ctx, true)),
  route('quota_history_read', '/quota/history/{owner}/', (ctx) => history(ctx, false)),
  route('quota_oss_history_read', '/quota/oss/history/{owner}/', (ctx) => history(ctx, true)),
]
