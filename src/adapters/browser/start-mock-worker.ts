/**
 * The browser runtime: msw's setupWorker around createMock, plus the `window.cloudsmithMock`
 * control and the scenario the tab remembers.
 */
import { setupWorker, type SetupWorker } from 'msw/browser'
import { createMock, type CloudsmithMock } from '../../create-mock.ts'
import { parseOptions } from '../../core/options.ts'
import { createControl, type CloudsmithMockControl } from './control.ts'
import { startMockWorkerOptionsSchema, type StartMockWorkerOptions } from './worker-options.ts'
import { devtoolsRequested, mountDevtools } from './devtools/mount.ts'
import {
  loadForce,
  loadScenarios,
  saveScenarios,
  scenariosFromUrl,
  SCENARIO_PARAM,
} from './scenario-memory.ts'

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

export type { StartMockWorkerOptions } from './worker-options.ts'

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

/** A status forced before the reload and not yet spent applies again (if it still can). */
function restoreForce(control: CloudsmithMockControl): void {
  const force = loadForce()
  if (!force) return
  try {
    control.force(force.status, force.remaining)
  } catch (error) {
    console.warn(`[cloudsmith-mock] Forgetting the forced status: ${(error as Error).message}`)
    control.force(null)
  }
}

/**
 * Mocks the Cloudsmith API in this page through a Service Worker, with the same options as
 * `setupMockServer` in Node except the clock: `real` by default here (pass `clock: 'frozen'` for
 * repeatable browser tests). Resolves once requests are intercepted; rejects with an
 * `OptionsError` for a bad option, before the worker is registered.
 * @example
 * import { startMockWorker } from 'cloudsmith-mock/browser'
 * if (import.meta.env.DEV) await startMockWorker({ seed: 1, quiet: true })
 * // later, in the console: cloudsmithMock.use('rate-limited')
 * // or with the in-page panel: startMockWorker({ devtools: true }), or ?mock-devtools in the URL
 */
export async function startMockWorker(input: StartMockWorkerOptions = {}): Promise<MockWorker> {
  const {
    serviceWorkerUrl,
    quiet,
    onUnhandledFrame,
    global: globalName,
    devtools,
    ...options
  } = parseOptions(startMockWorkerOptionsSchema, input, 'startMockWorker')
  // A page a person uses waits in real time (Retry-After, a sync shown as finishing later).
  const mock = createMock({ ...options, clock: options.clock ?? 'real' })
  const worker = setupWorker(...mock.handlers)
  const reset = async () => {
    worker.resetHandlers()
    await mock.reset()
    saveScenarios([])
  }
  const control = createControl(mock, reset)
  restoreScenarios(mock, control)
  restoreForce(control)
  await worker.start({
    serviceWorker: { url: serviceWorkerUrl ?? '/mockServiceWorker.js' },
    quiet: quiet ?? false,
    onUnhandledFrame: onUnhandledFrame ?? 'bypass',
  })
  const host = globalThis as unknown as ControlHost
  const name = globalName ?? 'cloudsmithMock'
  if (name) host[name] = control
  const panel =
    devtools || devtoolsRequested(globalThis.location.href) ? mountDevtools(control) : null
  return Object.assign(Object.create(null) as object, mock, {
    worker,
    control,
    // The tab's memory lives in the control: the returned object must not bypass it.
    use: control.use,
    // The control's reset also forgets a forced status.
    reset: control.reset,
    async stop() {
      panel?.remove()
      await worker.stop()
      if (name && host[name] === control) delete host[name]
    },
  }) as MockWorker
}
