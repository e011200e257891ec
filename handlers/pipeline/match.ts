/** Step 1, match: which route answers the method and path. */
import { errors } from '../../src/core/errors.ts'
import type { Router, RouteMatch } from '../../src/core/router.ts'
import type { RouteDefinition } from '../define-route.ts'

export interface Matched extends RouteMatch<RouteDefinition> {
  /** The path without its `/v1` prefix, as rules match it. */
  path: string
}

/**
 * The route for `method` and the URL's path (`/v1/repos/` and `/repos/` are one route: the
 * bindings and the CLI use no prefix).
 * @throws MockError 404 for an unknown path, 405 (with `Allow`) for a known one and another method
 */
export function match(router: Router<RouteDefinition>, method: string, url: URL): Matched {
  const path = routePath(url.pathname)
  const found = router.match(method, path)
  if (!found) throw errors.notFound()
  if ('allowed' in found) throw errors.methodNotAllowed(method, found.allowed)
  return { ...found, path }
}

/**
 * A URL's path as routes match it: without the `/v1` prefix.
 * @example routePath('/v1/repos/acme/') // '/repos/acme/'
 */
export function routePath(pathname: string): string {
  return pathname.startsWith('/v1/') ? pathname.slice(3) : pathname === '/v1' ? '/' : pathname
}
