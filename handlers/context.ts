/**
 * What a route handler sees: the request, who is asking, and the mock's state. Built once per
 * request by the pipeline (handlers/pipeline/execute.ts).
 */
import type { Identity } from '../src/core/auth.ts'
import type { QueryDict } from '../src/core/query-params.ts'
import type { RateState } from '../src/core/rate-limit.ts'
import type { MockState } from '../src/core/state.ts'

// Owned by the core; re-exported so routes keep one import for what they see.
export type { MockState } from '../src/core/state.ts'
export { nextId } from '../src/core/ids.ts'

/**
 * `Params`: the path's parameters by name (typed from the route's path by defineRoute; any name
 * for a plain `string` path). `Caller`: who is asking, `Identity` on routes whose access is
 * `required` (the pipeline refuses anonymous callers before the handler runs), else nullable.
 */
export interface RouteContext<
  Params extends Record<string, string> = Record<string, string>,
  Caller extends Identity | null = Identity | null,
> {
  request: Request
  url: URL
  params: Params
  /** The URL's query; `get` answers the last of repeated values, as Django's QueryDict does. */
  query: QueryDict
  identity: Caller
  operationId: string
  state: MockState
  /** Sync behaviour in force for this request (scenarios included). */
  sync: MockState['sync']
  /** Origin used in URLs the mock hands out (self_url, upload_url). */
  origin: string
  /** The JSON body, parsed and validated against the operation's request schema. */
  body: Record<string, unknown>
  /**
   * The caller's rate-limit window as this request's X-RateLimit-* headers report it: spent when
   * a scenario throttles (`rate-limited`).
   */
  rate: RateState
  /**
   * Runs a change to the data in the write queue. Only routes with `body: 'stream'` need it
   * (they run outside the queue while the body arrives); for other writes it runs at once.
   */
  write<T>(change: () => Promise<T> | T): Promise<T>
}

export interface RouteResult {
  status: number
  /** JSON, or a ReadableStream of bytes sent as they are (set Content-Length and Content-Type). */
  body?: unknown
  headers?: Record<string, string>
}
