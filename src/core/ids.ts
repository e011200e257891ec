/** Ids of records created at run time: per-kind counters held by each mock, so runs repeat. */
import type { MockState } from './state.ts'

/**
 * The next deterministic number for records of `kind` created at run time: 1, 2, 3, ... per
 * kind and per mock, reset with the data.
 * @example
 * nextId(state, 'upload') // 1, then 2 on the next call
 */
export function nextId(state: Pick<MockState, 'counters'>, kind: string): number {
  const next = (state.counters.get(kind) ?? 0) + 1
  state.counters.set(kind, next)
  return next
}
