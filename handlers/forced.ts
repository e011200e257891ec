/**
 * Bodies for forced 422s: `fields` name the operation's real request fields (its required body
 * fields, else its first body field, else its query parameters), as a real rejection would.
 */
import {
  getOperation,
  getSchema,
  isOperationId,
  type JsonSchema,
} from '../src/core/openapi/index.ts'
import type { FieldErrors } from '../src/core/errors.ts'

function resolve(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (schema?.$ref) return getSchema(schema.$ref.replace('#/schemas/', ''))
  return schema
}

export function exampleFields(operationId: string): FieldErrors {
  if (!isOperationId(operationId)) return { non_field_errors: ['Invalid input.'] }
  const operation = getOperation(operationId)
  const body = resolve(operation.requestBody?.schema)
  const required = body?.required ?? []
  const writable = Object.entries(body?.properties ?? {})
    .filter(([, schema]) => !schema.readOnly)
    .map(([name]) => name)
  if (required.length)
    return Object.fromEntries(required.map((name) => [name, ['This field is required.']]))
  if (writable.length) return { [writable[0]!]: ['This field may not be blank.'] }
  const query = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name)
  if (query.length) return { [query[0]!]: ['A valid integer is required.'] }
  return { non_field_errors: ['Invalid input.'] }
}
