/**
 * cloudsmith-mock/playwright: a `test` whose pages talk to a fresh mock of the Cloudsmith API,
 * through `page.route` (no Service Worker, any app).
 */
import { test as base, expect as playwrightExpect } from '@playwright/test'
import { createMock, type CloudsmithMock, type MockOptions } from '../../create-mock.ts'
import { playwrightMatchers } from './matchers.ts'
import { routeToMock } from './route-to-mock.ts'

export { routeToMock, type MockRoute } from './route-to-mock.ts'
export { playwrightMatchers } from './matchers.ts'
export type {
  DeepPartial,
  ExpectedBody,
  ExpectedRequest,
  JournalSource,
  ReceivedOptions,
  RequestExpectation,
} from '../testing/matchers.ts'

/**
 * Playwright's `expect` with the request matchers (docs/matchers.md) added; they wait for the
 * request up to the expect timeout, so `await` them.
 * @example
 * await expect(mock).toHaveReceived('repos_create', { times: 1, status: 201, body: { name: 'web' } })
 * await expect(mock).not.toHaveReceived('repos_delete')
 */
export const expect = playwrightExpect.extend(playwrightMatchers)
export * from '../../index.ts'

export interface CloudsmithMockFixtures {
  /**
   * The options each test's mock is created with (`createMock`'s; default `{}`: seed 1, the
   * default preset, a frozen clock). Set them per file or group with `test.use`.
   * @example
   * test.use({ mockOptions: { preset: 'empty', scenarios: ['rate-limited'] } })
   */
  mockOptions: MockOptions
  /**
   * This test's mock, already answering the page's API requests: `mock.use('server-error')`
   * switches scenarios for the rest of the test, `mock.journal.entries()` lists what the page
   * asked, `mock.db` holds the data. A new one for every test.
   */
  mock: CloudsmithMock
}

/**
 * Playwright's `test` with a `mock` fixture that routes every test's `page` to its own mock
 * (automatically, even when the test does not name `mock`). Service Workers are blocked
 * (`serviceWorkers: 'block'`), since `page.route` cannot see what one answers.
 * @example
 * import { test, expect } from 'cloudsmith-mock/playwright'
 *
 * test('shows the repositories', async ({ page, mock }) => {
 *   await page.goto('/')
 *   await expect(page.getByRole('row')).toHaveCount(4)
 *   expect(mock.journal.entries({ operationId: 'repos_namespace_list' })).toHaveLength(1)
 * })
 */
export const test = base.extend<CloudsmithMockFixtures>({
  serviceWorkers: 'block',
  mockOptions: [{}, { option: true }],
  mock: [
    async ({ page, mockOptions }, use) => {
      const mock = createMock(mockOptions)
      const routed = await routeToMock(page, mock)
      await use(mock)
      await routed.unroute()
    },
    { auto: true },
  ],
})
