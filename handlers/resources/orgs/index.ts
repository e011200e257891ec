/** The orgs group: its families and the hand-written routes beside them. */
import type { RouteDefinition } from '../../define-route.ts'
import type { ResourceFamily } from '../family.ts'
import { inviteFamily } from './invites.ts'
import { memberRoutes } from './members.ts'
import { oidcFamily } from './oidc.ts'
import { organizationRoutes } from './organization.ts'
import { policyFamilies, violationRoutes } from './policies.ts'
import { samlFamily, samlGroupSyncFamily } from './saml.ts'
import { serviceFamily } from './services.ts'
import { teamFamily } from './teams.ts'

export const orgFamilies: readonly ResourceFamily[] = [
  teamFamily,
  serviceFamily,
  inviteFamily,
  samlFamily,
  samlGroupSyncFamily,
  oidcFamily,
  ...policyFamilies,
]

export const orgRoutes: readonly RouteDefinition[] = [
  ...organizationRoutes,
  ...memberRoutes,
  ...violationRoutes,
]
