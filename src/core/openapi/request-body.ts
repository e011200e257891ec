/** Request bodies checked as Cloudsmith's DRF serializers check them. */
import type { ValidateFunction } from 'ajv'
import { validatorAt } from './compile.ts'
import { toFieldErrors, type FieldErrors } from './drf-messages.ts'
import { requireOperation, type OperationId } from './spec.ts'

/**
 * Validates a JSON request body the way Cloudsmith's DRF serializers would: unknown and readOnly
 * properties are ignored, an absent body counts as `{}`. Returns null when the body is valid or the
 * operation takes no body.
 */
export function validateRequestBody(operationId: OperationId, body: unknown): FieldErrors | null {
  let validate = validators.get(operationId)
  if (validate === undefined) {
    validate =
      requireOperation(operationId).requestBody === null
        ? null
        : validatorAt('request', 'operations', operationId, 'body')
    validators.set(operationId, validate)
  }
  if (validate === null) return null
  const data = body === undefined ? {} : body
  return validate(data) ? null : toFieldErrors(validate.errors ?? [], data)
}

/**
 * Each operation's body validator (null: it takes no body), looked up once: building its JSON
 * pointer again for every request cost more than the validation itself.
 */
const validators = new Map<OperationId, ValidateFunction | null>()
