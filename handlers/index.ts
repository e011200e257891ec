/** Every route of the mock, in one table. */
import type { RouteDefinition } from './define-route.ts'
import { directUploadRoutes } from './direct-upload.ts'
import { downloadRoutes } from './downloads.ts'
import { fileRoutes, uploadTargetRoutes } from './files.ts'
import { namespaceRoutes } from './namespaces.ts'
import { packageRoutes } from './packages.ts'
import { rateRoutes } from './rates.ts'
import { repoRoutes } from './repos.ts'
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
]

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
