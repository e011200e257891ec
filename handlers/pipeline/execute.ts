/**
 * Step 7, execute: the route's handler, writes one at a time through the mock's write queue.
 */
import type { Identity } from '../../src/core/auth.ts'
import { errors, toMockError, type MockError } from '../../src/core/errors.ts'
import { QueryDict } from '../../src/core/query-params.ts'
import type { RateState } from '../../src/core/rate-limit.ts'
import type { RequestScenarios } from '../../src/core/scenarios/engine.ts'
import type { MockState } from '../../src/core/state.ts'
import type { RouteContext, RouteResult } from '../context.ts'
import type { Matched } from './match.ts'
import type { Validated } from './validate.ts'

export interface SyncChoice {
  behaviour: MockState['sync']
  /** The scenario that set it, when one did. */
  scenario: string | null
}

/** How new packages synchronise for this request: the first scenario with `sync`, else the mock's. */
export function chooseSync(state: MockState, requested: RequestScenarios): SyncChoice {
  const choice = state.scenarios.sync(requested)
  if (!choice) return { behaviour: state.sync, scenario: null }
  return {
    behaviour: {
      steps: choice.sync.steps ?? state.sync.steps,
      outcome: choice.sync.outcome ?? state.sync.outcome,
      reason: choice.sync.reason ?? state.sync.reason,
      durationMs: choice.sync.durationMs ?? state.sync.durationMs,
    },
    scenario: choice.scenario,
  }
}

export interface Execution {
  matched: Matched
  validated: Validated
  url: URL
  identity: Identity | null
  rate: RateState
  sync: MockState['sync']
}

/** The handler's answer or its error; `sequence` is set when it ran in the write queue. */
export type Executed =
  { result: RouteResult; sequence: number | null } | { error: MockError; sequence: number | null }

/** Runs the handler (never throws). */
export async function execute(state: MockState, run: Execution): Promise<Executed> {
  const { route, params } = run.matched
  // Set by the write queue when the handler's change gets its turn (read once it is over).
  let sequence: number | null = null
  const queued = <T>(change: () => Promise<T> | T) =>
    write(state, change, (turn) => (sequence = turn))
  try {
    const writes = route.writes ?? route.method !== 'GET'
    const streams = route.body === 'stream'
    const ctx: RouteContext = {
      request: run.validated.request,
      url: run.url,
      params,
      query: new QueryDict(run.url.searchParams),
      identity: run.identity,
      operationId: route.operationId,
      state,
      sync: run.sync,
      origin: run.url.origin,
      body: run.validated.body,
      rate: run.rate,
      // Other writes already hold the queue for their whole handler.
      write: streams ? queued : async (change) => change(),
    }
    const handled = writes && !streams ? queued(() => route.handle(ctx)) : route.handle(ctx)
    // A read answers at once (a cached page): awaited only when it is a promise, as an await costs
    // a turn of the microtask queue.
    const result = handled instanceof Promise ? await handled : handled
    return { result, sequence }
  } catch (thrown) {
    return { error: toMockError(thrown, route.operationId), sequence }
  }
}

/**
 * Runs a write through the queue. When it changed data and the mock has an `afterWrite` hook
 * (--persist), the answer waits for the hook outside the queue, so the writes behind it go on and
 * one save can cover many (group commit). A change that cannot be made durable is a 503, even
 * when the handler failed after changing something: never a 2xx for a change that may be lost.
 */
function write<T>(
  state: MockState,
  handle: () => Promise<T> | T,
  started: (sequence: number) => void,
): Promise<T> {
  // Nothing to wait for after the change: the handler's own promise (or its value) is the
  // answer, without an async frame and its turns of the microtask queue around it.
  if (!state.afterWrite)
    return state.writes.run((sequence) => {
      started(sequence)
      return handle()
    })
  return durableWrite(state, handle, started)
}

async function durableWrite<T>(
  state: MockState,
  handle: () => Promise<T> | T,
  started: (sequence: number) => void,
): Promise<T> {
  let changed = false
  let turn = 0
  try {
    return await state.writes.run(async (sequence) => {
      turn = sequence
      started(sequence)
      const before = state.db.version()
      try {
        return await handle()
      } finally {
        changed = state.db.version() !== before
      }
    })
  } finally {
    if (changed && state.afterWrite)
      await state.afterWrite({ sequence: turn }).catch(() => {
        throw errors.notSaved()
      })
  }
}
