/**
 * The Node runtime: msw's setupServer around createMock, for vitest and jest.
 */
import { setupServer, type SetupServer } from 'msw/node'
import { createMock, type CloudsmithMock, type MockOptions } from '../../core/create-mock.ts'

export interface SetupMockServerOptions extends MockOptions {
  /** What happens to requests no handler answers (default 'bypass', as msw's default 'warn' is noisy). */
  onUnhandledFrame?: 'bypass' | 'warn' | 'error'
}

export interface MockServer extends CloudsmithMock {
  /** The underlying msw server: `server.use(http.get(...))` prepends your own overrides. */
  readonly server: SetupServer
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
  const mock = createMock(options)
  const server = setupServer(...mock.handlers)
  return Object.assign(Object.create(null) as object, mock, {
    server,
    listen: () => server.listen({ onUnhandledFrame: options.onUnhandledFrame ?? 'bypass' }),
    close: () => server.close(),
    async reset() {
      server.resetHandlers()
      await mock.reset()
    },
  }) as MockServer
}
