/**
 * Every resource family, by group. A new family is a row here (and its definition file); the
 * routes, the docs table (docs/operations.md) and the coverage report all read this list.
 */
import type { ResourceFamily } from './family.ts'
import { geoipFamily } from './repos/geoip.ts'
import { keyFamilies } from './repos/keys.ts'
import { retentionFamily } from './repos/retention.ts'
import { upstreamFamilies } from './repos/upstreams.ts'
import { orgFamilies } from './orgs/index.ts'
import { entitlementFamily } from './entitlements/entitlements.ts'
import { webhookFamily } from './webhooks/webhooks.ts'

export const families: readonly ResourceFamily[] = [
  // repos
  ...upstreamFamilies,
  ...keyFamilies,
  geoipFamily,
  retentionFamily,
  // orgs
  ...orgFamilies,
  // entitlements, webhooks
  entitlementFamily,
  webhookFamily,
]
