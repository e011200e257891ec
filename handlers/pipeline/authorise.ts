/** Step 4, authorise: the route's access rule against the caller. */
import type { Identity } from '../../src/core/auth.ts'
import { errors } from '../../src/core/errors.ts'
import type { RouteDefinition } from '../define-route.ts'
import type { Caller } from './identify.ts'

/**
 * The caller's identity when the route lets them in. Bad credentials are refused everywhere but
 * on `public` routes; no credentials only on `required` ones.
 * @throws MockError 401 (the credential's own error, or "not provided")
 */
export function authorise(route: RouteDefinition, caller: Caller): Identity | null {
  if (caller.authError && route.access !== 'public') throw caller.authError
  if (!caller.identity && route.access === 'required') throw errors.notAuthenticated()
  return caller.identity
}
