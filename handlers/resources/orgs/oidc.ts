/**
 * OpenID Connect provider settings of an organisation, and their dynamic mappings (a claim's
 * value -> a service account). Service accounts named must be services of the organisation;
 * as the document says, `service_accounts` cannot be given with `mapping_claim` or
 * `dynamic_mappings`.
 */
import { errors } from '../../../src/core/errors.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import { listRecords } from '../engine.ts'
import { defineFamily, type FamilyContext, type ResourceFamily } from '../family.ts'
import { recordOf, slugify } from './common.ts'
import { orgScope } from './org-scope.ts'
import { SERVICE } from './teams.ts'

interface Mapping {
  claim_value: string
  service_account: string
}

const mappingsOf = (data: Record<string, unknown>): Mapping[] =>
  Array.isArray(data.dynamic_mappings) ? (data.dynamic_mappings as Mapping[]) : []

/** The provider `{provider_setting}` names (slug_perm or slug), or 404. */
function provider(fc: FamilyContext) {
  const id = fc.ctx.params.provider_setting
  const found = listRecords(fc).find((r) => r.key === id || r.data.slug === id)
  if (!found) throw errors.notFound()
  return found
}

export const oidcFamily: ResourceFamily = defineFamily({
  name: 'org-oidc',
  group: 'orgs',
  scope: orgScope,
  list: 'orgs_openid-connect_list',
  create: 'orgs_openid-connect_create',
  read: 'orgs_openid-connect_read',
  update: 'orgs_openid-connect_update',
  partialUpdate: 'orgs_openid-connect_partial_update',
  delete: 'orgs_openid-connect_delete',
  levels: { read: 'admin' },
  hooks: {
    beforeWrite(fields, fc) {
      const accounts = Array.isArray(fields.service_accounts)
        ? (fields.service_accounts as string[])
        : []
      const mappings = mappingsOf(fields)
      const sent = fc.ctx.body
      if (
        Array.isArray(sent.service_accounts) &&
        sent.service_accounts.length &&
        (sent.mapping_claim ||
          (Array.isArray(sent.dynamic_mappings) && sent.dynamic_mappings.length))
      )
        throw errors.invalid({
          service_accounts: [
            'Cannot be provided if `mapping_claim` or `dynamic_mappings` are specified.',
          ],
        })
      const unknown = [...accounts, ...mappings.map((m) => m.service_account)].filter(
        (slug) => !recordOf(fc.ctx.state, SERVICE, fc.scope.key, slug),
      )
      if (unknown.length)
        throw errors.invalid({
          service_accounts: unknown.map((s) => `No service "${String(s).slice(0, 100)}".`),
        })
      return {
        service_accounts: [],
        dynamic_mappings: [],
        mapping_claim: null,
        ...fields,
        slug: slugify(String(fields.name)),
      }
    },
  },
  actions: {
    'orgs_openid-connect_dynamic-mappings_list': {
      level: 'admin',
      handle(fc) {
        // Paginated as any list: `page`, `page_size`, X-Pagination-* headers, 404 past the end.
        const all = mappingsOf(provider(fc).data)
        const { items, headers } = paginate(all, readPageRequest(fc.ctx.query), fc.ctx.url)
        return { status: 200, body: items, headers }
      },
    },
    'orgs_openid-connect_dynamic-mappings_read': {
      level: 'admin',
      handle(fc) {
        const mapping = mappingsOf(provider(fc).data).find(
          (m) => m.claim_value === fc.ctx.params.claim_value,
        )
        if (!mapping) throw errors.notFound()
        return { status: 200, body: mapping }
      },
    },
  },
  summary:
    'OpenID Connect provider settings: list, create, read, update, partial update, delete; their dynamic mappings: list, read',
  relations:
    'service accounts and mapped accounts must be services of the organisation; stored, not used to sign anyone in',
})
