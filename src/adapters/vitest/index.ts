/**
 * `cloudsmith-mock/vitest`: the request matchers for vitest, and the coverage hand-off to
 * `cloudsmith-mock/vitest-reporter`. Import it in a setup file (docs/matchers.md):
 *
 * @example
 * // vitest.config.ts: test: { setupFiles: ['cloudsmith-mock/vitest'] }
 * expect(mock).toHaveReceived('repos_create', { status: 201, body: { name: 'web' } })
 */
import { afterAll, expect } from 'vitest'
import { handOffCoverage } from '../testing/coverage-handoff.ts'
import { matchers, type CloudsmithMatchers } from '../testing/matchers.ts'

expect.extend(matchers)
// After each test file: the reporter reads what the workers handed off (a no-op without it).
afterAll(() => {
  handOffCoverage()
})

declare module 'vitest' {
  // An augmentation repeats vitest's own type parameters (vitest 5: R, then T) and adds members
  // through `extends` only.
  /* eslint-disable @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type */
  interface Matchers<
    R extends void | Promise<void> = void | Promise<void>,
    T = unknown,
  > extends CloudsmithMatchers<R> {}
  /* eslint-enable @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type */
}

export { matchers, handOffCoverage }
export { remoteMock, type RemoteMock } from '../testing/remote-mock.ts'
export type {
  CloudsmithMatchers,
  DeepPartial,
  ExpectedBody,
  ExpectedRequest,
  JournalSource,
  ReceivedOptions,
  RequestExpectation,
} from '../testing/matchers.ts'
