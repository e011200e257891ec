/** `status_check_basic`: open to anyone, like the real endpoint (`security: []`). */
import { defineRoute } from './define-route.ts'

export const API_VERSION = '1.783.0'

export const statusRoutes = [
  defineRoute({
    operationId: 'status_check_basic',
    method: 'GET',
    path: '/status/check/basic/',
    access: 'public',
    handle: () => ({
      status: 200,
      body: { detail: 'Cloudsmith API is operational.', version: API_VERSION },
    }),
  }),
]
