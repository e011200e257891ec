/**
 * Scenario configuration from JSON (a `--scenarios` file, an admin request, a stored choice):
 * checked here, shape and names, before a mock ever sees it. Runtime-agnostic: the caller reads
 * the file.
 */
import { parseScenario } from './engine.ts'
import { builtInScenarioNames, type ScenarioDefinition, type ScenarioName } from './types.ts'

export interface ScenarioConfig {
  /** Custom scenarios to add to the catalog (`customScenarios`). */
  scenarios: ScenarioDefinition[]
  /** Scenario names active from the start (`scenarios`), highest first. */
  active: ScenarioName[]
}

const configKeys = new Set(['$schema', 'scenarios', 'active'])

/**
 * Validates a parsed JSON scenario config `{ "scenarios": [...], "active": ["name", ...] }`
 * and throws an Error that names every problem. `active` may name built-ins or scenarios the
 * same file defines. Rules are checked again against the routes when a mock loads them.
 * @example
 * const config = parseScenarioConfig(JSON.parse(await readFile('scenarios.json', 'utf8')))
 * const mock = createMock({ customScenarios: config.scenarios, scenarios: config.active })
 */
export function parseScenarioConfig(json: unknown): ScenarioConfig {
  const fail = (reason: string): never => {
    throw new Error(`Invalid scenario config: ${reason}`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return fail(
      `expected an object such as {"scenarios": [...], "active": [...]}, got ${describe(json)}`,
    )
  const record = json as Record<string, unknown>
  const unknownKeys = Object.keys(record).filter((key) => !configKeys.has(key))
  if (unknownKeys.length)
    fail(
      `unknown key(s) ${unknownKeys.map((k) => `"${k}"`).join(', ')}; expected "scenarios", "active"`,
    )

  const rawScenarios = record.scenarios ?? []
  if (!Array.isArray(rawScenarios))
    fail(`"scenarios" must be a list of scenario definitions, got ${describe(rawScenarios)}`)
  const scenarios = (rawScenarios as unknown[]).map((definition, index) => {
    try {
      return parseScenario(definition) as ScenarioDefinition
    } catch (error) {
      return fail(`scenarios[${index}]: ${(error as Error).message}`)
    }
  })
  const seen = new Set<string>()
  for (const { name } of scenarios) {
    if (seen.has(name)) fail(`scenario "${name}" is defined twice`)
    seen.add(name)
  }

  const rawActive = record.active ?? []
  if (!Array.isArray(rawActive) || rawActive.some((name) => typeof name !== 'string'))
    fail(`"active" must be a list of scenario names, got ${describe(rawActive)}`)
  const valid = [...builtInScenarioNames, ...scenarios.map((s) => s.name)]
  for (const name of rawActive as string[])
    if (!valid.includes(name))
      fail(
        `"active" names unknown scenario "${name.slice(0, 100)}". Valid scenarios: ${valid.join(', ')}`,
      )
  return { scenarios, active: rawActive as ScenarioName[] }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`
}
