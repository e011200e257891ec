/**
 * The browser runtime: msw's setupWorker around createMock, plus the `window.cloudsmithMock`
 * control and the scenario the tab remembers.
 */
import type { UnhandledFrameHandle } from 'msw'
import { setupWorker, type SetupWorker } from 'msw/browser'
import { createMock, type CloudsmithMock, type MockOptions } from '../../core/create-mock.ts'
import { createControl, type CloudsmithMockControl } from './control.ts'
import {
  loadScenarios,
  saveScenarios,
  scenariosFromUrl,
  SCENARIO_PARAM,
} from './scenario-memory.ts'

export interface StartMockWorkerOptions extends MockOptions {
  /** Where the worker script is served (default `/mockServiceWorker.js`; see `cloudsmith-mock init`). */
  serviceWorkerUrl?: string
  /** Silences msw's console line for every intercepted request (default false). */
  quiet?: boolean
  /**
   * What happens to requests no handler answers (default 'bypass': the app's own assets), in
   * msw 3's vocabulary: 'bypass', 'warn', 'error' or `({ frame, defaults }) => void`. Cloudsmith
   * hosts never get here: the mock answers those it does not serve with a 501 `not_mocked`.
   */
  onUnhandledFrame?: UnhandledFrameHandle
  /** Name of the control object on `window` (default `cloudsmithMock`); false for none. */
  global?: string | false
}

export interface MockWorker extends CloudsmithMock {
  /**
   * `control.use` itself (one code path): switches to these scenarios, replacing the previous
   * choice, and the tab remembers them across reloads until `reset()`. Unlike `createMock().use`
   * in Node, a second call replaces the first rather than stacking on it, as in the console.
   * @example
   * const mock = await startMockWorker()
   * mock.use('rate-limited') // still rate-limited after a reload
   */
  use(...scenarios: Parameters<CloudsmithMockControl['use']>): void
  /** The underlying msw worker: `worker.use(http.get(...))` prepends your own overrides. */
  readonly worker: SetupWorker
  /** The same object as `window.cloudsmithMock`. */
  readonly control: CloudsmithMockControl
  /** Stops intercepting and removes the control from `window`. */
  stop(): Promise<void>
}

type ControlHost = Record<string, CloudsmithMockControl | undefined>

/** Applies `?mock-scenario=` (which must name real scenarios) or else the tab's remembered choice. */
function restoreScenarios(mock: CloudsmithMock, control: CloudsmithMockControl): void {
  const fromUrl = scenariosFromUrl(globalThis.location.href)
  if (fromUrl) {
    const unknown = fromUrl.filter((name) => !mock.scenarios.get(name))
    if (unknown.length)
      throw new Error(
        `Failed to start the Cloudsmith mock: unknown scenario "${unknown[0]}" in ?${SCENARIO_PARAM}=. ` +
          `Valid scenarios: ${mock.scenarios.names().join(', ')}`,
      )
    control.use(...fromUrl)
    return
  }
  const remembered = loadScenarios()
  const known = remembered.filter((name) => mock.scenarios.get(name))
  // A remembered custom scenario may no longer be configured: say so rather than fail the app.
  if (known.length !== remembered.length)
    console.warn(
      `[cloudsmith-mock] Forgetting unknown remembered scenarios: ${remembered
        .filter((name) => !known.includes(name))
        .join(', ')}`,
    )
  control.use(...known)
}

/**
 * Mocks the Cloudsmith API in this page through a Service Worker, with the same options as
 * `setupMockServer` in Node. Resolves once requests are intercepted.
 * @example
 * import { startMockWorker } from 'cloudsmith-mock/browser'
 * if (import.meta.env.DEV) await startMockWorker({ seed: 1, quiet: true })
 * // later, in the console: cloudsmithMock.use('rate-limited')
 */
export async function startMockWorker(options: StartMockWorkerOptions = {}): Promise<MockWorker> {
  const mock = createMock(options)
  const worker = setupWorker(...mock.handlers)
  const reset = async () => {
    worker.resetHandlers()
    await mock.reset()
    saveScenarios([])
  }
  const control = createControl(mock, reset)
  restoreScenarios(mock, control)
  await worker.start({
    serviceWorker: { url: options.serviceWorkerUrl ?? '/mockServiceWorker.js' },
    quiet: options.quiet ?? false,
    onUnhandledFrame: options.onUnhandledFrame ?? 'bypass',
  })
  const globalName = options.global ?? 'cloudsmithMock'
  const host = globalThis as unknown as ControlHost
  if (globalName) host[globalName] = control
  return Object.assign(Object.create(null) as object, mock, {
    worker,
    control,
    // The tab's memory lives in the control: the returned object must not bypass it.
    use: control.use,
    reset,
    async stop() {
      await worker.stop()
      if (globalName && host[globalName] === control) delete host[globalName]
    },
  }) as MockWorker
}
