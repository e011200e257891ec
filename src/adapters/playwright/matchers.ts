/**
 * The request matchers of vitest and jest (src/adapters/testing/matchers.ts), made to retry for
 * Playwright: a page sends its requests on its own time, so `await expect(mock).toHaveReceived(...)`
 * waits for the request the way `toHaveText` waits for the text, up to the expect timeout.
 */
import type { ExpectMatcherState, MatcherReturnType } from '@playwright/test'
import type { OperationId } from '../../core/openapi/index.ts'
import {
  matchers,
  type ExpectedRequest,
  type JournalSource,
  type ReceivedOptions,
} from '../testing/matchers.ts'

/** How often the journal is read again while a matcher waits (milliseconds). */
const POLL_MS = 50

/** The part of vitest's and jest's matcher context the shared matchers read. */
interface SharedContext {
  isNot: boolean
  equals(actual: unknown, expected: unknown): boolean
}

type Check = (this: SharedContext) => MatcherReturnType

/**
 * Leaf equality for body expectations: asymmetric matchers (`expect.stringMatching(/^w/)`) by
 * their own test, anything else by `Object.is`. Not Playwright's `this.equals`, which is no
 * boolean test (it threw "expected 1 to be +0" on a body that differed).
 */
function leafEquals(actual: unknown, expected: unknown): boolean {
  const matcher = expected as { asymmetricMatch?: unknown } | null
  if (
    typeof matcher === 'object' &&
    matcher !== null &&
    typeof matcher.asymmetricMatch === 'function'
  )
    return (matcher as { asymmetricMatch(other: unknown): boolean }).asymmetricMatch(actual)
  return Object.is(actual, expected)
}

/**
 * Runs `check` until it gives what the assertion wants (`pass`, or not `pass` under `.not`) or
 * the expect timeout (`this.timeout`, milliseconds) runs out; the last result is the answer.
 */
async function retried(
  state: ExpectMatcherState,
  name: string,
  check: Check,
): Promise<MatcherReturnType> {
  const deadline = Date.now() + state.timeout
  const context: SharedContext = { isNot: state.isNot, equals: leafEquals }
  for (;;) {
    const result = check.call(context)
    if (result.pass !== state.isNot || Date.now() >= deadline)
      return { ...result, name, timeout: state.timeout }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS))
  }
}

/**
 * The matchers for Playwright's `expect.extend` (`cloudsmith-mock/playwright`'s `expect` has
 * them already). Both return promises: `await` them.
 * @example
 * await expect(mock).toHaveReceived('repos_create', { times: 1, status: 201, body: { name: 'web' } })
 * await expect(mock).toHaveReceivedInOrder(['files_create', 'packages_upload_raw'])
 */
export const playwrightMatchers = {
  toHaveReceived<Op extends OperationId>(
    this: ExpectMatcherState,
    mock: JournalSource,
    operation: Op,
    options?: ReceivedOptions<Op>,
  ): Promise<MatcherReturnType> {
    return retried(this, 'toHaveReceived', function () {
      return matchers.toHaveReceived.call(this, mock, operation, options)
    })
  },
  toHaveReceivedInOrder(
    this: ExpectMatcherState,
    mock: JournalSource,
    requests: readonly ExpectedRequest[],
  ): Promise<MatcherReturnType> {
    return retried(this, 'toHaveReceivedInOrder', function () {
      return matchers.toHaveReceivedInOrder.call(this, mock, requests)
    })
  },
}
