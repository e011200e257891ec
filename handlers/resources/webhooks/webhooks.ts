/**
 * A repository's webhooks: list, create, read, partial update, delete. The mock sends no
 * requests: `num_sent` stays 0 and the last response is "not sent yet".
 */
import { defineFamily, type ResourceFamily } from '../family.ts'
import { numberedIds, repoParamScope } from '../entitlements/scope.ts'

export const WEBHOOK_FAMILY = 'webhook'

/** request_body_format (RepositoryWebhook): 0 JSON, 1 JSON array, 2 form, 3 handlebars. */
const BODY_FORMATS = ['JSON Object', 'JSON Array', 'Form Encoded JSON', 'Handlebars Template']
const TEMPLATE_FORMATS = ['Generic (user defined)', 'JSON', 'XML']

export const webhookFamily: ResourceFamily = defineFamily({
  name: WEBHOOK_FAMILY,
  group: 'webhooks',
  scope: repoParamScope,
  keyField: 'identifier',
  list: 'webhooks_list',
  create: 'webhooks_create',
  read: 'webhooks_read',
  partialUpdate: 'webhooks_partial_update',
  delete: 'webhooks_delete',
  levels: { read: 'admin', write: 'admin' },
  hooks: {
    identity(key, fc) {
      return {
        ...numberedIds(key),
        created_by: fc.ctx.identity?.user ?? 'system',
        updated_by: fc.ctx.identity?.user ?? 'system',
        is_active: true,
        verify_ssl: true,
        request_body_format: 0,
        request_body_template_format: 0,
      }
    },
    beforeWrite(fields, fc) {
      // Secrets are write-only: RepositoryWebhook has no field for them.
      const kept = { ...fields }
      delete kept.secret_value
      delete kept.signature_key
      return { ...kept, updated_by: fc.ctx.identity?.user ?? 'system' }
    },
    present(record, fc) {
      const d = record.data
      const profile = (slug: unknown) => `${fc.ctx.origin}/users/profile/${String(slug)}/`
      return {
        self_url: `${fc.ctx.origin}/webhooks/${record.scope}/${record.key}/`,
        created_by_url: profile(d.created_by),
        updated_by_url: profile(d.updated_by),
        request_body_format_str:
          BODY_FORMATS[Number(d.request_body_format ?? 0)] ?? BODY_FORMATS[0],
        request_body_template_format_str:
          TEMPLATE_FORMATS[Number(d.request_body_template_format ?? 0)] ?? TEMPLATE_FORMATS[0],
        num_sent: 0,
        last_response_status: 0,
        last_response_status_str: 'Not sent yet',
        is_last_response_bad: false,
        disable_reason: 0,
        disable_reason_str: 'N/A',
      }
    },
  },
  summary: 'webhooks: list, create, read, partial update, delete',
  relations: 'stored per repository; the mock delivers nothing (`num_sent` 0)',
})
