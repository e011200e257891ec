// playwright.config.ts
import { defineConfig } from '@playwright/test'

const port = Number(process.env.PORT ?? 4173)

export default defineConfig({
  testDir: 'e2e',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // The system's Chromium, not a downloaded one (no `npx playwright install`).
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  // Your app, built as for production (no mock inside): the fixture answers its API calls.
  webServer: { command: `npm run preview -- --port ${port}`, url: `http://127.0.0.1:${port}/` },
})
