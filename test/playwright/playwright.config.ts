/**
 * @playwright/test over the demo app (examples/browser), answered by `cloudsmith-mock/playwright`
 * instead of the app's own Service Worker. Run by test/browser/playwright.test.ts (which picks the
 * port), or by hand after `npm run build`:
 *
 *   DEMO_PORT=8790 npx playwright test --config test/playwright/playwright.config.ts
 *
 * Debian's Chromium, never a downloaded one (`npx playwright install` is not needed).
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { defineConfig } from '@playwright/test'
import { CHROMIUM, CHROMIUM_ARGS } from '../browser/support/chromium.ts'

const here = path.dirname(fileURLToPath(import.meta.url))
const port = Number(process.env.DEMO_PORT ?? 8790)

export default defineConfig({
  testDir: here,
  testMatch: '*.spec.ts',
  outputDir: path.join(here, '../../test-results/playwright'),
  // Two shared cores: one worker, generous waits, no retries hiding a flaky test.
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  forbidOnly: true,
  reporter: [
    ['list'],
    ['json', { outputFile: path.join(here, '../../test-results/playwright/report.json') }],
  ],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: `npm run demo -- --port ${port}`,
    cwd: path.join(here, '../..'),
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
  },
})
