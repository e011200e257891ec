/**
 * An answer as plain data: what `handle` wraps in a Response, and what a server that does not
 * speak fetch (node:http) writes as it is, without a Response and its body stream between.
 */
export interface Reply {
  status: number
  /** Lower-case names, as a Response's headers list them. */
  headers: Record<string, string>
  /**
   * JSON bytes (possibly a cache's: never written to), JSON text, no body, or a stream of bytes
   * (a download) whose length the `content-length` header gives.
   */
  body: Uint8Array<ArrayBuffer> | string | ReadableStream<Uint8Array> | null
}
