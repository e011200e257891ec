/** Request bodies checked as Cloudsmith's DRF serializers check them. */
import { validatorAt } from './compile.ts'
import { toFieldErrors, type FieldErrors } from './drf-messages.ts'
import { requireOperation, type OperationId } from './spec.ts'

/**
 * Validates a JSON request body the way Cloudsmith's DRF serializers would: unknown and readOnly
 * properties are ignored, an absent body counts as `{}`. Returns null when the body is valid or the
 * operation takes no body.
 */
export function validateRequestBody(operationId: OperationId, body: unknown): FieldErrors | null {
  if (requireOperation(operationId).requestBody === null) return null
  const data = body === undefined ? {} : body
  const validate = validatorAt('request', 'operations', operationId, 'body')
  return validate(data) ? null : toFieldErrors(validate.errors ?? [], data)
}
