/**
 * Runs the shared cases inside a browser page, where no test runner is loaded: a small `expect`
 * with the matchers the cases use (same meaning as vitest's and jest's), `mock.reset()` after
 * each case as the Node rows' `afterEach` does, and the results on `window.consumerResults`
 * (`{ passed: string[], failed: { name, message }[] }`, or `{ fatal }` when the mock did not
 * start) for the matrix runner to read.
 */
/* global window */

const show = (value) => {
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}

function isObject(value) {
  return typeof value === 'object' && value !== null
}

function equals(a, b) {
  if (Object.is(a, b)) return true
  if (!isObject(a) || !isObject(b)) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((key) => equals(a[key], b[key]))
}

/** `expected`'s keys, recursively, found with equal values in `actual` (arrays: same length). */
function matches(actual, expected) {
  if (!isObject(expected)) return Object.is(actual, expected)
  if (!isObject(actual)) return false
  if (Array.isArray(expected))
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, i) => matches(actual[i], item))
    )
  return Object.keys(expected).every((key) => matches(actual[key], expected[key]))
}

/** The subset of vitest's/jest's `expect` the shared cases use. */
export function expect(actual) {
  const check = (ok, what, expected) => {
    if (!ok) throw new Error(`expected ${show(actual)} ${what} ${show(expected)}`)
  }
  return {
    toBe: (expected) => check(Object.is(actual, expected), 'to be', expected),
    toEqual: (expected) => check(equals(actual, expected), 'to equal', expected),
    toMatchObject: (expected) => check(matches(actual, expected), 'to match object', expected),
    toContain: (expected) => check(actual?.includes?.(expected) === true, 'to contain', expected),
    toBeTruthy: () => check(Boolean(actual), 'to be', 'truthy'),
    toHaveLength: (expected) => check(actual?.length === expected, 'to have length', expected),
  }
}

/** Runs `cases` in order with `{ mock, expect }` and publishes the results on `window`. */
export async function runInPage(startMock, cases) {
  let mock
  try {
    mock = await startMock()
  } catch (error) {
    window.consumerResults = { fatal: `the mock did not start: ${error?.stack ?? error}` }
    return
  }
  const results = { passed: [], failed: [] }
  for (const { name, run } of cases) {
    try {
      await run({ mock, expect })
      results.passed.push(name)
    } catch (error) {
      results.failed.push({ name, message: String(error?.message ?? error) })
    }
    await mock.reset()
  }
  window.consumerResults = results
}
