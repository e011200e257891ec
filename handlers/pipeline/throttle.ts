/** Step 5, throttle: the caller's rate-limit window, counted or refused. */
import { errors, type MockError } from '../../src/core/errors.ts'
import { retryAfter, type RateState } from '../../src/core/rate-limit.ts'
import type { Decision } from '../../src/core/scenarios/engine.ts'
import { DEFAULT_THROTTLE_RETRY_AFTER } from '../../src/core/scenarios/types.ts'
import type { MockState } from '../../src/core/state.ts'
import type { RouteDefinition } from '../define-route.ts'

/**
 * Counts the request in the caller's window (unmetered routes only look at it) and returns the
 * window its X-RateLimit-* headers report. A window a scenario throttles is a view, never stored:
 * the next request without the scenario is served.
 * @throws MockError 429 with Retry-After when the window is spent (for real, or by a scenario)
 */
export function throttle(
  state: MockState,
  route: RouteDefinition,
  rateKey: string,
  decision: Decision | null,
  now: number,
): RateState {
  const throttled = decision?.throttle === true
  const waitSeconds = decision?.retryAfter ?? DEFAULT_THROTTLE_RETRY_AFTER
  if (throttled && !route.unmetered) throw throttledError(state, rateKey, now, waitSeconds)
  if (throttled) return state.limiter.spent(rateKey, now, waitSeconds)
  return route.unmetered ? state.limiter.peek(rateKey, now) : state.limiter.consume(rateKey, now)
}

/**
 * 429 for a caller whose window a scenario declares spent for `seconds`: the numbers
 * /rates/limits/ reports.
 */
export function throttledError(
  state: MockState,
  rateKey: string,
  now: number,
  seconds: number,
): MockError {
  const spent = state.limiter.spent(rateKey, now, seconds)
  const error = errors.throttled(retryAfter(spent, now))
  Object.assign(error.headers, state.limiter.headers(spent, now))
  return error
}
