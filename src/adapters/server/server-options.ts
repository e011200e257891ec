/**
 * The standalone server's options: `createMock`'s plus the server's own, one strict schema, so a
 * misspelt key is an error here as in every other entry point.
 */
import * as z from 'zod'
import { accepting, mockOptionsSchema } from '../../core/options.ts'
import type { RequestLogEntry } from './create-mock-http-server.ts'

const isFunction = (value: unknown) => typeof value === 'function'

export const mockHttpServerOptionsSchema = mockOptionsSchema.extend({
  /** The admin API under `/__mock/` (default true). */
  admin: z.boolean().optional(),
  /** Protects the admin API: `Authorization: Bearer TOKEN` or `X-Admin-Token: TOKEN`. */
  adminToken: z.string().min(1).optional(),
  /** Largest request body in bytes (default 25 MiB); larger ones get a 413. Not uploads. */
  maxBodySize: z.number().int().min(1).optional(),
  /**
   * Largest file (or part) sent to the upload target `/__uploads/`, in bytes (default 5 GiB);
   * larger ones get a 413. Uploads are hashed as they arrive, never held whole.
   */
  maxUploadSize: z.number().int().min(1).optional(),
  /** Uploads in flight at once (default 16); one more gets a 429 with `Retry-After`. */
  maxConcurrentUploads: z.number().int().min(1).optional(),
  /**
   * A file the state is loaded from at start (if it exists) and saved to after each change: a
   * change's 2xx leaves only once the change is on disk; when it cannot be saved the answer is a
   * 503 and `GET /__mock/health` reports the failure until a save succeeds.
   */
  persist: z.string().min(1).optional(),
  /**
   * CORS for browser apps on other origins (default: any origin for the API, pages on this
   * machine for the admin API); requests from other origins get a 403. Listed origins apply to
   * both. `false` turns CORS off (no headers, no origin checks).
   */
  cors: accepting(
    z.union([
      z.literal(false),
      z
        .object({
          /** Origins allowed to call the mock (default, or `*` listed: any origin, echoed back). */
          origins: z.array(z.string().min(1)).readonly().optional(),
        })
        .strict(),
    ]),
    'false or an object { origins: [...] }',
  ).optional(),
  /**
   * Host names (no port) answered besides loopback names, IP addresses and the listen address,
   * e.g. a LAN or tunnel name (default none; `*` allows any). Other `Host` headers get a 403:
   * that stops DNS rebinding, where another site's name is pointed at this machine.
   */
  allowedHosts: z.array(z.string().min(1)).readonly().optional(),
  /** Called once per request (the CLI's log line). */
  onRequest: z.custom<(entry: RequestLogEntry) => void>(isFunction).optional(),
  /** Called when saving the state fails; the server keeps answering (writes with 503). */
  onError: z.custom<(error: Error) => void>(isFunction).optional(),
  /** Reported by `GET /__mock/health`. */
  version: z.string().optional(),
})

export type MockHttpServerOptions = z.input<typeof mockHttpServerOptionsSchema>
