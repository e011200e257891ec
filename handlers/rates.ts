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
      // The same window the response's headers describe, spent or not.
      const state = ctx.rate
      return {
        status: 200,
        body: {
          resources: {
            core: {
              interval: state.throttled ? Math.max(0, state.reset - now / 1000) : state.interval,
              limit: state.limit,
              remaining: state.remaining,
              reset: state.reset,
              reset_iso_8601: isoTime(state.reset * 1000),
              throttled: state.throttled,
            },
          },
        },
      }
    },
  }),
]
