/** Step 2, identify: who is asking, without failing yet. */
import { authenticate, readCredentials, type Identity } from '../../src/core/auth.ts'
import { toMockError, type MockError } from '../../src/core/errors.ts'
import { rateKey } from '../../src/core/rate-limit.ts'
import type { MockState } from '../../src/core/state.ts'

export interface Caller {
  /** Null for anonymous or bad credentials. */
  identity: Identity | null
  /** Bad credentials: answered only once a scenario has not decided (authorise). */
  authError: MockError | null
  /** The caller's rate-limit window (src/core/rate-limit.ts `rateKey`). */
  rateKey: string
}

/**
 * The caller the credentials name. A bad credential is kept, not thrown: forced answers
 * (scenarios) still carry the caller's rate headers, and public routes ignore it.
 */
export function identify(state: MockState, headers: Headers, operationId: string): Caller {
  let identity: Identity | null = null
  let authError: MockError | null = null
  try {
    identity = authenticate(readCredentials(headers), (key) => state.db.apiKeys.get(key)?.user)
  } catch (thrown) {
    authError = toMockError(thrown, operationId)
  }
  return { identity, authError, rateKey: rateKey(identity) }
}
