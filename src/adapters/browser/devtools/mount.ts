/**
 * Where the devtools panel lives: a host element at the end of `<body>` whose open shadow root
 * holds the panel, so the page's styles cannot reach it (and its styles cannot reach the page).
 */
import type { CloudsmithMockControl } from '../control.ts'
import { buildPanel } from './panel.ts'

/** The page URL parameter that shows the panel without `devtools: true` (`?mock-devtools`). */
export const DEVTOOLS_PARAM = 'mock-devtools'
/** The host element's id: `document.getElementById(DEVTOOLS_HOST_ID)?.shadowRoot` is the panel. */
export const DEVTOOLS_HOST_ID = 'cloudsmith-mock-devtools'

/** True when the page URL asks for the panel (`?mock-devtools`, any value but `0`/`false`). */
export function devtoolsRequested(href: string): boolean {
  const params = new URL(href).searchParams
  if (!params.has(DEVTOOLS_PARAM)) return false
  return !['0', 'false'].includes(params.get(DEVTOOLS_PARAM) ?? '')
}

// Inline and !important: the only declarations a page's stylesheet cannot override on the host.
const HOST_STYLE = [
  'all: initial',
  'position: fixed',
  'right: 12px',
  'bottom: 12px',
  'z-index: 2147483647',
  'display: block',
]
  .map((rule) => `${rule} !important`)
  .join('; ')

export interface MountedDevtools {
  /** The host element (its `shadowRoot` is the panel). */
  readonly host: HTMLElement
  /** Takes the panel out of the page and stops listening to the mock. */
  remove(): void
}

/**
 * Adds the panel to the page, now or once `<body>` exists, driving `control`.
 * @example
 * const panel = mountDevtools(window.cloudsmithMock!)
 * panel.remove()
 */
export function mountDevtools(control: CloudsmithMockControl): MountedDevtools {
  const host = document.createElement('div')
  host.id = DEVTOOLS_HOST_ID
  host.setAttribute('style', HOST_STYLE)
  const root = host.attachShadow({ mode: 'open' })
  const dispose = buildPanel(root, control)
  const attach = () => document.body.append(host)
  if (document.body) attach()
  else document.addEventListener('DOMContentLoaded', attach, { once: true })
  return {
    host,
    remove() {
      document.removeEventListener('DOMContentLoaded', attach)
      dispose()
      host.remove()
    },
  }
}
