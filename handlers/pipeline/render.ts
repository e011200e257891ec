/** Step 8, render: a route's result as a `Reply` (plain data), and a `Reply` as a Response. */
import type { Reply } from '../../src/core/reply.ts'
import type { RouteResult } from '../context.ts'
import { JsonString, JsonText } from '../json-text.ts'

/**
 * Headers as a Response keeps them: names in lower case (a later one wins), values trimmed; a
 * JSON content type unless there is no body or the body is a stream.
 */
export function render(result: RouteResult): Reply {
  const noBody = result.body === undefined || result.status === 204 || result.status === 304
  const headers: Record<string, string> =
    noBody || result.body instanceof ReadableStream ? {} : { 'content-type': 'application/json' }
  const given = result.headers
  if (given)
    for (const name of Object.keys(given)) headers[lowerCase(name)] = trimHeaderValue(given[name]!)
  const body = noBody
    ? null
    : result.body instanceof JsonText
      ? result.body.bytes
      : result.body instanceof JsonString
        ? result.body.text
        : result.body instanceof ReadableStream
          ? (result.body as ReadableStream<Uint8Array>)
          : JSON.stringify(result.body)
  return { status: result.status, headers, body }
}

/** A reply as a Response, for transports that speak fetch (msw, `mock.handle`). */
export function toResponse(reply: Reply): Response {
  if (reply.body === null || reply.body instanceof ReadableStream)
    return new Response(reply.body, { status: reply.status, headers: reply.headers })
  // A declared length makes the answer self-delimiting, so msw's Node interceptor keeps the
  // connection open instead of ending it; an end under a body the caller never read crashes
  // undici's parser (`assert(!this.paused)`, nodejs/undici#5360) and fails the whole run.
  const bytes = typeof reply.body === 'string' ? encoder.encode(reply.body) : reply.body
  const headers = { ...reply.headers, 'content-length': String(bytes.byteLength) }
  return new Response(bytes, { status: reply.status, headers })
}

const encoder = new TextEncoder()

/**
 * Header names in lower case, remembered: a handful of names (rate limit, pagination) come on
 * every answer, and lower-casing each built a new string per header per request.
 */
const lowered = new Map<string, string>()
function lowerCase(name: string): string {
  let lower = lowered.get(name)
  if (lower === undefined) {
    lower = name.toLowerCase()
    // Names come from the routes and from scenario rules: bounded, but not by this module.
    if (lowered.size < 512) lowered.set(name, lower)
  }
  return lower
}

const isHttpSpace = (code: number) =>
  code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d

function trimHeaderValue(value: string): string {
  const untouched =
    value === '' ||
    (!isHttpSpace(value.charCodeAt(0)) && !isHttpSpace(value.charCodeAt(value.length - 1)))
  return untouched ? value : value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')
}
