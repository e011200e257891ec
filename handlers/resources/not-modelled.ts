/**
 * Documented operations the mock does not model, each with the reason its 501 gives. Every
 * operation of the document is either served by a route or listed here (test/contract/
 * route-table.test.ts fails otherwise), so no operation ever answers a 404 that reads as
 * missing data. Modelling one means adding its route and deleting its line here.
 */
import { errors } from '../../src/core/errors.ts'
import { getOperation, type OperationId } from '../../src/core/openapi/index.ts'
import { defineRoute, type RouteDefinition } from '../define-route.ts'

/** Not modelled yet: the groups issue 16 still has to bring in. */
const PENDING = 'not modelled yet (issue 16).'

/** Operation id -> why it answers 501. */
export const notModelled: Readonly<Partial<Record<OperationId, string>>> = {
  // audit-log
  audit_log_namespace_list: PENDING,
  audit_log_repo_list: PENDING,
  // badges
  badges_version_list: PENDING,
  // broadcasts
  broadcasts_create_broadcast_token: PENDING,
  // bulk-action
  bulk_action: PENDING,
  // distros
  distros_list: PENDING,
  distros_read: PENDING,
  // entitlements
  entitlements_create: PENDING,
  entitlements_delete: PENDING,
  entitlements_disable: PENDING,
  entitlements_enable: PENDING,
  entitlements_list: PENDING,
  entitlements_partial_update: PENDING,
  entitlements_read: PENDING,
  entitlements_refresh: PENDING,
  entitlements_reset: PENDING,
  entitlements_sync: PENDING,
  entitlements_toggle_private_broadcasts: PENDING,
  // formats
  formats_list: PENDING,
  formats_read: PENDING,
  // metrics
  metrics_entitlements_account_list: PENDING,
  metrics_entitlements_repo_list: PENDING,
  metrics_packages_list: PENDING,
  // orgs
  orgs_delete:
    'deleting an organisation (its repositories, packages, members and settings) is not modelled: the dataset’s organisation is kept.',
  // packages
  packages_dependencies: PENDING,
  packages_groups_list: PENDING,
  packages_scan: PENDING,
  packages_update_license: PENDING,
  // quota
  quota_history_read: PENDING,
  quota_oss_history_read: PENDING,
  quota_oss_read: PENDING,
  quota_read: PENDING,
  // recycle-bin
  'recycle-bin_action': PENDING,
  'recycle-bin_list': PENDING,
  // storage-regions
  'storage-regions_list': PENDING,
  'storage-regions_read': PENDING,
  // user
  user_token_create: PENDING,
  user_tokens_create: PENDING,
  user_tokens_list: PENDING,
  user_tokens_refresh: PENDING,
  // users
  users_profile_read: PENDING,
  // vulnerabilities
  vulnerabilities_namespace_list: PENDING,
  vulnerabilities_package_list: PENDING,
  vulnerabilities_read: PENDING,
  vulnerabilities_repo_list: PENDING,
  // webhooks
  webhooks_create: PENDING,
  webhooks_delete: PENDING,
  webhooks_list: PENDING,
  webhooks_partial_update: PENDING,
  webhooks_read: PENDING,
}

/**
 * One route per operation in `notModelled`, at the document's method and path: authentication
 * and scenarios apply as anywhere; its own answer is the 501. The body is not read.
 */
export function notModelledRoutes(): RouteDefinition[] {
  return Object.entries(notModelled).map(([operationId, reason]) => {
    const op = getOperation(operationId as OperationId)
    return defineRoute({
      operationId,
      method: op.method as RouteDefinition['method'],
      path: op.path,
      access: 'optional',
      body: 'raw',
      writes: false,
      handle() {
        throw errors.notModelled(operationId, reason!)
      },
    })
  })
}
