/**
 * The Node runtime: msw's setupServer around createMock, for vitest and jest.
 */
import { setupServer, type SetupServer } from 'msw/node'
import { z } from 'zod'
import { createMock, type CloudsmithMock } from '../../core/create-mock.ts'
import { mockOptionsSchema, parseOptions } from '../../core/options.ts'

/** `createMock`'s options plus this adapter's own; unknown keys are still an error. */
export const setupMockServerOptionsSchema = mockOptionsSchema.extend({
  /** What happens to requests no handler answers (default 'bypass', as msw's default 'warn' is noisy). */
  onUnhandledFrame: z.enum(['bypass', 'warn', 'error']).optional(),
})

export type SetupMockServerOptions = z.input<typeof setupMockServerOptionsSchema>

export interface MockServer extends CloudsmithMock {
  /** The underlying msw server: `server.use(http.get(...))` prepends your own overrides. */
  readonly server: SetupServer
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
  const { onUnhandledFrame, ...options } = parseOptions(
    setupMockServerOptionsSchema,
    input,
    'setupMockServer',
  )
  const mock = createMock(options)
  const server = setupServer(...mock.handlers)
  return Object.assign(Object.create(null) as object, mock, {
    server,
    listen: () => server.listen({ onUnhandledFrame: onUnhandledFrame ?? 'bypass' }),
    close: () => server.close(),
    async reset() {
      server.resetHandlers()
      await mock.reset()
    },
  }) as MockServer
}
