/**
 * Response bodies from the document: a stored record's own fields laid over values derived from
 * the operation's response schema, so every field the document declares is there, typed and
 * within its bounds, and the same record always renders to the same bytes (no clock, no
 * randomness: what varies comes from the record's key).
 */
import { DEFAULT_EPOCH } from '../../src/core/clock.ts'
import {
  getOperation,
  getSchema,
  isOperationId,
  type JsonSchema,
} from '../../src/core/openapi/index.ts'

/** Follows `$ref`s and merges `allOf`, so callers see one plain schema. */
export function resolveSchema(schema: JsonSchema | null | undefined): JsonSchema | undefined {
  if (!schema) return undefined
  if (schema.$ref) return resolveSchema(getSchema(schema.$ref.replace('#/schemas/', '')))
  if (schema.allOf?.length) {
    const parts = schema.allOf.map(resolveSchema).filter((s): s is JsonSchema => !!s)
    return {
      ...schema,
      allOf: undefined,
      type: schema.type ?? parts.find((p) => p.type)?.type,
      properties: Object.assign({}, ...parts.map((p) => p.properties ?? {}), schema.properties),
      required: [...new Set(parts.flatMap((p) => p.required ?? []))],
    }
  }
  return schema
}

/** The schema an operation answers `status` with (null: no body); undefined if none is documented. */
export function responseSchema(operationId: string, status: number): JsonSchema | null | undefined {
  if (!isOperationId(operationId)) return undefined
  return getOperation(operationId).responses[String(status)]
}

/** FNV-1a, for values that must vary by record but never by run. */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

/** A 12-character alphanumeric token derived from `seed` (the shape of a slug_perm). */
export function tokenOf(seed: string, length = 12): string {
  let out = ''
  let h = hash(seed)
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0
    out += ALNUM[h % ALNUM.length]
  }
  return out
}

/** A hexadecimal string of `length` derived from `seed` (fingerprints, digests). */
export function hexOf(seed: string, length: number): string {
  let out = ''
  for (let i = 0; out.length < length; i++)
    out += hash(`${seed}\u0000${i}`).toString(16).padStart(8, '0')
  return out.slice(0, length)
}

function uuidOf(seed: string): string {
  const h = hexOf(seed, 32)
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

function fits(schema: JsonSchema, value: string): boolean {
  if (schema.minLength !== undefined && value.length < schema.minLength) return false
  if (schema.maxLength !== undefined && value.length > schema.maxLength) return false
  if (schema.pattern !== undefined) {
    try {
      return new RegExp(schema.pattern, 'u').test(value)
    } catch {
      return new RegExp(schema.pattern).test(value)
    }
  }
  return true
}

function sampleString(schema: JsonSchema, name: string, seed: string): string | null {
  const at = `${seed}\u0000${name}`
  switch (schema.format) {
    case 'date-time':
      return new Date(DEFAULT_EPOCH).toISOString()
    case 'date':
      return new Date(DEFAULT_EPOCH).toISOString().slice(0, 10)
    case 'uri':
      return `https://example.com/${name}/${tokenOf(at)}`
    case 'email':
      return `${name.replace(/[^a-z0-9]/gi, '') || 'user'}@example.com`
    case 'uuid':
      return uuidOf(at)
    case 'ipv4':
      return '192.0.2.1'
  }
  // Free text may be empty; anything with a shape gets a token that fits it, if one does.
  const candidates =
    schema.minLength || schema.pattern
      ? [tokenOf(at), name, `${name}-${tokenOf(at, 6)}`, 'example', '0']
      : ['']
  for (const candidate of candidates) {
    const cut = schema.maxLength ? candidate.slice(0, schema.maxLength) : candidate
    if (fits(schema, cut)) return cut
  }
  return schema.nullable ? null : (candidates[0] ?? '')
}

/**
 * A value for `schema` with nothing stored: its default, its first enum value, null when
 * nullable, else the smallest value its bounds allow. `name` is the property's, `seed` the
 * record's key (varying tokens and ids per record, never per run).
 * @example
 * sampleValue({ type: 'integer', minimum: 1 }, 'priority', 'acme/x') // 1
 */
export function sampleValue(schema: JsonSchema | undefined, name: string, seed: string): unknown {
  const resolved = resolveSchema(schema)
  if (!resolved) return null
  if (resolved.default !== undefined) return JSON.parse(JSON.stringify(resolved.default)) as unknown
  if (resolved.enum?.length) return resolved.enum.find((v) => v !== null) ?? null
  if (resolved.nullable) return null
  const branch = resolved.oneOf?.[0] ?? resolved.anyOf?.[0]
  if (branch) return sampleValue(branch, name, seed)
  switch (resolved.type) {
    case 'boolean':
      return false
    case 'integer':
    case 'number': {
      const min = resolved.minimum ?? 0
      return resolved.exclusiveMinimum ? min + 1 : min
    }
    case 'string':
      return sampleString(resolved, name, seed)
    case 'array': {
      const count = resolved.minItems ?? 0
      return Array.from({ length: count }, (_, i) =>
        sampleValue(resolved.items, name, `${seed}/${i}`),
      )
    }
  }
  if (resolved.properties) return present(resolved, {}, seed)
  return {}
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * `stored` shown through `schema`: every declared property, from `stored` where it has one (an
 * object inside laid over the same way), else a sampled value; properties the schema does not
 * declare are left out, so a record never leaks a field the API would not send.
 * @example
 * present(getSchema('RepositoryGeoIpStatus'), { geoip_enabled: true }, 'k') // { geoip_enabled: true }
 */
export function present(
  schema: JsonSchema | undefined,
  stored: Readonly<Record<string, unknown>>,
  seed: string,
): Record<string, unknown> {
  const resolved = resolveSchema(schema)
  if (!resolved?.properties) return { ...stored }
  const out: Record<string, unknown> = {}
  for (const [name, property] of Object.entries(resolved.properties)) {
    const value = Object.hasOwn(stored, name) ? stored[name] : undefined
    const inner = resolveSchema(property)
    if (value === undefined) out[name] = sampleValue(property, name, seed)
    else if (isPlainObject(value) && inner?.properties) out[name] = present(inner, value, seed)
    else out[name] = value
  }
  return out
}

/**
 * The writable fields of a request schema found in `body` (what a create or update stores).
 * Unknown keys are dropped: validation already refused what the schema forbids.
 */
export function writableFields(
  schema: JsonSchema | undefined,
  body: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const resolved = resolveSchema(schema)
  if (!resolved?.properties) return {}
  const out: Record<string, unknown> = {}
  for (const [name, property] of Object.entries(resolved.properties))
    if (!property.readOnly && Object.hasOwn(body, name) && name !== '__proto__')
      out[name] = body[name]
  return out
}
