/** Scenario definitions turned into checked scenarios: the schema, and operation ids that exist. */
import { operationIds } from '../../generated/operations.ts'
import { builtInScenarios } from './catalog.ts'
import { toList } from './rule-match.ts'
import { builtInScenarioNames, scenarioSchema, type Scenario } from './types.ts'

const knownOperationIds: ReadonlySet<string> = new Set(operationIds)

/**
 * Turns a user's definition into a checked scenario; a malformed one throws a clear Error.
 * Operation ids are checked against Cloudsmith's document (or `knownOperations` when given).
 */
export function parseScenario(
  definition: unknown,
  knownOperations: ReadonlySet<string> = knownOperationIds,
): Scenario {
  const result = scenarioSchema.safeParse(definition)
  if (!result.success) {
    const issues = result.error.issues.map(
      (i) => `${i.path.length ? i.path.join('.') : 'scenario'}: ${i.message}`,
    )
    throw new Error(`Invalid scenario "${nameOf(definition)}": ${issues.join('; ')}`)
  }
  result.data.rules.forEach((rule, index) => {
    for (const op of toList(rule.operations))
      if (!knownOperations.has(op))
        throw new Error(
          `Invalid scenario "${result.data.name}": rules.${index}.operations: unknown operation id "${op}"`,
        )
  })
  return result.data
}

let parsedBuiltIns: Scenario[] | undefined
/** The catalog, parsed once per process (every mock shares it; counters are per engine). */
export function builtIn(): Scenario[] {
  parsedBuiltIns ??= builtInScenarioNames.map((name) => parseScenario(builtInScenarios[name]))
  return parsedBuiltIns
}

function nameOf(definition: unknown): string {
  if (typeof definition === 'object' && definition && 'name' in definition)
    return String((definition as { name: unknown }).name).slice(0, 100)
  return '(unnamed)'
}
