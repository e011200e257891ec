/**
 * The consumer matrix: one row per environment a user runs cloudsmith-mock in (docs/environments.md
 * has the same rows). A row's project is templates/<base> plus templates/<overlay>, with the
 * shared checks (shared/*.js) copied into `sharedInto`.
 */
export type RowKind = 'vitest' | 'jest' | 'vite-dev' | 'vite-preview' | 'script-page' | 'playwright'

/** The shared check files: each exports its cases, all of which a row must run. */
export type Suite = 'cloudsmith' | 'dom-clients'

export interface Row {
  /** Also the project's folder name and what `run.ts <id>...` selects. */
  id: string
  /** As the report and the docs name it. */
  title: string
  kind: RowKind
  base: string
  overlay?: string
  sharedInto: string
  suites: Suite[]
  /** The row's own checks, besides the shared suites' (the titles of its Playwright specs). */
  checks?: string[]
  /**
   * Test-runner rows: a config the runner names with --config (one that loads the docs' config
   * as written and adds the row's files), instead of the project's default one.
   */
  config?: string
  /** The JSON a coverage reporter writes (relative to the project), checked after the run. */
  coverageReport?: string
}

export const ROWS: Row[] = [
  {
    id: 'vitest-node',
    title: 'vitest, environment node',
    kind: 'vitest',
    base: 'vitest',
    overlay: 'vitest-node',
    sharedInto: '.',
    suites: ['cloudsmith'],
    // docs/matchers.md's and docs/coverage.md's complete examples (test/node/docs-examples.test.ts).
    config: 'vitest.matrix.config.js',
    coverageReport: 'reports/mock-coverage.json',
  },
  {
    id: 'vitest-jsdom',
    title: 'vitest, environment jsdom (+ axios, XHR)',
    kind: 'vitest',
    base: 'vitest',
    overlay: 'vitest-jsdom',
    sharedInto: '.',
    suites: ['cloudsmith', 'dom-clients'],
  },
  {
    id: 'vitest-happy-dom',
    title: 'vitest, environment happy-dom (+ axios, XHR)',
    kind: 'vitest',
    base: 'vitest',
    overlay: 'vitest-happy-dom',
    sharedInto: '.',
    suites: ['cloudsmith', 'dom-clients'],
  },
  {
    id: 'jest-node',
    title: 'jest ESM, environment node',
    kind: 'jest',
    base: 'jest',
    overlay: 'jest-node',
    sharedInto: '.',
    suites: ['cloudsmith'],
    config: 'jest.matrix.config.js',
    coverageReport: 'reports/mock-coverage.json',
  },
  {
    id: 'jest-jsdom',
    title: 'jest ESM, jest-fixed-jsdom (+ axios, XHR)',
    kind: 'jest',
    base: 'jest',
    overlay: 'jest-jsdom',
    sharedInto: '.',
    suites: ['cloudsmith', 'dom-clients'],
  },
  {
    id: 'vite-dev',
    title: 'Vite dev server, Chromium, service worker',
    kind: 'vite-dev',
    base: 'vite-app',
    sharedInto: 'src',
    suites: ['cloudsmith'],
  },
  {
    id: 'vite-preview',
    title: 'Vite build + preview, Chromium, service worker',
    kind: 'vite-preview',
    base: 'vite-app',
    sharedInto: 'src',
    suites: ['cloudsmith'],
  },
  {
    id: 'script-page',
    title: 'plain <script type=module>, prebuilt bundle, Chromium',
    kind: 'script-page',
    base: 'script-page',
    sharedInto: 'public',
    suites: ['cloudsmith'],
  },
  {
    id: 'playwright',
    title: '@playwright/test, cloudsmith-mock/playwright fixture, Chromium',
    kind: 'playwright',
    base: 'playwright',
    sharedInto: 'shared',
    suites: [],
    // docs/playwright.md's complete example (test/node/docs-examples.test.ts): its spec's tests.
    checks: [
      'lists the repositories',
      "shows Cloudsmith's message when the API fails",
      'creates a repository',
      'shows the empty state',
    ],
  },
]
