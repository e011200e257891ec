/**
 * Step 10, journal: one entry per request, after the delay, so its time and duration are what
 * the client saw.
 */
import { journalTime } from '../../src/core/journal.ts'
import type { MockState } from '../../src/core/state.ts'
import type { Answer } from './answer.ts'

/** Records `answer` for `request`; `started` is its `performance.now()` on arrival. */
export function journal(
  state: MockState,
  request: Request,
  url: URL,
  answer: Answer,
  started: number,
): void {
  state.journal.record({
    time: journalTime(state.clock.now()),
    method: request.method,
    path: url.pathname,
    query: url.search,
    operationId: answer.operationId,
    identity: answer.identity,
    status: answer.result === 'network-error' ? 0 : answer.result.status,
    scenario: answer.scenario,
    bodySummary: answer.bodySummary,
    body: answer.body,
    durationMs: Math.round((performance.now() - started) * 100) / 100,
    sequence: answer.sequence,
    requestId: request.headers.get('x-request-id')?.slice(0, 200) ?? null,
    ...(answer.bug ? { error: answer.bug } : {}),
  })
}
