/**
 * Scenario selection and rule matching. Precedence, highest first: the request's own choices
 * (`Prefer: code=` / `__code`, then X-Mock-Scenario / `__scenario`), then runtime `use()`, then
 * startup, then `happy`. `happy` chosen at a level hides every level below it. The first rule
 * that decides wins; delay-only rules add their delay on the way. No randomness anywhere.
 */
import { errors } from '../errors.ts'
import { lastParam } from '../query-params.ts'
import { operationIds } from '../../generated/operations.ts'
import { builtInScenarios } from './catalog.ts'
import { parsePrefer } from './prefer.ts'
import {
  builtInScenarioNames,
  DEFAULT_THROTTLE_RETRY_AFTER,
  scenarioSchema,
  type Rule,
  type Scenario,
  type ScenarioDefinition,
  type ScenarioName,
  type SyncBehaviour,
} from './types.ts'

/** Statuses any call can meet, whatever the document lists for the operation. */
export const universalStatuses = [401, 403, 404, 429, 500, 502, 503] as const

/** What a rule is matched against: one route, and for requests the concrete path. */
export interface RuleTarget {
  operationId: string
  method: string
  /** The route's path template, e.g. `/repos/{owner}/{identifier}/`. */
  template: string
  /** The request's path without the `/v1` prefix; the template when checking configuration. */
  path?: string
}

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
function builtIn(): Scenario[] {
  parsedBuiltIns ??= builtInScenarioNames.map((name) => parseScenario(builtInScenarios[name]))
  return parsedBuiltIns
}

function nameOf(definition: unknown): string {
  if (typeof definition === 'object' && definition && 'name' in definition)
    return String((definition as { name: unknown }).name).slice(0, 100)
  return '(unnamed)'
}

function toList(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value
}

export class ScenarioEngine {
  private readonly catalog = new Map<string, Scenario>()
  private startup: Scenario[] = []
  private runtime: Scenario[] = []
  private counters = new WeakMap<Rule, number>()
  private readonly routes: readonly RuleTarget[]
  private readonly knownOperations: ReadonlySet<string>
  private readonly statusesFor: (operationId: string) => readonly number[]

  constructor(options: ScenarioEngineOptions) {
    this.routes = options.routes
    const statuses = new Map<string, readonly number[]>()
    this.statusesFor = (id) => {
      let known = statuses.get(id)
      if (!known) statuses.set(id, (known = options.statusesFor(id)))
      return known
    }
    this.knownOperations = new Set([...operationIds, ...options.routes.map((r) => r.operationId)])
    for (const scenario of builtIn()) this.catalog.set(scenario.name, scenario)
  }

  /** Adds (or replaces) a named scenario in the catalog; throws if it is malformed. */
  define(definition: ScenarioDefinition): Scenario {
    const scenario = this.check(definition)
    this.catalog.set(scenario.name, scenario)
    return scenario
  }

  /** Parses a definition and checks each rule against the routes the mock serves. */
  check(definition: unknown): Scenario {
    const scenario = parseScenario(definition, this.knownOperations)
    scenario.rules.forEach((rule, index) => {
      const fail = (reason: string) => {
        throw new Error(`Invalid scenario "${scenario.name}": rules.${index}: ${reason}`)
      }
      for (const op of toList(rule.operations))
        if (!this.routes.some((route) => route.operationId === op))
          fail(`operation ${op} is not served by the mock`)
      const matched = this.routes.filter((route) => matches(rule, route))
      if (!matched.length) fail(`matches no operation the mock serves (${describe(rule)})`)
      const status = rule.status
      if (status === undefined) return
      // Named operations must all be able to send the status; a broad rule skips those that cannot.
      for (const op of toList(rule.operations)) {
        const allowed = this.statusesFor(op)
        if (!allowed.includes(status))
          fail(`${op} cannot answer ${status}. Valid codes: ${allowed.join(', ')}`)
      }
      if (!matched.some((route) => this.statusesFor(route.operationId).includes(status)))
        fail(`no operation it matches can answer ${status} (${describe(rule)})`)
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
    const names = [
      ...(headers.get('x-mock-scenario') ?? '').split(','),
      ...(lastParam(query, '__scenario') ?? '').split(','),
    ]
      .map((n) => n.trim())
      .filter(Boolean)
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

function matches(rule: Rule, target: RuleTarget): boolean {
  const ops = toList(rule.operations)
  if (ops.length && !ops.includes(target.operationId)) return false
  if (rule.method && rule.method !== target.method) return false
  if (rule.path && !pathMatches(rule.path, target.path ?? target.template)) return false
  return true
}

const segments = (path: string) =>
  path
    .replace(/^\/v1(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}')

/** Segment by segment; `{x}` on either side matches any one segment (templates against templates). */
function pathMatches(rulePath: string, path: string): boolean {
  const want = segments(rulePath)
  const got = segments(path)
  if (want.length !== got.length) return false
  return want.every((segment, i) => segment === got[i] || isParam(segment) || isParam(got[i]!))
}

function describe(rule: Rule): string {
  const parts = [
    rule.operations !== undefined && `operations ${toList(rule.operations).join(', ')}`,
    rule.method && `method ${rule.method}`,
    rule.path && `path ${rule.path}`,
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'every request'
}

function readForcedCode(headers: Headers, query: URLSearchParams): number | null {
  const preferred = parsePrefer(headers.get('prefer')).get('code')
  const raw = preferred ? (preferred.value ?? '') : (lastParam(query, '__code') ?? undefined)
  if (raw === undefined) return null
  const code = Number(raw)
  if (!/^\d{3}$/.test(raw) || code < 100 || code > 599) throw errors.badForcedCode(raw)
  return code
}
