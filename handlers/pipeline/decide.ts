/**
 * Step 3, decide scenario: which scenario (or `Prefer: code=`) shapes the answer, and the answer
 * it forces, if any: a dropped connection, or a status with Cloudsmith's body for it.
 */
import { errorBody, errors } from '../../src/core/errors.ts'
import type { Decision, RequestScenarios } from '../../src/core/scenarios/engine.ts'
import { DEFAULT_THROTTLE_RETRY_AFTER } from '../../src/core/scenarios/types.ts'
import type { MockState } from '../../src/core/state.ts'
import type { RouteResult } from '../context.ts'
import { exampleFields } from '../forced.ts'
import type { Matched } from './match.ts'
import { throttledError } from './throttle.ts'

export interface Decided {
  /** The scenarios the request names (header, query, `Prefer`), for the sync choice later. */
  requested: RequestScenarios
  /** Null when no scenario applies. */
  decision: Decision | null
}

/**
 * The scenario decision for this request.
 * @throws MockError 400 for an unknown scenario name or a code the operation cannot answer
 */
export function decide(state: MockState, request: Request, url: URL, matched: Matched): Decided {
  const requested = state.scenarios.fromRequest(request.headers, url.searchParams)
  const decision = state.scenarios.decide(
    {
      operationId: matched.route.operationId,
      method: request.method,
      template: matched.template,
      path: matched.path,
    },
    requested,
  )
  return { requested, decision }
}

/**
 * The answer the deciding rule forces: `network-error`, a status with the rule's body or
 * Cloudsmith's for that status; null when the route is to run (no rule, or a 2xx without body).
 * The caller's rate headers are not in it yet.
 */
export function forcedAnswer(
  state: MockState,
  matched: Matched,
  decision: Decision | null,
  rateKey: string,
  now: number,
): RouteResult | 'network-error' | null {
  const rule = decision?.rule
  if (rule?.networkError) return 'network-error'
  if (rule?.status === undefined || (rule.status < 300 && rule.body === undefined)) return null
  const status = rule.status
  const headers: Record<string, string> = { ...rule.headers }
  if (status === 429) {
    const error = throttledError(state, rateKey, now, DEFAULT_THROTTLE_RETRY_AFTER)
    const body = rule.body === undefined ? errorBody(error) : rule.body
    return { status, body, headers: { ...error.headers, ...headers } }
  }
  if (status === 503 && !Object.keys(headers).some((h) => h.toLowerCase() === 'retry-after'))
    headers['Retry-After'] = '30'
  if (rule.body !== undefined) return { status, body: rule.body, headers }
  if (status === 422) {
    const error = errors.invalid(exampleFields(matched.route.operationId))
    return { status, body: errorBody(error), headers }
  }
  if (status < 400) return { status, headers }
  return { status, body: errorBody(errors.ofStatus(status)), headers }
}
