/**
 * Pre-serialised JSON bodies for list pages, and the one way a route serves an answer from its
 * mock's response cache (src/core/response-cache.ts). Serialising records and stringifying them
 * was most of a list request's cost in the profiles (bench/RESULTS.md): a cached page is its
 * encoded bytes, which a server can write as they are.
 */
import type { Lifetime, MockSource } from '../src/core/response-cache.ts'
import type { RouteContext, RouteResult } from './context.ts'

export class JsonText {
  /** UTF-8 JSON; shared between responses, so never written to. */
  readonly bytes: Uint8Array<ArrayBuffer>
  constructor(bytes: Uint8Array<ArrayBuffer>) {
    this.bytes = bytes
  }
}

/**
 * A JSON body a route rendered itself, as text (the same text `JSON.stringify` of its value
 * gives): answered as it is, not stringified again.
 */
export class JsonString {
  readonly text: string
  constructor(text: string) {
    this.text = text
  }
}

const encoder = new TextEncoder()

/**
 * A JSON array of record texts (see `ResponseCache.text`), encoded once.
 * @example
 * jsonArray(['{"a":1}', '{"a":2}']).bytes // the bytes of [{"a":1},{"a":2}]
 */
export function jsonArray(texts: readonly string[]): JsonText {
  return new JsonText(encoder.encode(`[${texts.join(',')}]`))
}

const weigh = (result: RouteResult) =>
  result.body instanceof JsonText ? result.body.bytes.length : 0

/**
 * The answer of a read-only route, from this mock's response cache: `build()` runs the first
 * time and again whenever a source in `reads` changed. Everything else the answer may depend on
 * is the key: the operation, the origin, the whole URL (path and query) and the caller. A route
 * must read no other input (headers, body): declare what it reads, or do not cache it. An answer
 * that shows the time says until when it holds through `lifetime` (src/core/response-cache.ts).
 * Errors thrown by `build` are not cached. The result is frozen: it is shared between responses.
 * @example
 * return cachedAnswer(ctx, ['repositories', 'memberships'], () => ({ status: 200, body }))
 */
export function cachedAnswer(
  ctx: RouteContext,
  reads: readonly MockSource[],
  build: (lifetime: Lifetime) => RouteResult,
): RouteResult {
  const key = [ctx.operationId, ctx.origin, ctx.identity?.user ?? '', ctx.url.href].join('\u0000')
  return ctx.state.responses.answer(
    key,
    reads,
    (lifetime) => {
      const result = build(lifetime)
      if (result.headers) Object.freeze(result.headers)
      return Object.freeze(result)
    },
    weigh,
  )
}
