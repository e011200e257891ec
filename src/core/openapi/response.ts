/** Response bodies checked against the schema documented for their status. */
import type { ErrorObject } from 'ajv'
import { validatorAt } from './compile.ts'
import { requireOperation, type OperationId } from './spec.ts'

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(body)' : error.instancePath
  const params = error.params as Record<string, unknown>
  const allowed = Array.isArray(params.allowedValues)
    ? `: ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    : ''
  return `${where} ${error.message ?? error.keyword}${allowed}`
}

/**
 * Checks a response body against the schema documented for `status`. Undocumented error statuses
 * (401, 403, 404, 429, 5xx…) are held to `ErrorDetail`; an undocumented success status is itself
 * reported. Returns readable problems, or null when the body conforms.
 */
export function validateResponse(
  operationId: OperationId,
  status: number,
  body: unknown,
): string[] | null {
  const { responses } = requireOperation(operationId)
  const key = String(status)
  // A 204 has no content (RFC 9110 §15.3.5), even where the document gives it a schema
  // (orgs_teams_members_update): an empty body is the only conformant one.
  if (status === 204 && (body === undefined || body === null || body === '')) return null
  if (Object.hasOwn(responses, key)) {
    if (responses[key] === null) {
      const empty = body === undefined || body === null || body === ''
      return empty ? null : [`status ${key} is documented without a body, but one was returned`]
    }
  } else if (status < 400) {
    const documented = Object.keys(responses).join(', ')
    return [`status ${key} is not documented for ${operationId} (documented: ${documented})`]
  }
  const validate = Object.hasOwn(responses, key)
    ? validatorAt('response', 'operations', operationId, 'responses', key)
    : validatorAt('response', 'schemas', 'ErrorDetail')
  return validate(body) ? null : (validate.errors ?? []).map(describe)
}
