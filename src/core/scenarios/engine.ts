/**
 * Scenario selection and rule matching. Precedence, highest first: the request's own scenarios
 * (X-Mock-Scenario, Prefer: code=, __scenario), then runtime `use()`, then startup, then
 * `happy`. The first matching rule in that order decides; no randomness anywhere.
 */
import { MockError } from '../errors.ts'
import { builtInScenarios } from './catalog.ts'
import {
  builtInScenarioNames,
  scenarioSchema,
  type Rule,
  type Scenario,
  type ScenarioDefinition,
  type ScenarioName,
  type SyncBehaviour,
} from './types.ts'

/** Statuses any call can meet, whatever the document lists for the operation. */
export const universalStatuses = [401, 403, 404, 429, 500, 502, 503] as const

export interface RuleTarget {
  operationId: string
  method: string
  template: string
}

export interface Decision {
  scenario: string
  rule: Rule
}

export interface RequestScenarios {
  /** Scenarios named by the request, resolved, highest first. */
  scenarios: Scenario[]
  /** `Prefer: code=NNN` / `__code=NNN`. */
  forcedCode: number | null
}

/** Turns a user's definition into a checked scenario; a malformed one throws a clear Error. */
export function parseScenario(
  definition: unknown,
  knownOperations?: ReadonlySet<string>,
): Scenario {
  const result = scenarioSchema.safeParse(definition)
  if (!result.success) {
    const name =
      typeof definition === 'object' && definition && 'name' in definition
        ? String((definition as { name: unknown }).name)
        : '(unnamed)'
    const issues = result.error.issues.map((i) => `${i.path.join('.') || 'scenario'}: ${i.message}`)
    throw new Error(`Invalid scenario "${name}": ${issues.join('; ')}`)
  }
  if (knownOperations) {
    for (const rule of result.data.rules) {
      for (const op of toList(rule.operations)) {
        if (!knownOperations.has(op))
          throw new Error(`Invalid scenario "${result.data.name}": unknown operation id "${op}"`)
      }
    }
  }
  return result.data
}

function toList(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value
}

export class ScenarioEngine {
  private readonly catalog = new Map<string, Scenario>()
  private startup: Scenario[] = []
  private runtime: Scenario[] = []
  private counters = new WeakMap<Rule, number>()
  private readonly knownOperations: ReadonlySet<string>

  constructor(knownOperations: Iterable<string>) {
    this.knownOperations = new Set(knownOperations)
    for (const name of builtInScenarioNames) this.define(builtInScenarios[name])
  }

  /** Adds (or replaces) a named scenario in the catalog. */
  define(definition: ScenarioDefinition): Scenario {
    const scenario = parseScenario(definition, this.knownOperations)
    this.catalog.set(scenario.name, scenario)
    return scenario
  }

  names(): string[] {
    return [...this.catalog.keys()]
  }

  list(): Scenario[] {
    return [...this.catalog.values()]
  }

  get(name: string): Scenario | undefined {
    return this.catalog.get(name)
  }

  private resolve(item: ScenarioName | ScenarioDefinition): Scenario {
    if (typeof item !== 'string') return parseScenario(item, this.knownOperations)
    const scenario = this.catalog.get(item)
    if (!scenario)
      throw new Error(`Unknown scenario "${item}". Valid scenarios: ${this.names().join(', ')}`)
    return scenario
  }

  /** Startup scenarios (options, CLI flags, config file): the lowest explicit level. */
  setStartup(items: readonly (ScenarioName | ScenarioDefinition)[]): void {
    this.startup = items.map((item) => this.resolve(item))
  }

  /** Runtime scenarios, undone by `reset()`. The latest call wins over earlier ones. */
  use(...items: (ScenarioName | ScenarioDefinition)[]): void {
    const resolved = items.map((item) => this.resolve(item))
    this.runtime = [...resolved, ...this.runtime]
  }

  /** Replaces the runtime scenarios (admin API, browser control). */
  setRuntime(items: readonly (ScenarioName | ScenarioDefinition)[]): void {
    this.runtime = items.map((item) => this.resolve(item))
    this.counters = new WeakMap()
  }

  active(): string[] {
    const names = [...this.runtime, ...this.startup].map((s) => s.name)
    return names.length ? names : ['happy']
  }

  reset(): void {
    this.runtime = []
    this.counters = new WeakMap()
  }

  /** Reads the request's own scenario choices; an unknown one is a 400 listing what is valid. */
  fromRequest(headers: Headers, query: URLSearchParams): RequestScenarios {
    const names = [
      ...(headers.get('x-mock-scenario') ?? '').split(','),
      ...query.getAll('__scenario').flatMap((v) => v.split(',')),
    ]
      .map((n) => n.trim())
      .filter(Boolean)
    const scenarios: Scenario[] = []
    for (const name of names) {
      const scenario = this.catalog.get(name)
      if (!scenario)
        throw new MockError(
          400,
          `Unknown scenario "${name.slice(0, 100)}". Valid scenarios: ${this.names().join(', ')}.`,
          { fields: { scenario: [`"${name.slice(0, 100)}" is not a valid choice.`] } },
        )
      scenarios.push(scenario)
    }
    return { scenarios, forcedCode: readForcedCode(headers, query) }
  }

  private ordered(request: RequestScenarios): Scenario[] {
    return [...request.scenarios, ...this.runtime, ...this.startup]
  }

  /** The first rule that matches this request, counting `times`/`after` as it goes. */
  decide(target: RuleTarget, request: RequestScenarios): Decision | null {
    for (const scenario of this.ordered(request)) {
      for (const rule of scenario.rules) {
        if (!matches(rule, target)) continue
        const seen = (this.counters.get(rule) ?? 0) + 1
        this.counters.set(rule, seen)
        if (rule.after !== undefined && seen <= rule.after) continue
        if (rule.times !== undefined && seen > (rule.after ?? 0) + rule.times) continue
        return { scenario: scenario.name, rule }
      }
    }
    return null
  }

  /** How new packages synchronise: the highest scenario that says so, else the given default. */
  sync(request: RequestScenarios): { scenario: string; sync: SyncBehaviour } | null {
    for (const scenario of this.ordered(request))
      if (scenario.sync) return { scenario: scenario.name, sync: scenario.sync }
    return null
  }

  throttle(request: RequestScenarios): string | null {
    for (const scenario of this.ordered(request)) if (scenario.throttle) return scenario.name
    return null
  }
}

function matches(rule: Rule, target: RuleTarget): boolean {
  const ops = toList(rule.operations)
  if (ops.length && !ops.includes(target.operationId)) return false
  if (rule.method && rule.method !== target.method) return false
  if (rule.path && normalise(rule.path) !== normalise(target.template)) return false
  return true
}

const normalise = (path: string) => path.replace(/^\/v1(?=\/)/, '').replace(/\/?$/, '/')

function readForcedCode(headers: Headers, query: URLSearchParams): number | null {
  const prefer = headers.get('prefer')
  const fromHeader = prefer ? /(?:^|[,;\s])code=([^,;\s]*)/.exec(prefer)?.[1] : undefined
  const raw = fromHeader ?? query.get('__code') ?? undefined
  if (raw === undefined) return null
  const code = Number(raw)
  if (!/^\d{3}$/.test(raw) || code < 100 || code > 599)
    throw new MockError(
      400,
      `Invalid forced code "${raw.slice(0, 20)}": expected a 3-digit status.`,
      {
        fields: { code: ['A valid integer is required.'] },
      },
    )
  return code
}
