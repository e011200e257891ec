/**
 * ajv's errors as Django REST framework words them: field name (or `non_field_errors`) to
 * messages, with DRF's own texts and its rule that a conversion failure hides the rest.
 */
import type { ErrorObject } from 'ajv'

/** DRF-style validation errors: field name (or `non_field_errors`) → messages. */
export type FieldErrors = Record<string, string[]>

const NON_FIELD = 'non_field_errors'

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

/** DRF field errors for ajv `errors` met validating `body`; null when there are none. */
export function toFieldErrors(errors: readonly ErrorObject[], body: unknown): FieldErrors | null {
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
