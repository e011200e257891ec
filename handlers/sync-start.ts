/** Starting a package's sync: the plan it follows, from the sync behaviour in force. */
import type { SyncPlan } from '../src/core/db/schemas.ts'
import type { MockState } from '../src/core/state.ts'

/**
 * A sync starting at `now` (epoch ms) that plays out as `behaviour` says (the mock's default or
 * a scenario's: `ctx.sync`), not yet polled.
 * @example
 * startSync(ctx.sync, ctx.state.clock.now()) // { started_at, steps: 3, polled: 0, outcome: 'completed', ... }
 */
export function startSync(behaviour: MockState['sync'], now: number): SyncPlan {
  return {
    started_at: now,
    steps: behaviour.steps,
    duration_ms: behaviour.durationMs,
    polled: 0,
    outcome: behaviour.outcome,
    reason: behaviour.reason,
  }
}
