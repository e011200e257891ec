/**
 * The document compiled for ajv, once per process and lazily: OpenAPI 3.0's `nullable` and
 * readOnly rules applied for requests or responses, the DRF field formats, and a validator per
 * JSON pointer into it.
 */
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { openApiSpec, type JsonSchema } from './spec.ts'

const REQUEST_DOC = 'cloudsmith-mock:request'
const RESPONSE_DOC = 'cloudsmith-mock:response'

// ajv-formats is CommonJS whose `module.exports` is the plugin and also carries `.default`, so
// `.default` is the one spelling that resolves under Node, bundlers and TypeScript alike.
const addFormats = addFormatsModule.default

/** Requests ignore readOnly properties; responses are held to the whole schema. */
export type Mode = 'request' | 'response'

let ajvInstance: Ajv | undefined
const loadedDocs = new Set<Mode>()
const cache = new Map<string, ValidateFunction | null>()

/** The one ajv instance, strict, with the DRF formats (`decimal`, `slug`) besides the standard ones. */
export function ajv(): Ajv {
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
export function prepare(schema: JsonSchema, mode: Mode): JsonSchema {
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

/** The compiled schema at a JSON pointer into the document; throws when there is none. */
export function validatorAt(mode: Mode, ...path: string[]): ValidateFunction {
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
