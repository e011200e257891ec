/**
 * The routes of the table-driven resource families, the hand-written routes that sit beside
 * them (privileges, transfer-region), and the 501 routes of what is deliberately not modelled.
 */
import type { RouteDefinition } from '../define-route.ts'
import { familyRoutes } from './engine.ts'
import { families } from './families.ts'
import { notModelledRoutes } from './not-modelled.ts'
import { privilegeRoutes } from './repos/privileges.ts'
import { transferRegionRoute } from './repos/transfer-region.ts'
import { orgRoutes } from './orgs/index.ts'
import { auditLogRoutes } from './audit-log/audit-log.ts'
import { metricsRoutes } from './metrics/metrics.ts'
import { quotaRoutes } from './quota/quota.ts'
import { recycleBinRoutes } from './recycle-bin/recycle-bin.ts'
import { userTokenRoutes } from './user/tokens.ts'
import { catalogRoutes } from './catalog/catalog.ts'
import { miscRoutes } from './misc/misc.ts'
import { packageExtraRoutes } from './packages/extras.ts'
import { vulnerabilityRoutes } from './vulnerabilities/vulnerabilities.ts'

/** Hand-written routes of the groups the families belong to (behaviour beyond CRUD). */
export const resourceRoutes: readonly RouteDefinition[] = [
  ...families.flatMap(familyRoutes),
  ...privilegeRoutes,
  transferRegionRoute,
  ...orgRoutes,
  // user tokens, quota, metrics, audit log, recycle bin
  ...userTokenRoutes,
  ...quotaRoutes,
  ...metricsRoutes,
  ...auditLogRoutes,
  ...recycleBinRoutes,
  // formats, distros, storage regions, vulnerabilities, package extras, bulk action, misc
  ...catalogRoutes,
  ...vulnerabilityRoutes,
  ...packageExtraRoutes,
  ...miscRoutes,
]

export { families, notModelledRoutes }
export { notModelled } from './not-modelled.ts'
export { familyOperations, familyRoutes } from './engine.ts'
export { defineFamily, type ResourceFamily, type FamilyAction, type FamilyHooks } from './family.ts'
