import spec from '../../generated/openapi.json' with { type: 'json' }
import { operationIds, type OperationId } from '../../generated/operations.ts'

export type { OperationId, PackageFormat, UpstreamFormat } from '../../generated/operations.ts'
export { operationIds, packageFormats, upstreamFormats } from '../../generated/operations.ts'

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'TRACE'

export type JsonSchemaType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object'

/** The OpenAPI 3.0 schema subset the generator keeps; `$ref`s point at `#/schemas/<Name>`. */
export interface JsonSchema {
  $ref?: string
  type?: JsonSchemaType
  format?: string
  enum?: readonly (string | number | boolean | null)[]
  nullable?: boolean
  readOnly?: boolean
  writeOnly?: boolean
  required?: readonly string[]
  properties?: Readonly<Record<string, JsonSchema>>
  additionalProperties?: boolean | JsonSchema
  items?: JsonSchema
  minLength?: number
  maxLength?: number
  pattern?: string
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean
  exclusiveMaximum?: boolean
  multipleOf?: number
  minItems?: number
  maxItems?: number
  uniqueItems?: boolean
  default?: unknown
  allOf?: readonly JsonSchema[]
  oneOf?: readonly JsonSchema[]
  anyOf?: readonly JsonSchema[]
  not?: JsonSchema
}

export interface OperationParameter {
  name: string
  in: 'path' | 'query'
  required: boolean
  schema: JsonSchema
}

export interface OperationRequestBody {
  required: boolean
  schema: JsonSchema
}

export interface Operation {
  method: HttpMethod
  /** Exactly as in Cloudsmith's spec, e.g. `/repos/{owner}/{identifier}/`. */
  path: string
  parameters: readonly OperationParameter[]
  /** The `application/json` body, or null when the operation takes none. */
  requestBody: OperationRequestBody | null
  /** Status code → body schema; null means the status is documented without a body. */
  responses: Readonly<Record<string, JsonSchema | null>>
}

export interface OpenApiSpec {
  source: { title: string; version: string; openapi: string }
  operations: Readonly<Record<OperationId, Operation>>
  schemas: Readonly<Record<string, JsonSchema>>
}

export interface OperationEntry extends Operation {
  operationId: OperationId
}

// The JSON module's inferred type is a structural snapshot, not a contract; the generator owns
// the shape, so the cast is the single point where it is asserted.
export const openApiSpec = spec as unknown as OpenApiSpec

const known: ReadonlySet<string> = new Set(operationIds)

export function isOperationId(id: string): id is OperationId {
  return known.has(id)
}

/** A known id always resolves; an arbitrary string (e.g. from a request) may not. */
export function getOperation(id: OperationId): Operation
export function getOperation(id: string): Operation | undefined
export function getOperation(id: string): Operation | undefined {
  return isOperationId(id) ? openApiSpec.operations[id] : undefined
}

export function listOperations(): OperationEntry[] {
  return operationIds.map((operationId) => ({
    operationId,
    ...openApiSpec.operations[operationId],
  }))
}

export function getSchema(name: string): JsonSchema | undefined {
  return Object.hasOwn(openApiSpec.schemas, name) ? openApiSpec.schemas[name] : undefined
}

/**
 * The operation `id` names; callers outside TypeScript can still pass any string, so an unknown
 * one throws an Error naming it rather than a TypeError later.
 * @example requireOperation('repos_read').method // 'GET'
 */
export function requireOperation(id: OperationId): Operation {
  const found = getOperation(id as string)
  if (found === undefined) throw new Error(`unknown Cloudsmith operation: ${String(id)}`)
  return found
}
