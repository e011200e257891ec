/**
 * The upload target (`/__uploads/`, S3 in real life) on the standalone server: which requests
 * go to it, and how many may stream at once. Each costs about one chunk of memory, but hashing
 * costs CPU, so past the limit a client is told to come back (429 with `Retry-After`, as S3's
 * SlowDown asks) rather than slowing every other upload and request.
 */
import { DIRECT_UPLOAD_PATH } from '../../../handlers/direct-upload.ts'
import { UPLOAD_PATH } from '../../../handlers/files.ts'

/** Uploads in flight at once before the next one is refused. */
export const DEFAULT_MAX_CONCURRENT_UPLOADS = 16

const PREFIXES = [UPLOAD_PATH, DIRECT_UPLOAD_PATH].map((path) => path.slice(0, path.indexOf('{')))

/**
 * POST or PUT to `/__uploads/…` or a direct upload to `/__upload-host/…` (or either under
 * `/v1`, which the core routes the same): bodies with the upload limit, streamed.
 */
export function isUploadTarget(method: string, pathname: string): boolean {
  if (method !== 'POST' && method !== 'PUT') return false
  return PREFIXES.some(
    (prefix) => pathname.startsWith(prefix) || pathname.startsWith(`/v1${prefix}`),
  )
}

export interface UploadGate {
  /** True when another upload would pass the limit. */
  full(): boolean
  enter(): void
  leave(): void
  /** What `Retry-After` says to a refused upload, in seconds. */
  readonly retryAfterSeconds: number
}

/**
 * Counts uploads in flight against `limit` (a whole number >= 1).
 * @example
 * const gate = createUploadGate(2)
 * if (gate.full()) throw errors.throttled(gate.retryAfterSeconds)
 * gate.enter()
 * try { await handle() } finally { gate.leave() }
 */
export function createUploadGate(limit: number): UploadGate {
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`maxConcurrentUploads must be a whole number >= 1, got ${limit}.`)
  let inFlight = 0
  return {
    full: () => inFlight >= limit,
    enter: () => void inFlight++,
    leave: () => void inFlight--,
    retryAfterSeconds: 1,
  }
}
