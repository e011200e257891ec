/**
 * Routes are declared with `defineRoute` and dispatched through one table (src/core/router.ts);
 * the pipeline that answers them is in ./pipeline/ (index.ts lists its steps).
 */
import { Router } from '../src/core/router.ts'
import { routePath } from './pipeline/match.ts'
import { universalStatuses } from '../src/core/scenarios/statuses.ts'
import { getOperation, isOperationId } from '../src/core/openapi/index.ts'
import type { Identity } from '../src/core/auth.ts'
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

/**
 * The names of a path template's `{param}`s.
 * @example PathParamNames<'/repos/{owner}/{identifier}/'> // 'owner' | 'identifier'
 */
export type PathParamNames<Path extends string> =
  Path extends `${string}{${infer Name}}${infer Rest}` ? Name | PathParamNames<Rest> : never

/**
 * What `ctx.params` holds for a path: each `{param}` of a literal template as a string, so reading
 * one the path lacks is a type error. A path only known as `string` (routes built from a table)
 * gives any name, possibly undefined.
 * @example PathParams<'/repos/{owner}/'> // { owner: string }
 */
export type PathParams<Path extends string> = string extends Path
  ? Record<string, string>
  : { [Name in PathParamNames<Path>]: string }

/** Who a route with this access sees: always someone on `required` routes. */
export type CallerFor<A extends Access> = [A] extends ['required'] ? Identity : Identity | null

/**
 * A route: the operation it answers, where, for whom, and its handler. `Path` and `A` are the
 * literal path and access defineRoute infers, which type the handler's `ctx`; the defaults
 * describe any route (the route table's element type).
 */
export interface RouteDefinition<Path extends string = string, A extends Access = Access> {
  operationId: string
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  path: Path
  access: A
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
  handle(ctx: RouteContext<PathParams<Path>, CallerFor<A>>): Promise<RouteResult> | RouteResult
}

/**
 * Declares a route, its handler's `ctx` typed from it: `ctx.params` has the path's parameters
 * (PathParams) and `ctx.identity` is non-null when `access` is `'required'`. Returns it as any
 * route, to be listed in handlers/index.ts.
 * @example
 * defineRoute({
 *   operationId: 'repos_read', method: 'GET', path: '/repos/{owner}/{identifier}/',
 *   access: 'optional', handle: (ctx) => ({ status: 200, body: ctx.params.identifier }),
 * })
 */
export function defineRoute<const Path extends string, const A extends Access>(
  definition: RouteDefinition<Path, A>,
): RouteDefinition {
  // The pipeline calls `handle` with the params the router matched on this path and, on
  // `required` routes, only once authorise has refused anonymous callers: what the types say.
  return definition as unknown as RouteDefinition
}

const built = new WeakMap<readonly RouteDefinition[], Router<RouteDefinition>>()

/**
 * The route table of `routes`, built once per list: a router only reads after it is built, so
 * every mock of a process shares the one of the route list (a few ms of each creation).
 */
export function buildRouter(routes: readonly RouteDefinition[]): Router<RouteDefinition> {
  let router = built.get(routes)
  if (router) return router
  router = new Router<RouteDefinition>({ readPath: routePath })
  for (const route of routes) router.add(route.method, route.path, route)
  built.set(routes, router)
  return router
}

/** Documented statuses of an operation plus those any call can meet. */
export function statusesFor(operationId: string): number[] {
  const responses = isOperationId(operationId) ? getOperation(operationId).responses : { 200: null }
  const documented = Object.keys(responses).map(Number)
  return [...new Set([...documented, ...universalStatuses])].sort((a, b) => a - b)
}
