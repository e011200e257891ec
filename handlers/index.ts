/** Every route of the mock, in one table. */
import type { RouteDefinition } from './define-route.ts'
import { directUploadRoutes } from './direct-upload.ts'
import { downloadRoutes } from './downloads.ts'
import { fileRoutes, uploadTargetRoutes } from './files.ts'
import { namespaceRoutes } from './namespaces.ts'
import { packageRoutes } from './packages.ts'
import { rateRoutes } from './rates.ts'
import { repoRoutes } from './repos.ts'
import { notModelledRoutes, resourceRoutes } from './resources/index.ts'
import { statusRoutes } from './status.ts'
import { uploadRoutes } from './uploads.ts'
import { userRoutes } from './user.ts'

export const routes: readonly RouteDefinition[] = [
  ...userRoutes,
  ...rateRoutes,
  ...statusRoutes,
  ...namespaceRoutes,
  ...repoRoutes,
  ...packageRoutes,
  ...uploadRoutes,
  ...fileRoutes,
  ...uploadTargetRoutes,
  ...directUploadRoutes,
  ...downloadRoutes,
  // Table-driven families and their companions (handlers/resources/), then the documented
  // operations not modelled, which answer 501 (handlers/resources/not-modelled.ts).
  ...resourceRoutes,
  ...notModelledRoutes(),
]

export { families, notModelled } from './resources/index.ts'

export {
  buildRouter,
  defineRoute,
  handleRequest,
  replyTo,
  statusesFor,
  type Reply,
} from './define-route.ts'
export type { RouteDefinition, Access } from './define-route.ts'
export type { MockState, RouteContext, RouteResult } from './context.ts'
