/**
 * What every answer to a fuzzed request must be, whatever was sent: a status below 500 (unless
 * the request asked a scenario for one, or the operation is one the mock does not model: 501),
 * and a body a client can read: JSON with a `detail`
 * string for every error; empty only for HEAD, 204 and 304, and for successes the API documents
 * without a body.
 */
import { isUtf8 } from 'node:buffer'
import { buildRouter, notModelled, routes } from '../../../handlers/index.ts'
import { getOperation } from '../../../src/core/openapi/index.ts'

const router = buildRouter(routes)

export interface Answer {
  status: number
  contentType: string | null
  body: Uint8Array
}

/** The documented body of `operationId` at `status`: false when documented empty. */
function documentedBody(method: string, target: string, status: number): boolean {
  let pathname: string
  try {
    pathname = new URL(target, 'http://mock.invalid').pathname
  } catch {
    return true
  }
  const path = pathname.startsWith('/v1/') ? pathname.slice(3) : pathname
  const match = router.match(method.toUpperCase(), path)
  if (!match || 'allowed' in match) return true
  const operation = getOperation(match.route.operationId)
  // The mock's own upload target (not in the document) answers like S3: 204, or 200 and an ETag.
  if (!operation) return false
  const schema = operation.responses[String(status)]
  return schema !== null
}

const isNotModelled = (id: string | null) => id !== null && Object.hasOwn(notModelled, id)

function operationAt(method: string, target: string): string | null {
  let pathname: string
  try {
    pathname = new URL(target, 'http://mock.invalid').pathname
  } catch {
    return null
  }
  const path = pathname.startsWith('/v1/') ? pathname.slice(3) : pathname
  const match = router.match(method.toUpperCase(), path)
  return match && !('allowed' in match) ? match.route.operationId : null
}

/** Why this answer breaks the rules, or null when it keeps them. */
export function violation(
  request: { method: string; target: string; mayFail: boolean },
  answer: Answer,
): string | null {
  const { status } = answer
  if (status < 100 || status > 599) return `status ${status} is not an HTTP status`
  const stub = status === 501 && isNotModelled(operationAt(request.method, request.target))
  if (status >= 500 && !request.mayFail && !stub)
    return `status ${status} without a scenario asking for it (${Buffer.from(answer.body).subarray(0, 300)})`
  const head = request.method.toUpperCase() === 'HEAD'
  if (head || status === 204 || status === 304) {
    if (!head && answer.body.length) return `status ${status} with a body`
    return null
  }
  if (answer.body.length === 0) {
    if (status < 400 && !documentedBody(request.method, request.target, status)) return null
    return `status ${status} with an empty body`
  }
  // A download's success is the file's bytes (handlers/downloads.ts), of any type.
  if (status < 300 && operationAt(request.method, request.target) === 'mock_download') return null
  if (!/^application\/json\b/i.test(answer.contentType ?? ''))
    return `status ${status} with Content-Type ${answer.contentType}`
  const bytes = Buffer.from(answer.body)
  if (!isUtf8(bytes)) return `status ${status} with a body that is not UTF-8`
  let parsed: unknown
  try {
    parsed = JSON.parse(bytes.toString('utf8'))
  } catch {
    return `status ${status} with a body that is not JSON`
  }
  if (status >= 400) {
    const detail = (parsed as { detail?: unknown } | null)?.detail
    if (typeof detail !== 'string' || detail === '')
      return `status ${status} without a "detail" string`
  }
  return null
}

/** One line per request for a failure message: enough to reproduce it by hand. */
export function describeRequest(request: {
  method: string
  target: string
  headers: [string, string][]
  body: Uint8Array | null
}): string {
  const headers = request.headers.map(([n, v]) => `${n}: ${v.slice(0, 60)}`).join('; ')
  const body = request.body ? Buffer.from(request.body).subarray(0, 120).toString() : ''
  return `${request.method} ${request.target.slice(0, 200)} [${headers}] ${body}`
}
