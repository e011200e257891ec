/**
 * `cloudsmith-mock/jest`: the request matchers for jest, and the coverage hand-off to
 * `cloudsmith-mock/jest-reporter`. Add it to `setupFilesAfterEach` (docs/matchers.md); it uses
 * jest's global `expect` and `afterAll` (with `injectGlobals: false`, call
 * `expect.extend(matchers)` yourself).
 *
 * @example
 * // jest.config.mjs: setupFilesAfterEach: ['cloudsmith-mock/jest']
 * expect(mock).toHaveReceived('repos_create', { status: 201, body: { name: 'web' } })
 */
import { handOffCoverage } from '../testing/coverage-handoff.ts'
import { matchers, type CloudsmithMatchers } from '../testing/matchers.ts'

interface JestGlobals {
  expect?: { extend(matchers: object): void }
  afterAll?: (hook: () => void) => void
}

const globals = globalThis as JestGlobals
globals.expect?.extend(matchers)
// After each test file: the reporter reads what the workers handed off (a no-op without it).
globals.afterAll?.(() => {
  handOffCoverage()
})

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- @types/jest declares its matchers in this namespace
  namespace jest {
    // The parameters must match @types/jest's; the members come through `extends`.
    // eslint-disable-next-line @typescript-eslint/no-unused-vars, @typescript-eslint/no-empty-object-type
    interface Matchers<R, T = unknown> extends CloudsmithMatchers<R> {}
  }
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
