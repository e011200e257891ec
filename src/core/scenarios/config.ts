/**
 * Scenario configuration from JSON (a `--scenarios` file, an admin request, a stored choice):
 * checked here, shape and names, before a mock ever sees it. Runtime-agnostic: the caller reads
 * the file.
 */
import { OptionsError } from '../errors.ts'
import { parseScenario } from './engine.ts'
import { builtInScenarioNames, type ScenarioDefinition, type ScenarioName } from './types.ts'

export interface ScenarioConfig {
  /** Custom scenarios to add to the catalog. */
  customScenarios: ScenarioDefinition[]
  /** Scenarios active from the start (names or inline definitions), highest first. */
  scenarios: (ScenarioName | ScenarioDefinition)[]
}

const configKeys = new Set(['$schema', 'scenarios', 'customScenarios'])

/**
 * Validates the scenario part of a config file, in the same words as the mock's options and
 * the server's `--config` file: `{ "customScenarios": [...], "scenarios": ["name", {...}] }`.
 * `scenarios` may name built-ins or scenarios the same
 * file defines. Rules are checked again against the routes when a mock loads them.
 * Throws an `OptionsError` (message `Invalid scenario config: ...`, `option` the key at fault).
 * @example
 * const config = parseScenarioConfig(JSON.parse(await readFile('scenarios.json', 'utf8')))
 * const mock = createMock({ ...config })
 */
export function parseScenarioConfig(json: unknown): ScenarioConfig {
  const fail = (reason: string, option = ''): never => {
    throw new OptionsError('Invalid scenario config', option, reason)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail(
      `expected an object such as {"customScenarios": [...], "scenarios": [...]}, got ${describe(json)}`,
    )
  const record = json as Record<string, unknown>
  const unknownKeys = Object.keys(record).filter((key) => !configKeys.has(key))
  if (unknownKeys.length)
    fail(
      `unknown key(s) ${unknownKeys.map((k) => `"${k}"`).join(', ')}; expected "customScenarios", "scenarios"`,
      unknownKeys[0],
    )

  const definitions = (raw: unknown, key: string) => {
    if (!Array.isArray(raw)) return fail(`"${key}" must be a list, got ${describe(raw)}`, key)
    return raw
  }
  const customScenarios = definitions(record.customScenarios ?? [], 'customScenarios').map(
    (definition, index) => {
      try {
        return parseScenario(definition) as ScenarioDefinition
      } catch (error) {
        return fail(`customScenarios[${index}]: ${(error as Error).message}`, 'customScenarios')
      }
    },
  )
  const seen = new Set<string>()
  for (const { name } of customScenarios) {
    if (seen.has(name)) fail(`scenario "${name}" is defined twice`, 'customScenarios')
    seen.add(name)
  }

  const valid = [...builtInScenarioNames, ...customScenarios.map((s) => s.name)]
  const scenarios = definitions(record.scenarios ?? [], 'scenarios').map((item, index) => {
    if (typeof item === 'string') {
      if (!valid.includes(item))
        fail(
          `"scenarios" names unknown scenario "${item.slice(0, 100)}". Valid scenarios: ${valid.join(', ')}`,
          'scenarios',
        )
      return item as ScenarioName
    }
    try {
      return parseScenario(item) as ScenarioDefinition
    } catch (error) {
      return fail(`scenarios[${index}]: ${(error as Error).message}`, 'scenarios')
    }
  })
  return { customScenarios, scenarios }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}
