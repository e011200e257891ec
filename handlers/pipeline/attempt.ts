import { toMockError, type MockError } from '../../src/core/errors.ts'

/**
 * Runs a step that throws its refusal (a `MockError`) and returns that refusal as a value; anything
 * else thrown is a bug in the mock, logged and turned into its 500 (`toMockError`).
 * @param where - the operation id, for the log and the 500's message; default: the pipeline
 * @example
 * const window = attempt(() => throttle(...), route.operationId)
 * if (window instanceof MockError) return failed(window, known)
 */
export function attempt<T>(step: () => T, where?: string): T | MockError {
  try {
    return step()
  } catch (thrown) {
    return toMockError(thrown, where)
  }
}

/** `attempt` for a step that waits. */
export async function attemptAsync<T>(
  step: () => Promise<T>,
  where?: string,
): Promise<T | MockError> {
  try {
    return await step()
  } catch (thrown) {
    return toMockError(thrown, where)
  }
}
