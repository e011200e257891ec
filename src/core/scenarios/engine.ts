/**
 * Scenario selection. Precedence, highest first: the request's own choices
 * (`Prefer: code=` / `__code`, then X-Mock-Scenario / `__scenario`), then runtime `use()`, then
 * startup, then `happy`. `happy` chosen at a level hides every level below it. The first rule
 * that decides wins; delay-only rules add their delay on the way. No randomness anywhere.
 *
 * The engine holds the catalog and the levels and decides; parsing (parse.ts), rule matching
 * (rule-match.ts) and reading a request's own choices (request.ts) are their own files.
 */
import { errors } from '../errors.ts'
import { operationIds } from '../../generated/operations.ts'
import { builtIn, parseScenario } from './parse.ts'
import { readForcedCode, requestedScenarioNames } from './request.ts'
import { describeRule, matches, toList, type RuleTarget } from './rule-match.ts'
import {
  DEFAULT_THROTTLE_RETRY_AFTER,
  type Rule,
  type Scenario,
  type ScenarioDefinition,
  type ScenarioName,
  type SyncBehaviour,
} from './types.ts'

// Part of the engine's interface before the split; kept importable from here.
export { universalStatuses } from './statuses.ts'
export { parseScenario } from './parse.ts'
export type { RuleTarget } from './rule-match.ts'

export interface Decision {
  /** The scenario (or `code=NNN`) that decided, else the first one that added a delay. */
  scenario: string
  /** The deciding rule (a status or networkError); null when none decided. */
  rule: Rule | null
  /** A scenario with `throttle` decided: the caller's rate-limit window counts as spent. */
  throttle: boolean
  /** With `throttle`: the seconds clients are told to wait (the scenario's, default 5). */
  retryAfter?: number
  /** Milliseconds: every delay-only rule met on the way plus the deciding rule's own. */
  delay: number
}

export interface RequestScenarios {
  /** Scenarios named by the request, resolved, highest first. */
  scenarios: Scenario[]
  /** `Prefer: code=NNN` / `__code=NNN`. */
  forcedCode: number | null
}

export interface ScenarioEngineOptions {
  /** Every route the mock serves: rules are checked against them when configured. */
  routes: readonly RuleTarget[]
  /** Statuses an operation can send (documented ones plus `universalStatuses`). */
  statusesFor(operationId: string): readonly number[]
}

export class ScenarioEngine {
  /**
   * Name -> scenario, the built-ins first. Filled on first use: parsing the built-ins (zod,
   * compiled on its first parse) was a third of a mock's creation, and most mocks never name a
   * scenario (test/scenarios/catalog.test.ts checks every built-in).
   */
  private entries: Map<string, Scenario> | undefined
  private startup: Scenario[] = []
  private runtime: Scenario[] = []
  private counters = new WeakMap<Rule, number>()
  private readonly routes: readonly RuleTarget[]
  /** Operation ids a rule may name, made on the first check (like the catalog). */
  private known: ReadonlySet<string> | undefined
  private readonly statusesFor: (operationId: string) => readonly number[]

  constructor(options: ScenarioEngineOptions) {
    this.routes = options.routes
    const statuses = new Map<string, readonly number[]>()
    this.statusesFor = (id) => {
      let known = statuses.get(id)
      if (!known) statuses.set(id, (known = options.statusesFor(id)))
      return known
    }
  }

  private get catalog(): Map<string, Scenario> {
    return (this.entries ??= new Map(builtIn().map((scenario) => [scenario.name, scenario])))
  }

  /** Adds (or replaces) a named scenario in the catalog; throws if it is malformed. */
  define(definition: ScenarioDefinition): Scenario {
    const scenario = this.check(definition)
    this.catalog.set(scenario.name, scenario)
    return scenario
  }

  /** Parses a definition and checks each rule against the routes the mock serves. */
  check(definition: unknown): Scenario {
    this.known ??= new Set([...operationIds, ...this.routes.map((r) => r.operationId)])
    const scenario = parseScenario(definition, this.known)
    scenario.rules.forEach((rule, index) => {
      const fail = (reason: string) => {
        throw new Error(`Invalid scenario "${scenario.name}": rules.${index}: ${reason}`)
      }
      for (const op of toList(rule.operations))
        if (!this.routes.some((route) => route.operationId === op))
          fail(`operation ${op} is not served by the mock`)
      const matched = this.routes.filter((route) => matches(rule, route))
      if (!matched.length) fail(`matches no operation the mock serves (${describeRule(rule)})`)
      const status = rule.status
      if (status === undefined) return
      // Named operations must all be able to send the status; a broad rule skips those that cannot.
      for (const op of toList(rule.operations)) {
        const allowed = this.statusesFor(op)
        if (!allowed.includes(status))
          fail(`${op} cannot answer ${status}. Valid codes: ${allowed.join(', ')}`)
      }
      if (!matched.some((route) => this.statusesFor(route.operationId).includes(status)))
        fail(`no operation it matches can answer ${status} (${describeRule(rule)})`)
    })
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
    if (typeof item !== 'string') return this.check(item)
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

  /** Replaces the runtime scenarios (admin API, browser control); sequences start again. */
  setRuntime(items: readonly (ScenarioName | ScenarioDefinition)[]): void {
    this.runtime = items.map((item) => this.resolve(item))
    this.counters = new WeakMap()
  }

  /** Scenario names in force, highest first (`['happy']` when none). */
  active(): string[] {
    const names = this.ordered({ scenarios: [], forcedCode: null }).map((s) => s.name)
    return names.length ? names : ['happy']
  }

  reset(): void {
    this.runtime = []
    this.counters = new WeakMap()
  }

  /** Reads the request's own scenario choices; an unknown one is a 400 listing what is valid. */
  fromRequest(headers: Headers, query: URLSearchParams): RequestScenarios {
    const names = requestedScenarioNames(headers, query)
    const scenarios: Scenario[] = []
    for (const name of names) {
      const scenario = this.catalog.get(name)
      if (!scenario) throw errors.unknownScenario(name, this.names())
      scenarios.push(scenario)
    }
    return { scenarios, forcedCode: readForcedCode(headers, query) }
  }

  /** Request, runtime, startup; `happy` at any place hides whatever comes after it. */
  private ordered(request: RequestScenarios): Scenario[] {
    const all = [...request.scenarios, ...this.runtime, ...this.startup]
    const happy = all.findIndex((s) => s.name === 'happy')
    return happy === -1 ? all : all.slice(0, happy + 1)
  }

  /**
   * What the scenarios say about this request: the first rule that decides (a status or a
   * network error) or scenario that throttles, with the delays of delay-only rules before it.
   * Counts `times`/`after` as it goes. A forced code the operation cannot send is a 400.
   */
  decide(target: RuleTarget, request: RequestScenarios): Decision | null {
    if (request.forcedCode !== null) {
      const allowed = this.statusesFor(target.operationId)
      if (!allowed.includes(request.forcedCode))
        throw errors.codeNotAllowed(target.operationId, request.forcedCode, allowed)
      return {
        scenario: `code=${request.forcedCode}`,
        rule: { status: request.forcedCode },
        throttle: false,
        delay: 0,
      }
    }
    let delay = 0
    let delayedBy: string | null = null
    for (const scenario of this.ordered(request)) {
      for (const rule of scenario.rules) {
        if (!matches(rule, target)) continue
        if (
          rule.status !== undefined &&
          !this.statusesFor(target.operationId).includes(rule.status)
        )
          continue
        const seen = (this.counters.get(rule) ?? 0) + 1
        this.counters.set(rule, seen)
        if (rule.after !== undefined && seen <= rule.after) continue
        if (rule.times !== undefined && seen > (rule.after ?? 0) + rule.times) continue
        if (rule.status === undefined && !rule.networkError) {
          delay += rule.delay ?? 0
          delayedBy ??= scenario.name
          continue
        }
        return { scenario: scenario.name, rule, throttle: false, delay: delay + (rule.delay ?? 0) }
      }
      if (scenario.throttle) {
        const retryAfter =
          (typeof scenario.throttle === 'object' ? scenario.throttle.retryAfter : undefined) ??
          DEFAULT_THROTTLE_RETRY_AFTER
        return { scenario: scenario.name, rule: null, throttle: true, retryAfter, delay }
      }
    }
    return delayedBy === null ? null : { scenario: delayedBy, rule: null, throttle: false, delay }
  }

  /** How new packages synchronise: the highest scenario that says so, else null (the default). */
  sync(request: RequestScenarios): { scenario: string; sync: SyncBehaviour } | null {
    for (const scenario of this.ordered(request))
      if (scenario.sync) return { scenario: scenario.name, sync: scenario.sync }
    return null
  }
}
