/**
 * Debian's Chromium driven by playwright-core: one browser per test file, one context per test
 * (each context has its own service worker registrations and sessionStorage).
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The flags every Chromium of the tests runs with (the browser tests', the Playwright specs'). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60_000,
    args: [...CHROMIUM_ARGS, '--disable-quic'],
  })
}

/** Generous waits: the suite shares two cores with everything else `npm test` runs. */
export const BROWSER_TIMEOUT = 60_000

/** A fresh context (own service workers, storage) whose waits allow for a loaded machine. */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } })
  context.setDefaultTimeout(BROWSER_TIMEOUT)
  return context
}
