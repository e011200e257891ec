/**
 * Routes are declared with `defineRoute` and dispatched through one table (src/core/router.ts);
 * the pipeline that answers them is in ./pipeline/ (index.ts lists its steps).
 */
import { Router } from '../src/core/router.ts'
import { universalStatuses } from '../src/core/scenarios/statuses.ts'
import { getOperation, isOperationId } from '../src/core/openapi/index.ts'
import type { RouteContext, RouteResult } from './context.ts'

export type { Reply } from '../src/core/reply.ts'
export { handleRequest, replyTo } from './pipeline/index.ts'

export type Access =
  /** No credentials needed; bad credentials are still a 401 (status check ignores them). */
  | 'public'
  /** Anonymous allowed (public reads); invalid credentials are 401. */
  | 'optional'
  /** Credentials required. */
  | 'required'

export interface RouteDefinition {
  operationId: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: string
  access: Access
  /**
   * JSON request body validated against the operation's schema (default for POST/PUT/PATCH).
   * `raw`: the handler reads the body itself, buffered first when the route writes. `stream`:
   * the handler reads the body as it arrives (the upload target), outside the write queue, and
   * makes its change through `ctx.write`, so a slow or large upload holds neither the queue nor
   * more than a chunk of memory.
   */
  body?: 'json' | 'json-unchecked' | 'raw' | 'stream'
  /** Exempt from the rate limit (the rate-limit endpoint itself). */
  unmetered?: boolean
  /**
   * Changes data (default: every method but GET). Writes run one at a time through the mock's
   * write queue; a GET that changes data (a status poll advances a sync) sets it too.
   */
  writes?: boolean
  /** Normalises a body before validation (the CLI sends tag actions in lower case). */
  prepare?: (body: Record<string, unknown>) => Record<string, unknown>
  handle(ctx: RouteContext): Promise<RouteResult> | RouteResult
}

export function defineRoute(definition: RouteDefinition): RouteDefinition {
  return definition
}

export function buildRouter(routes: readonly RouteDefinition[]): Router<RouteDefinition> {
  const router = new Router<RouteDefinition>()
  for (const route of routes) router.add(route.method, route.path, route)
  return router
}

/** Documented statuses of an operation plus those any call can meet. */
export function statusesFor(operationId: string): number[] {
  const responses = isOperationId(operationId) ? getOperation(operationId).responses : { 200: null }
  const documented = Object.keys(responses).map(Number)
  return [...new Set([...documented, ...universalStatuses])].sort((a, b) => a - b)
}
