/**
 * Where Cloudsmith's published document contradicts what the real API sends, and the mock
 * follows the real API. Each entry is narrow (one property of one schema, one validator
 * message), replaces the document's check with the one the real values satisfy, and is itself
 * checked: it fails when the document no longer says the wrong thing (remove the entry then)
 * or when no response ever needed it.
 */
import {
  getOperation,
  getSchema,
  isOperationId,
  validateResponse,
  type JsonSchema,
} from '../../src/core/openapi/index.ts'

export interface SpecOverride {
  /** Component schema the wrong declaration lives in. */
  schema: string
  /** Top-level property of that schema. */
  property: string
  /** What the document declares, and the validator message that declaration produces. */
  declared: Partial<JsonSchema>
  message: string
  /** What the real API's values look like instead. */
  actual: RegExp
  /** Why the document is wrong here, with sources. */
  reason: string
}

export const specOverrides: readonly SpecOverride[] = [
  {
    schema: 'PackageFileUpload',
    property: 'identifier',
    declared: { format: 'uri' },
    message: 'must match format "uri"',
    actual: /^[A-Za-z0-9]{6,64}$/,
    reason:
      'The document describes it as "the identifier for the file to use when creating packages" ' +
      'and every upload request takes it back as `package_file`, a plain string. The real value ' +
      'is an opaque id such as "edecdb8838df" (cloudsmith/API-NOTES.md §6.7; the upload docs, D5, ' +
      'call it a single-use identifier; the CLI passes it on verbatim, C core/api/files.py). ' +
      'A URI here would break every client.',
  },
  {
    schema: 'PackageFilePartsUpload',
    property: 'identifier',
    declared: { format: 'uri' },
    message: 'must match format "uri"',
    actual: /^[A-Za-z0-9]{6,64}$/,
    reason:
      'Same identifier as PackageFileUpload.identifier (files_info addresses the upload by it ' +
      'in its own path, /files/{owner}/{repo}/{identifier}/info/), so the same format mistake.',
  },
]

const used = new Set<SpecOverride>()

/** Overrides that some response actually needed (see the staleness test). */
export const usedOverrides = (): ReadonlySet<SpecOverride> => used

function responseSchemaName(operationId: string, status: number): string | undefined {
  if (!isOperationId(operationId)) return undefined
  const schema = getOperation(operationId).responses[String(status)]
  return schema?.$ref?.replace('#/schemas/', '')
}

/**
 * The document's verdict on a response body, with the overrides above applied: null when it
 * conforms, else readable problems.
 */
export function contractProblems(
  operationId: string,
  status: number,
  body: unknown,
): string[] | null {
  if (!isOperationId(operationId)) throw new Error(`not a documented operation: ${operationId}`)
  let problems = validateResponse(operationId, status, body) ?? []
  const schema = responseSchemaName(operationId, status)
  for (const override of specOverrides) {
    if (override.schema !== schema) continue
    const wrong = `/${override.property} ${override.message}`
    if (!problems.includes(wrong)) continue
    used.add(override)
    problems = problems.filter((problem) => problem !== wrong)
    const value = (body as Record<string, unknown>)[override.property]
    if (typeof value !== 'string' || !override.actual.test(value))
      problems.push(`/${override.property} must match ${override.actual} (override)`)
  }
  return problems.length ? problems : null
}

/** True when the document still declares what the override corrects. */
export function stillDeclared(override: SpecOverride): boolean {
  const property = getSchema(override.schema)?.properties?.[override.property]
  if (!property) return false
  return Object.entries(override.declared).every(
    ([key, value]) => property[key as keyof JsonSchema] === value,
  )
}
