/** `rates_limits_list`: the caller's window, the same numbers the X-RateLimit-* headers carry. */
import { isoTime } from '../src/core/clock.ts'
import { defineRoute } from './define-route.ts'

export const rateRoutes = [
  defineRoute({
    operationId: 'rates_limits_list',
    method: 'GET',
    path: '/rates/limits/',
    access: 'optional',
    // Asking how much is left must not spend any of it.
    unmetered: true,
    handle(ctx) {
      const now = ctx.state.clock.now()
      const key = ctx.identity ? `user:${ctx.identity.user}` : 'anonymous'
      const state = ctx.state.limiter.peek(key, now)
      const throttled = state.throttled || ctx.throttled
      const remaining = throttled ? 0 : state.remaining
      return {
        status: 200,
        body: {
          resources: {
            core: {
              interval: throttled ? Math.max(0, state.reset - now / 1000) : state.interval,
              limit: state.limit,
              remaining,
              reset: state.reset,
              reset_iso_8601: isoTime(state.reset * 1000),
              throttled,
            },
          },
        },
      }
    },
  }),
]
