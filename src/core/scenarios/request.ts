/**
 * The scenario choices a request makes itself: X-Mock-Scenario / `__scenario` (names, comma
 * separated) and `Prefer: code=NNN` / `__code=NNN`.
 */
import { errors } from '../errors.ts'
import { lastParam } from '../query-params.ts'
import { parsePrefer } from './prefer.ts'

/**
 * The scenario names a request asks for, in order, blanks dropped.
 * @example requestedScenarioNames(new Headers({ 'x-mock-scenario': 'slow, flaky' }), new URLSearchParams()) // ['slow', 'flaky']
 */
export function requestedScenarioNames(headers: Headers, query: URLSearchParams): string[] {
  const header = headers.get('x-mock-scenario')
  const param = lastParam(query, '__scenario')
  // Most requests name none: no lists to build, split and filter for them.
  if (header === null && param === null) return []
  return [...(header ?? '').split(','), ...(param ?? '').split(',')]
    .map((n) => n.trim())
    .filter(Boolean)
}

/** The status forced by `Prefer: code=NNN` (else `__code=NNN`); null when none; a 400 when malformed. */
export function readForcedCode(headers: Headers, query: URLSearchParams): number | null {
  const preferred = parsePrefer(headers.get('prefer')).get('code')
  const raw = preferred ? (preferred.value ?? '') : (lastParam(query, '__code') ?? undefined)
  if (raw === undefined) return null
  const code = Number(raw)
  if (!/^\d{3}$/.test(raw) || code < 100 || code > 599) throw errors.badForcedCode(raw)
  return code
}
