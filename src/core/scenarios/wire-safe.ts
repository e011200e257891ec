/**
 * What a scenario rule may put on the wire, checked when the rule is defined: a header or body
 * that no transport can send would otherwise surface later as a bare 500 (node:http refuses the
 * header, JSON.stringify throws on a cycle) in the middle of a test.
 */
import * as z from 'zod'

/** RFC 9110 `token`: the characters a header name may hold. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
/** RFC 9110 `field-value` as Node and fetch accept it: tab, visible Latin-1, no CR, LF or NUL. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/
/** Hop-by-hop and framing headers belong to the transport: a rule must not contradict it. */
const RESERVED = new Set([
  'connection',
  'content-length',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
])

export const MAX_HEADERS = 64
const MAX_HEADER_VALUE = 8 * 1024
/** A rule's body is held in memory and sent on every matching request. */
export const MAX_BODY_BYTES = 1024 * 1024

export const ruleHeadersSchema = z.record(z.string(), z.string()).superRefine((headers, ctx) => {
  const names = Object.keys(headers)
  if (names.length > MAX_HEADERS)
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_HEADERS} headers` })
  for (const name of names) {
    const value = headers[name]!
    const issue = (message: string) => ctx.addIssue({ code: 'custom', path: [name], message })
    if (!TOKEN.test(name))
      issue("a header name is an HTTP token (letters, digits and !#$%&'*+-.^_`|~, no spaces)")
    else if (RESERVED.has(name.toLowerCase()))
      issue(`"${name}" is set by the transport (hop-by-hop or framing header)`)
    if (!FIELD_VALUE.test(value))
      issue('a header value is Latin-1 text without line breaks or control characters')
    else if (value.length > MAX_HEADER_VALUE)
      issue(`a header value is at most ${MAX_HEADER_VALUE} characters`)
  }
})

/**
 * Any value JSON can carry, stored as its JSON round trip: a cycle, a BigInt or a throwing
 * `toJSON` is refused now, and a caller changing the object later cannot change the rule.
 */
export const ruleBodySchema = z.unknown().transform((body, ctx) => {
  if (body === undefined) return undefined
  let text: string | undefined
  try {
    text = JSON.stringify(body)
  } catch (error) {
    ctx.addIssue({
      code: 'custom',
      message: `not JSON-serialisable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
    })
    return z.NEVER
  }
  if (text === undefined) {
    ctx.addIssue({ code: 'custom', message: `not JSON-serialisable (a ${typeof body})` })
    return z.NEVER
  }
  if (text.length > MAX_BODY_BYTES) {
    ctx.addIssue({ code: 'custom', message: `at most ${MAX_BODY_BYTES} bytes of JSON` })
    return z.NEVER
  }
  return JSON.parse(text) as unknown
})
