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

export function createClock(start: number = DEFAULT_EPOCH): Clock {
  let current = start
  return {
    now: () => current,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('clock.advance expects ms >= 0')
      current += ms
    },
    set(epochMs) {
      if (!Number.isFinite(epochMs)) throw new RangeError('clock.set expects a finite epoch ms')
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
