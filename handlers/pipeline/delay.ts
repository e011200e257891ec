/** Step 9, delay: the latency a scenario adds plus the mock's own `latency` option. */
import type { MockState } from '../../src/core/state.ts'

/**
 * Waits `scenarioDelay` + the mock's latency, in ms; null when both are 0 (no timer, and nothing
 * to await: an await costs every request a turn of the microtask queue).
 */
export function delay(state: MockState, scenarioDelay: number): Promise<void> | null {
  const ms = scenarioDelay + state.latency
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : null
}
