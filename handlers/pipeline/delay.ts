/** Step 9, delay: the latency a scenario adds plus the mock's own `latency` option. */
import type { MockState } from '../../src/core/state.ts'

/** Waits `scenarioDelay` + the mock's latency, in ms (no timer at all when both are 0). */
export async function delay(state: MockState, scenarioDelay: number): Promise<void> {
  const ms = scenarioDelay + state.latency
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
}
