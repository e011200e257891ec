/**
 * Dates in search values: `uploaded:>2026-01-01`, `uploaded:<'August 14, 2022 EST'`,
 * `uploaded:>'1 day ago'` (docs.cloudsmith.com, "Package Search Syntax"; the web app's help).
 * Months count 30 days and years 365 when relative: the docs give no calendar rule.
 */

const DAY = 86_400_000
const units: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: DAY,
  week: 7 * DAY,
  month: 30 * DAY,
  year: 365 * DAY,
}
const relative = /^(\d{1,6})\s*(second|minute|hour|day|week|month|year)s?\s+ago$/i

export interface SearchDate {
  /** The instant in ms since the epoch, given the mock's clock. */
  at: (now: number) => number
  /** Whether it moves with the clock (`1 day ago`), so results must not be kept across time. */
  relative: boolean
}

/**
 * Reads a search date, or null when the value is not one. Absolute dates go through
 * `Date.parse` and must name a four-digit year (`Date.parse('1')` is a date in V8).
 *
 * @example parseSearchDate('2 days ago')!.at(Date.UTC(2026, 0, 3)) // Date.UTC(2026, 0, 1)
 */
export function parseSearchDate(value: string): SearchDate | null {
  const trimmed = value.trim()
  const ago = relative.exec(trimmed)
  if (ago) {
    const span = Number(ago[1]) * units[ago[2]!.toLowerCase()]!
    return { at: (now) => now - span, relative: true }
  }
  const word = trimmed.toLowerCase()
  if (word === 'now') return { at: (now) => now, relative: true }
  if (word === 'today') return { at: (now) => now - (now % DAY), relative: true }
  if (word === 'yesterday') return { at: (now) => now - (now % DAY) - DAY, relative: true }
  if (!/\d{4}/.test(trimmed)) return null
  const at = Date.parse(trimmed)
  return Number.isFinite(at) ? { at: () => at, relative: false } : null
}

export { DAY }
