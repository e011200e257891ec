/**
 * Injectable time. Fixed by default so timestamps, rate-limit windows and sync progress are
 * repeatable; tests move it with `advance()` instead of sleeping.
 */
export interface Clock {
  now(): number
  advance(ms: number): void
  set(epochMs: number): void
  reset(): void
}

/** 2026-01-01T00:00:00Z: the default start of the mock's world. */
export const DEFAULT_EPOCH = Date.UTC(2026, 0, 1)

/**
 * Years 1 to 9000. A Date holds up to ±8.64e15 ms and rendering anything beyond throws, so a
 * clock there would fail every request; the margin keeps times derived from it (sync steps,
 * rate-limit windows) renderable too, and four-digit years keep them RFC 3339.
 */
const MIN_TIME = Date.parse('0001-01-01T00:00:00Z')
const MAX_TIME = Date.UTC(9000, 0, 1)

/** Whether `epochMs` is a time the clock accepts (years 1 to 9000). */
export const isClockTime = (epochMs: number) =>
  Number.isFinite(epochMs) && epochMs >= MIN_TIME && epochMs <= MAX_TIME

export function createClock(start: number = DEFAULT_EPOCH): Clock {
  if (!isClockTime(start))
    throw new RangeError('clock start must be an epoch ms in years 1 to 9000')
  let current = start
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock.advance expects ms >= 0')
      if (!isClockTime(current + ms)) throw new RangeError('clock.advance would pass the year 9000')
      current += ms
    },
    set(epochMs) {
      if (!isClockTime(epochMs))
        throw new RangeError('clock.set expects an epoch ms in years 1 to 9000')
      current = epochMs
    },
    reset() {
      current = start
    },
  }
}

export function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('.000Z', 'Z')
}
