/**
 * Injectable time, in one of two modes. `frozen` (the default in process) stands still until
 * advanced, so timestamps, rate-limit windows and sync progress are repeatable and tests move
 * them with `advance()` instead of sleeping. `real` (the default of `serve` and the browser dev
 * worker) starts at the configured time and then moves with wall-clock time, so clients that
 * wait (Retry-After, sync polling) see time pass; `advance()` and `set()` shift it all the same.
 */
export type ClockMode = 'frozen' | 'real'

export const clockModes = ['frozen', 'real'] as const satisfies readonly ClockMode[]

export interface Clock {
  /** `frozen` or `real`: fixed for the clock's life. */
  readonly mode: ClockMode
  /** The mock's time, epoch ms (a whole number). */
  now(): number
  /** Moves the clock forward by `ms` >= 0; a RangeError past the year 9000. */
  advance(ms: number): void
  /** Moves the clock to `epochMs` (a real clock keeps running from there). */
  set(epochMs: number): void
  /** Back to the start time (a real clock keeps running from there). */
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

export interface ClockOptions {
  /** Default `frozen`. */
  mode?: ClockMode
  /**
   * Milliseconds elapsed on the wall since some fixed point (default `performance.now()`:
   * monotonic, so a real clock never runs backwards when the machine's time is adjusted).
   */
  elapsed?: () => number
}

/**
 * A clock starting at `start` (epoch ms, default 2026-01-01T00:00:00Z). Throws a RangeError for
 * a start outside the years 1 to 9000.
 * @example
 * const frozen = createClock(Date.UTC(2026, 0, 1))
 * frozen.advance(5_000) // now() is 5 s later, and stays there
 * const real = createClock(Date.UTC(2026, 0, 1), { mode: 'real' }) // now() moves on by itself
 */
export function createClock(start: number = DEFAULT_EPOCH, options: ClockOptions = {}): Clock {
  if (!isClockTime(start))
    throw new RangeError('clock start must be an epoch ms in years 1 to 9000')
  const mode = options.mode ?? 'frozen'
  const elapsed = mode === 'real' ? (options.elapsed ?? (() => performance.now())) : () => 0
  // The clock reads `base` plus the wall time since `since`: a frozen one never leaves `base`.
  let base = start
  let since = elapsed()
  // Whole ms: times are rendered to the second and compared as integers.
  const now = () => Math.min(MAX_TIME, base + Math.floor(elapsed() - since))
  const moveTo = (epochMs: number) => {
    base = epochMs
    since = elapsed()
  }
  return {
    mode,
    now,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock.advance expects ms >= 0')
      const current = now()
      if (!isClockTime(current + ms)) throw new RangeError('clock.advance would pass the year 9000')
      moveTo(current + ms)
    },
    set(epochMs) {
      if (!isClockTime(epochMs))
        throw new RangeError('clock.set expects an epoch ms in years 1 to 9000')
      moveTo(epochMs)
    },
    reset() {
      moveTo(start)
    },
  }
}

export function isoTime(epochMs: number): string {
  // The last one formatted is kept: records written in one millisecond (a burst of creates)
  // and the several times of one record often share it.
  if (epochMs !== lastIso) {
    lastIso = epochMs
    lastIsoText = new Date(epochMs).toISOString().replace('.000Z', 'Z')
  }
  return lastIsoText
}
let lastIso = NaN
let lastIsoText = ''
