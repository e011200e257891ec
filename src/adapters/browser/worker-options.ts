/**
 * `startMockWorker`'s options: `createMock`'s plus the worker's own, one strict schema. Kept apart
 * from msw/browser so that Node can check them too (the unit tests do).
 */
import * as z from 'zod'
import { mockOptionsSchema, onUnhandledFrameSchema } from '../../core/options.ts'

/** `createMock`'s options plus the worker's own; unknown keys are still an error. */
export const startMockWorkerOptionsSchema = mockOptionsSchema.extend({
  /** Where the worker script is served (default `/mockServiceWorker.js`; see `cloudsmith-mock init`). */
  serviceWorkerUrl: z.string().min(1).optional(),
  /** Silences msw's console line for every intercepted request (default false). */
  quiet: z.boolean().optional(),
  /** What happens to requests no handler answers (default 'bypass': the app's own assets). */
  onUnhandledFrame: onUnhandledFrameSchema.optional(),
  /** Name of the control object on `window` (default `cloudsmithMock`); false for none. */
  global: z.union([z.string().min(1), z.literal(false)]).optional(),
  /**
   * Shows the devtools panel in the page (default false; `?mock-devtools` in the page URL shows
   * it too): scenarios, a forced status, the request log, reset and the clock.
   */
  devtools: z.boolean().optional(),
})

export type StartMockWorkerOptions = z.input<typeof startMockWorkerOptionsSchema>
