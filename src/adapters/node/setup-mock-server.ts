/**
 * The Node runtime: msw's setupServer around createMock, for vitest and jest.
 */
import * as z from 'zod'
import { setupServer, type SetupServer } from 'msw/node'
import { createMock, type CloudsmithMock } from '../../create-mock.ts'
import { mockOptionsSchema, onUnhandledFrameSchema, parseOptions } from '../../core/options.ts'
import { assertSupportedNode } from './node-version.ts'
import { assertNoOtherServer, guardAgainstSecondServer } from './one-server.ts'

/** `createMock`'s options plus this adapter's own; unknown keys are still an error. */
export const setupMockServerOptionsSchema = mockOptionsSchema.extend({
  /**
   * What happens to a request no handler answers (default `'bypass'`: it goes to the network, as
   * your app's other services need); see `onUnhandledFrameSchema`.
   */
  onUnhandledFrame: onUnhandledFrameSchema.optional(),
})

export type SetupMockServerOptions = z.input<typeof setupMockServerOptionsSchema>

export interface MockServer extends CloudsmithMock {
  /** The underlying msw server: `server.use(http.get(...))` prepends your own overrides. */
  readonly server: SetupServer
  /**
   * Starts intercepting. Requests sent before this reach the network.
   * @throws Error when another MSW server listens in this process (msw 3 cannot run two).
   */
  listen(): void
  close(): void
}

/**
 * Intercepts requests to the Cloudsmith API in this process. Throws an `OptionsError` for a bad
 * option.
 * @example
 * const mock = setupMockServer({ seed: 1 })
 * beforeAll(() => mock.listen())
 * afterEach(() => mock.reset())
 * afterAll(() => mock.close())
 */
export function setupMockServer(input: SetupMockServerOptions = {}): MockServer {
  assertSupportedNode()
  const { onUnhandledFrame = 'bypass', ...options } = parseOptions(
    setupMockServerOptionsSchema,
    input,
    'setupMockServer',
  )
  const mock = createMock(options)
  const server = setupServer(...mock.handlers)
  let unguard: (() => void) | null = null
  let listening = false
  return Object.assign(Object.create(null) as object, mock, {
    server,
    listen() {
      assertNoOtherServer()
      server.listen({ onUnhandledFrame })
      listening = true
      unguard = guardAgainstSecondServer()
    },
    // Safe without a listen() (one that threw, or none) and twice: msw's own close() throws
    // "already disabled" then, and in an afterAll that hides the real failure and leaves the
    // user's other server running for the next test file.
    close() {
      unguard?.()
      unguard = null
      if (listening) server.close()
      listening = false
    },
    async reset() {
      server.resetHandlers()
      await mock.reset()
    },
  }) as MockServer
}
