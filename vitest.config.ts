/**
 * Test suites named by what they cost, one vitest project each:
 *
 *   unit     pure functions and the core, milliseconds          npm run test:unit
 *   node     the mock in process (msw/node, DOM environments)  npm run test:node
 *   server   real processes: the CLI, child runners, the tarball npm run test:server
 *   browser  Chromium, the bundle built once per run            npm run test:browser
 *
 * `vitest run` runs all four in one pool, so the suites share the cores instead of queueing.
 * A test file belongs to exactly one project; test/jest runs under jest (npm run test:jest).
 */
import { defineConfig } from 'vitest/config'

/** Robustness files that keep the mock in process; the others start the CLI. */
const inProcessRobustness = [
  'test/robustness/fuzz-node.test.ts',
  'test/robustness/integrity.test.ts',
  'test/robustness/regressions.test.ts',
]

/** In test/node, but each test runs a child vitest and a child jest over dist/. */
const childRunners = ['test/node/unread-bodies.test.ts']

export default defineConfig({
  test: {
    // vitest's default on two cores is one worker (cores - 1). Server and browser files spend
    // most of their time waiting on child processes and Chromium, so a second worker overlaps
    // those waits with the in-process files. VITEST_MAX_WORKERS overrides it.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // vitest's summary counts every suite together; this adds a line per suite after it.
    reporters: ['default', './test/support/suite-summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'node',
          include: [
            'test/node/**/*.test.ts',
            'test/dom/**/*.test.ts',
            'test/contract/**/*.test.ts',
            'test/scenarios/**/*.test.ts',
            ...inProcessRobustness,
          ],
          exclude: ['**/node_modules/**', ...childRunners],
        },
      },
      {
        test: {
          name: 'server',
          include: [
            'test/server/**/*.test.ts',
            'test/robustness/**/*.test.ts',
            'test/bench/**/*.test.ts',
            'test/package/**/*.test.ts',
            ...childRunners,
          ],
          exclude: ['**/node_modules/**', ...inProcessRobustness],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/support/build-bundle.ts'],
        },
      },
    ],
  },
})
