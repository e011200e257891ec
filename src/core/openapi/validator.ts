import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { lastParam } from '../query-params.ts'
import {
  getOperation,
  openApiSpec,
  type JsonSchema,
  type Operation,
  type OperationId,
} from './spec.ts'

/** DRF-style validation errors: field name (or `non_field_errors`) → messages. */
export type FieldErrors = Record<string, string[]>

const NON_FIELD = 'non_field_errors'
const REQUEST_DOC = 'cloudsmith-mock:request'
const RESPONSE_DOC = 'cloudsmith-mock:response'

// ajv-formats is CommonJS whose `module.exports` is the plugin and also carries `.default`, so
// `.default` is the one spelling that resolves under Node, bundlers and TypeScript alike.
const addFormats = addFormatsModule.default

type Mode = 'request' | 'response'

let ajvInstance: Ajv | undefined
const loadedDocs = new Set<Mode>()
const cache = new Map<string, ValidateFunction | null>()

function ajv(): Ajv {
  if (ajvInstance !== undefined) return ajvInstance
  const instance = new Ajv({ allErrors: true, verbose: true, strict: true })
  addFormats(instance, ['uri', 'date-time', 'email', 'uuid'])
  // Django REST framework names: DecimalField is serialised as a string, SlugField as [-\w]+.
  instance.addFormat('decimal', { type: 'string', validate: /^[+-]?(?:\d+\.?\d*|\.\d+)$/ })
  instance.addFormat('slug', { type: 'string', validate: /^[-a-zA-Z0-9_]+$/ })
  // The generated document is a container of schemas rather than a schema itself; declaring its
  // two top-level members as annotations keeps strict mode on for everything else.
  instance.addVocabulary(['schemas', 'operations'])
  ajvInstance = instance
  return instance
}

/**
 * OpenAPI 3.0 semantics that plain JSON Schema lacks:
 * - `nullable` must also admit null through `enum` (ajv only widens `type`).
 * - in requests, readOnly properties are ignored, so they accept anything and are never required.
 */
function prepare(schema: JsonSchema, mode: Mode): JsonSchema {
  const out: JsonSchema = { ...schema }
  if (schema.nullable === true && schema.enum !== undefined && !schema.enum.includes(null)) {
    out.enum = [...schema.enum, null]
  }
  if (schema.properties !== undefined) {
    const properties: Record<string, JsonSchema> = {}
    const ignored = new Set<string>()
    for (const [name, property] of Object.entries(schema.properties)) {
      if (mode === 'request' && property.readOnly === true) {
        ignored.add(name)
        properties[name] = {}
      } else {
        properties[name] = prepare(property, mode)
      }
    }
    out.properties = properties
    if (schema.required !== undefined) {
      const required = schema.required.filter((name) => !ignored.has(name))
      if (required.length > 0) out.required = required
      else delete out.required
    }
  }
  if (schema.items !== undefined) out.items = prepare(schema.items, mode)
  if (typeof schema.additionalProperties === 'object') {
    out.additionalProperties = prepare(schema.additionalProperties, mode)
  }
  if (schema.not !== undefined) out.not = prepare(schema.not, mode)
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    const list = schema[key]
    if (list !== undefined) out[key] = list.map((s) => prepare(s, mode))
  }
  return out
}

// Operation schemas live inside the same document as the components so that their
// `#/schemas/<Name>` refs resolve without rewriting; ajv compiles only what a pointer reaches.
function loadDoc(mode: Mode): void {
  if (loadedDocs.has(mode)) return
  const schemas: Record<string, JsonSchema> = {}
  for (const [name, schema] of Object.entries(openApiSpec.schemas)) {
    schemas[name] = prepare(schema, mode)
  }
  const operations: Record<string, Record<string, unknown>> = {}
  for (const [opId, op] of Object.entries(openApiSpec.operations)) {
    if (mode === 'request') {
      if (op.requestBody !== null) operations[opId] = { body: prepare(op.requestBody.schema, mode) }
    } else {
      const responses: Record<string, JsonSchema> = {}
      for (const [status, schema] of Object.entries(op.responses)) {
        if (schema !== null) responses[status] = prepare(schema, mode)
      }
      operations[opId] = { responses }
    }
  }
  const docId = mode === 'request' ? REQUEST_DOC : RESPONSE_DOC
  // Meta-validation of the whole document is skipped: it costs startup time and every schema
  // in it is still checked in strict mode when first compiled.
  ajv().addSchema({ $id: docId, schemas, operations }, undefined, undefined, false)
  loadedDocs.add(mode)
}

const pointer = (...parts: string[]): string =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')

function validatorAt(mode: Mode, ...path: string[]): ValidateFunction {
  const key = `${mode === 'request' ? REQUEST_DOC : RESPONSE_DOC}#/${pointer(...path)}`
  let validate = cache.get(key)
  if (validate === undefined) {
    loadDoc(mode)
    validate = ajv().getSchema(key) ?? null
    cache.set(key, validate)
  }
  if (validate === null) throw new Error(`no schema at ${key}`)
  return validate
}

// --- DRF-style messages ---------------------------------------------------------------------------

const DATETIME_FORMATS = 'YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]'
const FORMAT_MESSAGES: Record<string, string> = {
  uri: 'Enter a valid URL.',
  email: 'Enter a valid email address.',
  'date-time': `Datetime has wrong format. Use one of these formats instead: ${DATETIME_FORMATS}.`,
  uuid: 'Must be a valid UUID.',
  decimal: 'A valid number is required.',
  slug: 'Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.',
}

/** Python's `type(value).__name__`, which DRF interpolates into its type errors. */
function pythonType(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType'
  if (Array.isArray(value)) return 'list'
  if (typeof value === 'string') return 'str'
  if (typeof value === 'boolean') return 'bool'
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float'
  return 'dict'
}

/** Python's `str(value)`, as DRF's ChoiceField quotes it. */
function pythonStr(value: unknown): string {
  if (value === true) return 'True'
  if (value === false) return 'False'
  if (value === null) return 'None'
  return typeof value === 'object' ? JSON.stringify(value) : String(value)
}

function typeMessage(expected: unknown, data: unknown): string {
  if (data === null) return 'This field may not be null.'
  switch (String(expected).split(',')[0]) {
    case 'integer':
      return 'A valid integer is required.'
    case 'number':
      return 'A valid number is required.'
    case 'boolean':
      return 'Must be a valid boolean.'
    case 'string':
      return 'Not a valid string.'
    case 'array':
      return `Expected a list of items but got type "${pythonType(data)}".`
    default:
      return `Expected a dictionary of items but got type "${pythonType(data)}".`
  }
}

function drfMessage(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>
  const limit = params.limit
  switch (error.keyword) {
    case 'required':
      return 'This field is required.'
    case 'type':
      return typeMessage(params.type, error.data)
    case 'enum':
      return `"${pythonStr(error.data)}" is not a valid choice.`
    case 'maxLength':
      return `Ensure this field has no more than ${String(limit)} characters.`
    case 'minLength':
      return error.data === ''
        ? 'This field may not be blank.'
        : `Ensure this field has at least ${String(limit)} characters.`
    case 'pattern':
      return 'This value does not match the required pattern.'
    case 'format':
      return FORMAT_MESSAGES[String(params.format)] ?? 'Enter a valid value.'
    case 'minimum':
      return `Ensure this value is greater than or equal to ${String(limit)}.`
    case 'maximum':
      return `Ensure this value is less than or equal to ${String(limit)}.`
    case 'minItems':
      return `Ensure this field has at least ${String(limit)} elements.`
    case 'maxItems':
      return `Ensure this field has no more than ${String(limit)} elements.`
    case 'uniqueItems':
      return 'This list may not contain duplicate items.'
    default:
      return error.message ?? 'Invalid value.'
  }
}

// DRF stops at the first conversion failure for a field and only then runs validators, so a
// null, an invalid choice, a wrong type or a blank string hides any length/pattern errors.
const EXCLUSIVE = [
  'This field may not be null.',
  'is not a valid choice.',
  'This field may not be blank.',
  'This field is required.',
]

function toFieldErrors(errors: readonly ErrorObject[], body: unknown): FieldErrors | null {
  const byField = new Map<string, { own: ErrorObject[]; nested: ErrorObject[] }>()
  const add = (field: string, error: ErrorObject, own: boolean): void => {
    const entry = byField.get(field) ?? { own: [], nested: [] }
    ;(own ? entry.own : entry.nested).push(error)
    byField.set(field, entry)
  }
  // A slug field carries both `format: slug` and the equivalent pattern; DRF reports it once.
  const formatted = new Set(errors.filter((e) => e.keyword === 'format').map((e) => e.instancePath))
  for (const error of errors) {
    if (error.keyword === 'pattern' && formatted.has(error.instancePath)) continue
    const segments = error.instancePath.split('/').slice(1)
    const first = segments[0]?.replace(/~1/g, '/').replace(/~0/g, '~')
    if (first !== undefined) add(first, error, segments.length === 1)
    else if (error.keyword === 'required') {
      add(String((error.params as Record<string, unknown>).missingProperty), error, true)
    } else add(NON_FIELD, error, true)
  }
  if (byField.size === 0) return null

  const result: FieldErrors = {}
  for (const [field, { own, nested }] of byField) {
    if (field === NON_FIELD && own.some((e) => e.keyword === 'type')) {
      result[field] = [
        body === null
          ? 'No data provided'
          : `Invalid data. Expected a dictionary, but got ${pythonType(body)}.`,
      ]
      continue
    }
    let messages = [...own, ...nested].map(drfMessage)
    const exclusive = messages.find((m) => EXCLUSIVE.some((e) => m.endsWith(e)))
    const typeError = own.find((e) => e.keyword === 'type')
    if (exclusive !== undefined) messages = [exclusive]
    else if (typeError !== undefined) messages = [drfMessage(typeError)]
    result[field] = [...new Set(messages)]
  }
  return result
}

// Callers outside TypeScript can still pass any string; fail with the id, not a TypeError.
function operation(id: OperationId): Operation {
  const found = getOperation(id as string)
  if (found === undefined) throw new Error(`unknown Cloudsmith operation: ${String(id)}`)
  return found
}

// --- public API ----------------------------------------------------------------------------------

/**
 * Validates a JSON request body the way Cloudsmith's DRF serializers would: unknown and readOnly
 * properties are ignored, an absent body counts as `{}`. Returns null when the body is valid or the
 * operation takes no body.
 */
export function validateRequestBody(operationId: OperationId, body: unknown): FieldErrors | null {
  if (operation(operationId).requestBody === null) return null
  const data = body === undefined ? {} : body
  const validate = validatorAt('request', 'operations', operationId, 'body')
  return validate(data) ? null : toFieldErrors(validate.errors ?? [], data)
}

const TRUE_VALUES = new Set(['t', 'y', 'yes', 'true', 'on', '1'])
const FALSE_VALUES = new Set(['f', 'n', 'no', 'false', 'off', '0'])

// Values that parse are converted; the rest stay strings so ajv reports them as type errors.
function coerceQueryValue(value: string, schema: JsonSchema): unknown {
  switch (schema.type) {
    case 'integer':
      return /^\s*[+-]?\d+(?:\.0*)?\s*$/.test(value) ? Math.trunc(Number(value)) : value
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value
    case 'boolean': {
      const lower = value.toLowerCase()
      return TRUE_VALUES.has(lower) ? true : FALSE_VALUES.has(lower) ? false : value
    }
    default:
      return value
  }
}

const queryCache = new Map<OperationId, ValidateFunction | null>()

function queryValidator(operationId: OperationId): ValidateFunction | null {
  const cached = queryCache.get(operationId)
  if (cached !== undefined) return cached
  const params = operation(operationId).parameters.filter((p) => p.in === 'query')
  let validate: ValidateFunction | null = null
  if (params.length > 0) {
    const properties: Record<string, JsonSchema> = {}
    for (const param of params) {
      const schema = prepare(param.schema, 'request')
      // The mock clamps oversized pages like Cloudsmith does instead of rejecting them.
      if (param.name === 'page_size') delete schema.maximum
      properties[param.name] = schema
    }
    const required = params.filter((p) => p.required).map((p) => p.name)
    validate = ajv().compile({
      type: 'object',
      properties,
      ...(required.length ? { required } : {}),
    })
  }
  queryCache.set(operationId, validate)
  return validate
}

/**
 * Validates the operation's query parameters (the last value wins for repeated keys, as in
 * Django). Unknown parameters are ignored; `page_size` above its maximum is accepted.
 */
export function validateQuery(
  operationId: OperationId,
  params: URLSearchParams,
): FieldErrors | null {
  const validate = queryValidator(operationId)
  if (validate === null) return null
  const data: Record<string, unknown> = {}
  for (const param of operation(operationId).parameters) {
    const last = param.in === 'query' ? lastParam(params, param.name) : null
    if (last !== null) data[param.name] = coerceQueryValue(last, param.schema)
  }
  return validate(data) ? null : toFieldErrors(validate.errors ?? [], data)
}

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
  const { responses } = operation(operationId)
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
