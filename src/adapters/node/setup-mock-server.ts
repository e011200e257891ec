/**
 * The Node runtime: msw's setupServer around createMock, for vitest and jest.
 */
import type { UnhandledFrameHandle } from 'msw'
import { setupServer, type SetupServer } from 'msw/node'
import { createMock, type CloudsmithMock, type MockOptions } from '../../core/create-mock.ts'
import { assertNoOtherServer, guardAgainstSecondServer } from './one-server.ts'

export interface SetupMockServerOptions extends MockOptions {
  /**
   * What happens to a request no handler answers, in msw 3's vocabulary: `'bypass'` (default:
   * it goes to the network, as your app's other services need), `'warn'`, `'error'`, or a
   * function `({ frame, defaults }) => void`. Requests to Cloudsmith hosts never get here: the
   * mock answers those it does not implement with a 501 `not_mocked` error.
   */
  onUnhandledFrame?: UnhandledFrameHandle
}

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
 * Intercepts requests to the Cloudsmith API in this process.
 * @example
 * const mock = setupMockServer({ seed: 1 })
 * beforeAll(() => mock.listen())
 * afterEach(() => mock.reset())
 * afterAll(() => mock.close())
 */
export function setupMockServer(options: SetupMockServerOptions = {}): MockServer {
  const { onUnhandledFrame = 'bypass', ...mockOptions } = options
  const mock = createMock(mockOptions)
  const server = setupServer(...mock.handlers)
  let unguard: (() => void) | null = null
  return Object.assign(Object.create(null) as object, mock, {
    server,
    listen() {
      assertNoOtherServer()
      server.listen({ onUnhandledFrame })
      unguard = guardAgainstSecondServer()
    },
    close() {
      unguard?.()
      unguard = null
      server.close()
    },
    async reset() {
      server.resetHandlers()
      await mock.reset()
    },
  }) as MockServer
}
