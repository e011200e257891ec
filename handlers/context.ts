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

export interface RouteContext {
  request: Request
  url: URL
  params: Record<string, string>
  /** The URL's query; `get` answers the last of repeated values, as Django's QueryDict does. */
  query: QueryDict
  identity: Identity | null
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
