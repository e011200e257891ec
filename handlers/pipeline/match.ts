/** Step 1, match: which route answers the method and path. */
import { errors } from '../../src/core/errors.ts'
import type { Router, RouteMatch } from '../../src/core/router.ts'
import type { RouteDefinition } from '../define-route.ts'

/** `path` is the URL's path without its `/v1` prefix, as rules match it. */
export type Matched = RouteMatch<RouteDefinition>

/**
 * The route for `method` and the URL's path (`/v1/repos/` and `/repos/` are one route: the
 * bindings and the CLI use no prefix).
 * @throws MockError 404 for an unknown path, 405 (with `Allow`) for a known one and another method
 */
export function match(router: Router<RouteDefinition>, method: string, url: URL): Matched {
  const found = router.match(method, url.pathname)
  if (!found) throw errors.notFound()
  if ('allowed' in found) throw errors.methodNotAllowed(method, found.allowed)
  return found
}

/**
 * A URL's path as routes match it: without the `/v1` prefix.
 * @example routePath('/v1/repos/acme/') // '/repos/acme/'
 */
export function routePath(pathname: string): string {
  return pathname.startsWith('/v1/') ? pathname.slice(3) : pathname === '/v1' ? '/' : pathname
}
