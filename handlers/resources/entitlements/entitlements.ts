/**
 * Entitlement tokens of a repository: list, create, read, partial update, delete, enable,
 * disable, refresh (a new secret), reset (usage back to zero), sync (copy another repository's
 * tokens), toggle private broadcasts. A token is a download credential for its repository's
 * files (./credentials.ts), and its `downloads` count what it fetched (metrics read them).
 */
import { errors } from '../../../src/core/errors.ts'
import { getSchema } from '../../../src/core/openapi/index.ts'
import { listRecords, storeRecord } from '../engine.ts'
import { defineFamily, type FamilyContext, type Fields, type ResourceFamily } from '../family.ts'
import { present, tokenOf } from '../schema-body.ts'
import { numberedIds, repoParamScope } from './scope.ts'
import { requireNamespace, repoWithLevel } from '../../access.ts'
import { resourceGroup } from '../../../src/core/db/keys.ts'
import type { ResourceRecord } from '../../../src/core/db/schemas.ts'

/** The records' family name (fixtures seed under it). */
export const ENTITLEMENT_FAMILY = 'entitlement'

/** A new secret for a token: 16 alphanumerics, derived from the seed and what it replaces. */
export const entitlementSecret = (seed: string) => tokenOf(`entitlement-secret:${seed}`, 16)

const LIMITS = [
  'limit_bandwidth',
  'limit_date_range_from',
  'limit_date_range_to',
  'limit_num_clients',
  'limit_num_downloads',
  'limit_package_query',
  'limit_path_query',
] as const

/**
 * Secrets are shown only with `?show_tokens=true`, as the API does (the CLI's `entitlements
 * list --show-tokens`); otherwise all but the last four characters are masked.
 */
function shownToken(fc: FamilyContext, token: string): string {
  if (fc.ctx.query.get('show_tokens') === 'true') return token
  return `${'*'.repeat(Math.max(0, token.length - 4))}${token.slice(-4)}`
}

function computed(record: ResourceRecord, fc: FamilyContext): Fields {
  const d = record.data
  const self = `${fc.ctx.origin}/entitlements/${record.scope}/${record.key}/`
  const creator = typeof d.created_by === 'string' ? d.created_by : null
  const downloads = typeof d.downloads === 'number' ? d.downloads : 0
  const hasLimits = LIMITS.some((name) => d[name] !== undefined && d[name] !== null)
  return {
    token: shownToken(fc, String(d.token ?? '')),
    self_url: self,
    enable_url: `${self}enable/`,
    disable_url: `${self}disable/`,
    refresh_url: `${self}refresh/`,
    reset_url: `${self}reset/`,
    has_limits: hasLimits,
    is_limited:
      hasLimits && typeof d.limit_num_downloads === 'number' && downloads >= d.limit_num_downloads,
    usage: `${downloads} downloads`,
    created_by: creator ?? 'system',
    created_by_url: `${fc.ctx.origin}/users/profile/${creator ?? 'system'}/`,
    user: creator,
    user_url: creator ? `${fc.ctx.origin}/users/profile/${creator}/` : null,
  }
}

/** The answer for one token through the document's RepositoryToken schema. */
export function presentToken(record: ResourceRecord, fc: FamilyContext): Fields {
  return present(
    getSchema('RepositoryToken') ?? undefined,
    { ...record.data, ...computed(record, fc) },
    record.key,
  )
}

export const entitlementFamily: ResourceFamily = defineFamily({
  name: ENTITLEMENT_FAMILY,
  group: 'entitlements',
  scope: repoParamScope,
  keyField: 'identifier',
  list: 'entitlements_list',
  create: 'entitlements_create',
  read: 'entitlements_read',
  partialUpdate: 'entitlements_partial_update',
  delete: 'entitlements_delete',
  // Tokens are repository configuration: the web app shows them to repository admins.
  levels: { read: 'admin', write: 'admin' },
  hooks: {
    identity(key, fc) {
      return {
        ...numberedIds(key),
        created_by: fc.ctx.identity?.user ?? null,
        token: entitlementSecret(`${fc.ctx.state.seed}:${fc.scope.key}:${key}`),
        is_active: true,
        default: false,
        downloads: 0,
        clients: 0,
        access_private_broadcasts: false,
      }
    },
    present: computed,
  },
  actions: {
    entitlements_enable: { set: { is_active: true } },
    entitlements_disable: { set: { is_active: false } },
    entitlements_reset: { set: { downloads: 0, clients: 0, bandwidth: 0 } },
    entitlements_toggle_private_broadcasts: {
      set: (_record, fc) => ({
        access_private_broadcasts: fc.ctx.body.access_private_broadcasts === true,
      }),
    },
    entitlements_refresh: {
      async handle(fc, record) {
        if (!record) throw errors.notFound()
        const sent = typeof fc.ctx.body.token === 'string' ? fc.ctx.body.token : undefined
        const refreshes = Number(record.data.refreshes ?? 0) + 1
        const updated = await storeRecord(fc, record.key, {
          ...record.data,
          token:
            sent ??
            entitlementSecret(`${fc.ctx.state.seed}:${fc.scope.key}:${record.key}:${refreshes}`),
          refreshes,
          updated_at: new Date(fc.ctx.state.clock.now()).toISOString(),
        })
        return { status: 200, body: presentToken(updated, fc) }
      },
    },
    entitlements_sync: {
      async handle(fc) {
        // `source`: another repository of the same owner whose tokens replace this one's.
        const source = String(fc.ctx.body.source ?? '')
        const namespace = requireNamespace(fc.ctx, fc.ctx.params.owner ?? '')
        const from = fc.ctx.state.db.findRepository(namespace.slug, source)
        if (!from)
          throw errors.invalid({ source: [`Repository "${source.slice(0, 100)}" does not exist.`] })
        repoWithLevel(fc.ctx, namespace.slug, from.slug, 'admin')
        const sourceScope = `${from.namespace}/${from.slug}`
        if (sourceScope === fc.scope.key)
          throw errors.invalid({ source: ['Cannot sync a repository with itself.'] })
        for (const old of listRecords(fc))
          fc.ctx.state.db.resources.remove(`${ENTITLEMENT_FAMILY}:${fc.scope.key}:${old.key}`)
        const copied: ResourceRecord[] = []
        for (const token of fc.ctx.state.db.resources.group(
          resourceGroup(ENTITLEMENT_FAMILY, sourceScope),
        ))
          copied.push(
            await storeRecord(fc, token.key, {
              ...token.data,
              downloads: 0,
              clients: 0,
              bandwidth: 0,
            }),
          )
        return { status: 200, body: { tokens: copied.map((r) => presentToken(r, fc)) } }
      },
    },
  },
  summary:
    'entitlement tokens: list, create, read, partial update, delete, enable, disable, refresh, reset, sync, private broadcasts',
  relations:
    'an active token downloads its repository’s files (`dl` path segment or `?token=`), also private ones, anonymously; each download counts in the token’s `downloads` and in the entitlement metrics; limits on downloads and dates refuse it',
})
