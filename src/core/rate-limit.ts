/**
 * Per-identity fixed-window rate limit, driven by the injectable clock: windows open again as
 * the clock passes their end (by itself with the `real` clock, by `advance()` with `frozen`). The
 * default limit is generous and the interval 0: the official CLI sleeps X-RateLimit-Interval
 * after every call.
 */
import { errors } from './errors.ts'

export interface RateLimitOptions {
  /** Requests per window (default 100,000). */
  limit?: number
  /** Window length in ms (default one hour). */
  windowMs?: number
  /** Seconds a client is told to wait between calls (X-RateLimit-Interval, default 0). */
  interval?: number
}

export interface RateState {
  limit: number
  remaining: number
  /** Window end, epoch seconds. */
  reset: number
  interval: number
  throttled: boolean
}

export interface RateLimiter {
  /** Counts one request; throws a 429 MockError (with headers) once the window is spent. */
  consume(identity: string, now: number): RateState
  peek(identity: string, now: number): RateState
  /** Marks the identity's window as spent. */
  exhaust(identity: string, now: number): RateState
  /**
   * The identity's window as a `throttle` scenario shows it, without storing anything: spent,
   * and open again `seconds` (whole, >= 1) from `now`, so Retry-After is exactly `seconds`.
   */
  spent(identity: string, now: number, seconds: number): RateState
  headers(state: RateState, now: number): Record<string, string>
  reset(): void
  readonly options: Required<RateLimitOptions>
}

/**
 * The window a caller's requests count against: one per user (whichever of their API keys they
 * send), one shared by every anonymous caller.
 * @example rateKey({ user: 'alice' }) // 'user:alice'; rateKey(null) // 'anonymous'
 */
export function rateKey(identity: { user: string } | null): string {
  return identity ? `user:${identity.user}` : 'anonymous'
}

export function parseRateLimit(
  spec: string,
): Required<Pick<RateLimitOptions, 'limit' | 'windowMs'>> {
  const match = /^(\d+)\s*\/\s*(\d+)?\s*(ms|s|m|h)?$/.exec(spec.trim())
  if (!match) throw new Error(`Invalid rate limit "${spec}": expected N/INTERVAL such as 100/1m`)
  const amount = Number(match[2] ?? 1)
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(match[3] ?? 's') as 'ms']
  const limit = Number(match[1])
  if (limit < 1 || amount < 1) throw new Error(`Invalid rate limit "${spec}": values must be >= 1`)
  return { limit, windowMs: amount * unit }
}

export function createRateLimiter(options: RateLimitOptions = {}): RateLimiter {
  const config = {
    limit: options.limit ?? 100_000,
    windowMs: options.windowMs ?? 3_600_000,
    interval: options.interval ?? 0,
  }
  const windows = new Map<string, { start: number; used: number }>()

  const windowFor = (identity: string, now: number) => {
    const start = now - (now % config.windowMs)
    let window = windows.get(identity)
    if (!window || window.start !== start) {
      window = { start, used: 0 }
      windows.set(identity, window)
    }
    return window
  }
  const stateOf = (window: { start: number; used: number }): RateState => ({
    limit: config.limit,
    remaining: Math.max(0, config.limit - window.used),
    reset: Math.floor((window.start + config.windowMs) / 1000),
    interval: config.interval,
    throttled: window.used >= config.limit,
  })

  const limiter: RateLimiter = {
    options: config,
    peek: (identity, now) => stateOf(windowFor(identity, now)),
    consume(identity, now) {
      const window = windowFor(identity, now)
      if (window.used >= config.limit) {
        const state = stateOf(window)
        const error = errors.throttled(retryAfter(state, now))
        Object.assign(error.headers, limiter.headers(state, now))
        throw error
      }
      window.used++
      return stateOf(window)
    },
    exhaust(identity, now) {
      const window = windowFor(identity, now)
      window.used = Math.max(window.used, config.limit)
      return stateOf(window)
    },
    spent: (identity, now, seconds) => ({
      ...stateOf(windowFor(identity, now)),
      remaining: 0,
      // Counted from the current second: ceil(reset - now) is `seconds` at any ms within it.
      reset: Math.floor(now / 1000) + seconds,
      throttled: true,
    }),
    headers(state, now) {
      const waiting = state.throttled ? Math.max(0, state.reset - now / 1000) : state.interval
      return {
        'X-RateLimit-Limit': String(state.limit),
        'X-RateLimit-Remaining': String(state.remaining),
        'X-RateLimit-Reset': String(state.reset),
        'X-RateLimit-Interval': waiting.toFixed(1),
      }
    },
    reset: () => windows.clear(),
  }
  return limiter
}

export function retryAfter(state: RateState, now: number): number {
  return Math.max(1, Math.ceil(state.reset - now / 1000))
}
