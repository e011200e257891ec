/**
 * Where the browser remembers the chosen scenario: the `?mock-scenario=` URL parameter wins,
 * then sessionStorage, so a reload (or a link shared with a teammate) keeps the same world.
 */
export const SCENARIO_PARAM = 'mock-scenario'
export const STORAGE_KEY = 'cloudsmith-mock:scenarios'

/** Comma-separated names, trimmed, empties dropped. */
export function parseNames(value: string | null | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
}

/** Names from the page URL, or null when the parameter is absent. */
export function scenariosFromUrl(href: string): string[] | null {
  const params = new URL(href).searchParams
  return params.has(SCENARIO_PARAM) ? parseNames(params.get(SCENARIO_PARAM)) : null
}

// sessionStorage throws in sandboxed iframes and some privacy modes: the mock must still start.
function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

export function loadScenarios(): string[] {
  return parseNames(storage()?.getItem(STORAGE_KEY))
}

export function saveScenarios(names: readonly string[]): void {
  const store = storage()
  if (!store) return
  if (names.length) store.setItem(STORAGE_KEY, names.join(','))
  else store.removeItem(STORAGE_KEY)
}

/** A status forced on the next requests (`cloudsmithMock.force`), with how many are left. */
export interface ForcedStatus {
  status: number
  remaining: number
}

export const FORCE_KEY = 'cloudsmith-mock:force'

/** The tab's pending forced status, or null (also for a value this version cannot read). */
export function loadForce(): ForcedStatus | null {
  const match = /^(\d{3})x(\d+)$/.exec(storage()?.getItem(FORCE_KEY) ?? '')
  return match ? { status: Number(match[1]), remaining: Number(match[2]) } : null
}

export function saveForce(force: ForcedStatus | null): void {
  const store = storage()
  if (!store) return
  if (force) store.setItem(FORCE_KEY, `${force.status}x${force.remaining}`)
  else store.removeItem(FORCE_KEY)
}
