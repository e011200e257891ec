/**
 * The mock's options, checked once when a mock is created: one zod schema shared by
 * `createMock`, `setupMockServer`, `startMockWorker`, `createMockHttpServer` and the CLI's
 * config file. Each entry point extends it with its own keys (`mockOptionsSchema.extend(...)`),
 * so an unknown key is still caught everywhere. A bad option is one `OptionsError` naming the
 * option and what it accepts; nothing is left to fail later, at the first request.
 */
import { closestMatch } from 'leven'
import type { UnhandledFrameHandle } from 'msw'
import * as z from 'zod'
import { presetNames, type PresetName } from '../../fixtures/index.ts'
import { clockModes, isClockTime } from './clock.ts'
import type { Dataset } from './db/schemas.ts'
import { OptionsError } from './errors.ts'
import { baseUrlProblem } from './hosts.ts'
import { parseScenarioConfig } from './scenarios/config.ts'
import type { SpoolStorage } from './spool.ts'
import { syncSchema, type ScenarioDefinition, type ScenarioName } from './scenarios/types.ts'

/** One use of a factory, as in the `given` option: `{ entity, fields, traits, count }`. */
export interface GivenEntry {
  /** `namespace`, `user`, `apiKey`, `membership`, `repository`, `package`, `file`, `tag`. */
  entity: string
  fields?: Record<string, unknown>
  traits?: readonly unknown[]
  /** How many records (packages only). */
  count?: number
}

export interface DatasetBuilderContext {
  seed: number
  /** Builds a named preset with this seed, to start from and extend. */
  preset(name: PresetName): Dataset
  /**
   * Makes records with a factory (docs/factories.md) once the returned dataset is loaded,
   * before the `given` option's: they go through the same checks and tables as
   * `mock.given.<entity>(fields, ...traits)`, and are part of the state `reset()` returns to.
   * A bad use makes `ready()` fail with an `OptionsError` naming it (`dataset.given.0.fields.format`).
   * @example
   * dataset: ({ preset, given }) => {
   *   given('repository', { fields: { namespace: 'acme', name: 'web' }, traits: ['private'] })
   *   given('package', { fields: { repository: 'acme/web' }, count: 30 })
   *   return preset('empty')
   * }
   */
  given(entity: string, use?: Omit<GivenEntry, 'entity'>): void
}

/** What an option accepts, in the words of the error message (`must be ...`). */
const accepts = z.registry<{ accepts: string }>()
/**
 * Records what `schema` accepts, for the error message when a value fails it. The outermost
 * recorded schema on an option's path wins.
 * @example
 * accepting(z.number().min(0), 'a number >= 0')
 */
export function accepting<S extends z.ZodType>(schema: S, text: string): S {
  accepts.add(schema, { accepts: text })
  return schema
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

// Not `instanceof Date`: a Date made in another realm (jest's VM context, an iframe) is one too.
const isDate = (value: unknown): value is Date =>
  Object.prototype.toString.call(value) === '[object Date]'

// A date-time with `Z` or an offset, or a date alone (UTC): a local time would depend on the machine.
const isoTime = z.union([z.iso.datetime({ offset: true }), z.iso.date()])

/**
 * A point in time as epoch ms: a finite number (epoch ms), an ISO 8601 string
 * (`2026-01-01T00:00:00Z`, `2026-01-01T02:00:00+02:00`, `2026-01-01`) or a valid `Date`, in the
 * years 1 to 9000 the clock can render. Anything else, including local times without an offset,
 * is `undefined`.
 * @example
 * parseTime('2026-02-01T00:00:00Z') // 1769904000000
 * parseTime(new Date(0)) // 0
 * parseTime('tomorrow') // undefined
 */
export function parseTime(value: unknown): number | undefined {
  let epochMs: number | undefined
  if (typeof value === 'number') epochMs = value
  else if (typeof value === 'string' && isoTime.safeParse(value).success)
    epochMs = Date.parse(value)
  else if (isDate(value)) epochMs = value.getTime()
  return epochMs !== undefined && isClockTime(epochMs) ? epochMs : undefined
}

/** Start of the mock's clock: epoch ms, an ISO 8601 string or a Date; parsed to epoch ms. */
export const timeSchema = accepting(
  z
    .custom<number | string | Date>((value) => parseTime(value) !== undefined)
    .transform((value) => parseTime(value)!),
  'epoch ms, an ISO 8601 date-time such as "2026-01-01T00:00:00Z" or a Date, in the years 1 to 9000',
)

export const rateLimitSchema = z
  .object({
    /** Requests per window (default 100,000). */
    limit: accepting(z.number().int().min(1), 'a whole number >= 1').optional(),
    /** Window length in ms (default one hour). */
    windowMs: accepting(z.number().int().min(1), 'a whole number of ms >= 1').optional(),
    /** Seconds a client is told to wait between calls (X-RateLimit-Interval, default 0). */
    interval: accepting(z.number().min(0), 'a number of seconds >= 0').optional(),
  })
  .strict()

const scenarioItem = accepting(
  z.custom<ScenarioName | ScenarioDefinition>(
    (value) => typeof value === 'string' || isRecord(value),
  ),
  'a scenario name or a definition { name, rules }',
)

/** One API origin; what is wrong with a bad one is the message (see `explain`). */
const baseUrlSchema = z
  .string()
  .min(1)
  .superRefine((value, ctx) => {
    const problem = baseUrlProblem(value)
    if (problem)
      ctx.addIssue({ code: 'custom', message: problem, input: value, params: { own: true } })
  })

/** The options every entry point takes. Shapes here; scenarios in depth by `parseScenarioConfig`. */
export const mockOptionsShape = {
  /** Seed for every generated value (default 1). Same seed + same requests = same bytes. */
  seed: accepting(z.number().int().min(0), 'a whole number >= 0').optional(),
  /** Named dataset: `empty`, `default` (default) or `large`. */
  preset: z.enum(presetNames).optional(),
  /** A dataset, or a builder returning one; replaces `preset`. Checked when it is loaded. */
  dataset: accepting(
    z.custom<Dataset | ((context: DatasetBuilderContext) => Dataset)>(
      (value) => isRecord(value) || typeof value === 'function',
    ),
    'a dataset object or a function ({ seed, preset, given }) => dataset',
  ).optional(),
  /** Scenarios active from the start (names or definitions), highest precedence first. */
  scenarios: accepting(
    z.array(scenarioItem).readonly(),
    'a list of scenario names or definitions',
  ).optional(),
  /** Extra named scenarios to add to the catalog (selectable by name afterwards). */
  customScenarios: accepting(
    z.array(z.custom<ScenarioDefinition>(isRecord)).readonly(),
    'a list of scenario definitions { name, rules }',
  ).optional(),
  /**
   * API origin(s) the MSW handlers answer for (default https://api.cloudsmith.io; an https
   * Cloudsmith origin is answered over http too). Absolute http(s) URLs, or a path starting with
   * `/` in a browser; anything else is an `OptionsError` at creation.
   */
  baseUrl: accepting(
    z.union([baseUrlSchema, z.array(baseUrlSchema).min(1).readonly()]),
    'a URL string or a non-empty list of them',
  ).optional(),
  /** Extra latency on every response, ms (default 0, at most 600,000: ten minutes). */
  latency: accepting(z.number().min(0).max(600_000), 'a number of ms from 0 to 600000').optional(),
  /** Per-identity rate-limit window (default `{ limit: 100000, windowMs: 3600000, interval: 0 }`). */
  rateLimit: accepting(rateLimitSchema, 'an object { limit, windowMs, interval }').optional(),
  /** How many requests the journal keeps (default 1,000, at most 1,000,000). */
  journalSize: accepting(
    z.number().int().min(1).max(1_000_000),
    'a whole number from 1 to 1000000',
  ).optional(),
  /**
   * Start of the mock's clock (default 2026-01-01T00:00:00Z): epoch ms, an ISO 8601 string
   * (`'2026-01-01T00:00:00Z'`) or a `Date`.
   */
  now: timeSchema.optional(),
  /**
   * How the clock moves (default `frozen`): `frozen` stands still at `now` until advanced
   * (`mock.clock.advance(ms)`, `POST /__mock/clock`), so the same seed and requests give the
   * same bytes; `real` starts at `now` and moves with wall-clock time, for people and clients
   * that wait (Retry-After, sync polling). `serve` and `startMockWorker` default to `real`.
   */
  clock: z.enum(clockModes).optional(),
  /**
   * How new packages synchronise by default: `steps` status polls (default 1) or `durationMs` of
   * clock time (default `steps` × 5,000 ms), whichever comes first, then `outcome` (default
   * `completed`).
   */
  sync: accepting(syncSchema, 'an object { steps, durationMs, outcome, reason }').optional(),
  /**
   * Bytes of uploads over 1 MiB the mock keeps in memory so their downloads answer what was
   * uploaded (default 268,435,456: 256 MiB; 0 keeps none). Smaller uploads are always kept,
   * in their record. A file larger than this, one dropped to make room for newer ones, and any
   * after a restart have no bytes to download: 410 Gone (docs/downloads.md).
   */
  keepBytes: accepting(
    z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    'a whole number of bytes >= 0',
  ).optional(),
  /**
   * Where the kept bytes of uploads over 1 MiB live (default: memory). The standalone server
   * passes files in a temporary directory (src/adapters/server/file-spool.ts).
   */
  spoolStorage: accepting(
    z.custom<SpoolStorage<unknown>>(
      (value) =>
        isRecord(value) &&
        typeof value.open === 'function' &&
        typeof value.read === 'function' &&
        typeof value.remove === 'function',
    ),
    'an object { open, read, remove } (src/core/spool.ts)',
  ).optional(),
  /**
   * Awaited after a request's write changed data and before its answer leaves; the writes queued
   * behind it are not held up meanwhile. A rejection turns the answer into a Cloudsmith-shaped 503
   * (`Retry-After: 5`). The standalone server's `--persist` resolves it once a snapshot taken
   * with `checkpoint()` after the write is on disk, so a 2xx means saved. Default: none.
   * @example
   * createMock({ afterWrite: ({ sequence }) => saved.upTo(sequence) })
   */
  /**
   * Records made by the factories (docs/factories.md) after the dataset is loaded, part of the
   * state `reset()` returns to: each `{ entity, fields, traits, count }`, as the body of
   * `POST /__mock/given/<entity>`. A bad entry makes `ready()` (and the server's start) fail with
   * an `OptionsError` naming it.
   * @example
   * createMock({ preset: 'empty', given: [{ entity: 'repository', fields: { namespace: 'acme', name: 'web' } }] })
   */
  given: accepting(
    z
      .array(
        z
          .object({
            entity: z.string().min(1),
            fields: z.record(z.string(), z.unknown()).optional(),
            traits: z.array(z.unknown()).optional(),
            count: z.number().int().min(0).optional(),
          })
          .strict(),
      )
      .readonly(),
    'a list of { entity, fields, traits, count }',
  ).optional(),
  afterWrite: accepting(
    z.custom<(write: { sequence: number }) => Promise<void>>(
      (value) => typeof value === 'function',
    ),
    'a function ({ sequence }) => Promise<void>',
  ).optional(),
}

/**
 * What happens to a request no handler answers, in msw 3's vocabulary (`onUnhandledFrame`):
 * `'bypass'`, `'warn'`, `'error'`, or a function `({ frame, defaults }) => void`. The Node and
 * browser adapters take it; Cloudsmith hosts never get there (the mock answers those it does not
 * serve with a 501 `not_mocked`).
 */
export const onUnhandledFrameSchema = accepting(
  z.custom<UnhandledFrameHandle>(
    (value) =>
      value === 'bypass' || value === 'warn' || value === 'error' || typeof value === 'function',
  ),
  '"bypass", "warn", "error" or a function ({ frame, defaults }) => void',
)

/**
 * The options of `createMock`, strict: an unknown key is an error.
 * @example
 * const checked = mockOptionsSchema.extend({ quiet: z.boolean().optional() })
 */
export const mockOptionsSchema = z.object(mockOptionsShape).strict()

/** What `createMock` (and every entry point built on it) accepts. */
export type MockOptions = z.input<typeof mockOptionsSchema>
/** The options once checked: `now` is epoch ms, scenarios are parsed definitions. */
export type ParsedMockOptions = z.output<typeof mockOptionsSchema>

type AnySchema = z.ZodType

/** Wrappers whose inner schema describes the same value. */
function inner(schema: AnySchema): AnySchema | undefined {
  const def = schema._zod.def as unknown as Record<string, unknown>
  if ('innerType' in def) return def.innerType as AnySchema
  if (def.type === 'pipe') return def.in as AnySchema
  return undefined
}

/** The schemas (wrappers and union members included, outermost first) that check `path`. */
function schemasAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema[] {
  const here = path.length === 0 ? [schema] : []
  const wrapped = inner(schema)
  if (wrapped) return [...here, ...schemasAt(wrapped, path)]
  const def = schema._zod.def as unknown as Record<string, unknown>
  if (def.type === 'union')
    return [...here, ...(def.options as AnySchema[]).flatMap((option) => schemasAt(option, path))]
  if (path.length === 0) return here
  const [key, ...rest] = path
  if (def.type === 'object') {
    const child = (def.shape as Record<PropertyKey, AnySchema | undefined>)[key!]
    return child ? schemasAt(child, rest) : []
  }
  if (def.type === 'array') return schemasAt(def.element as AnySchema, rest)
  return []
}

function acceptsAt(schema: AnySchema, path: readonly PropertyKey[]): string | undefined {
  for (const candidate of schemasAt(schema, path)) {
    const meta = accepts.get(candidate)
    if (meta) return meta.accepts
  }
  return undefined
}

function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  for (const candidate of schemasAt(schema, path)) {
    const def = candidate._zod.def as unknown as Record<string, unknown>
    if (def.type === 'object') return Object.keys(def.shape as object)
  }
  return []
}

/** A value as an error message shows it: `-1`, `"1" (a string)`, `a list`. */
function show(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.length > 60 ? `${value.slice(0, 60)}...` : value
    return `${JSON.stringify(text)} (a string)`
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (typeof value === 'bigint') return `${value}n (a bigint)`
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'function') return 'a function'
  if (isDate(value)) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date'
  return 'an object'
}

const quoted = (items: readonly unknown[]) => items.map((item) => JSON.stringify(item)).join(', ')

/** One zod issue as `{ option, reason }`, the reason naming what the option accepts. */
function explain(schema: AnySchema, issue: z.core.$ZodIssue): { option: string; reason: string } {
  const path = issue.path.map(String)
  if (issue.code === 'unrecognized_keys') {
    const [key, ...others] = issue.keys as [string, ...string[]]
    const valid = keysAt(schema, issue.path)
    const prefix = path.length ? `${path.join('.')}.` : ''
    // JSON quoting keeps a key with a line break (from a config file) on one line.
    const name = (k: string) =>
      JSON.stringify(prefix + (k.length > 60 ? `${k.slice(0, 60)}...` : k))
    const guess = closestMatch(key, valid, { maxDistance: Math.max(2, Math.floor(key.length / 3)) })
    const hint = guess ? ` (did you mean ${name(guess)}?)` : ''
    const also = others.length ? `; also unknown: ${others.slice(0, 5).map(name).join(', ')}` : ''
    return {
      option: prefix + key,
      reason: `unknown option ${name(key)}${hint}. Valid options${path.length ? ` of "${path.join('.')}"` : ''}: ${valid.join(', ')}${also}`,
    }
  }
  const option = path.join('.')
  const got = 'input' in issue ? `; got ${show(issue.input)}` : ''
  // A check that words its own reason (a baseUrl without a scheme): that reason says it best.
  if (issue.code === 'custom' && issue.params?.own)
    return { option, reason: `option "${option}" ${issue.message}${got}` }
  if (issue.code === 'invalid_value')
    return { option, reason: `option "${option}" must be one of ${quoted(issue.values)}${got}` }
  const wanted =
    acceptsAt(schema, issue.path) ??
    (issue.code === 'invalid_type'
      ? `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`
      : undefined)
  if (wanted) return { option, reason: `option "${option}" must be ${wanted}${got}` }
  return { option, reason: `option "${option}" is invalid: ${issue.message}${got}` }
}

/**
 * Checks `input` against `schema` (the shared options or an entry point's extension of them)
 * and returns the parsed options: `now` as epoch ms, scenarios as checked definitions.
 * Throws one `OptionsError` (one line, up to three problems, unknown keys first) naming `entry`,
 * each option and what it accepts; an unknown key comes with a "did you mean" when one is close.
 * @example
 * parseOptions(mockOptionsSchema, { seeed: 1 }, 'createMock')
 * // OptionsError: createMock: unknown option "seeed" (did you mean "seed"?). Valid options: seed, ...
 */
export function parseOptions<S extends z.ZodObject>(
  schema: S,
  input: unknown,
  entry: string,
): z.output<S> {
  if (input === undefined) input = {}
  if (!isRecord(input))
    throw new OptionsError(entry, '', `options must be an object, got ${show(input)}`)
  // No options: nothing to check, and zod compiles a schema on its first parse (several ms of
  // every `setupMockServer()` start, which parses twice: its schema, then createMock's).
  if (Object.keys(input).length === 0 && parsesEmptyAsEmpty(schema)) return {} as z.output<S>
  // Without zod's compiled fast path: options are parsed once per mock, and compiling the
  // schema for that one parse cost more than the parse (~10 ms of the server's cold start).
  const parsed = schema.safeParse(input, { reportInput: true, jitless: true })
  if (!parsed.success) {
    // A misspelt key usually explains the rest: it comes first. Three problems at most, one line.
    const issues = [...parsed.error.issues].sort(
      (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
    )
    const explained = issues.slice(0, 3).map((issue) => explain(schema, issue))
    const option = explained[0]!.option
    const more = issues.length > 3 ? `; and ${issues.length - 3} more` : ''
    const reason = explained.map((problem) => problem.reason).join('; ') + more
    throw new OptionsError(entry, option, reason)
  }
  const options = parsed.data as Record<string, unknown>
  if (options.scenarios !== undefined || options.customScenarios !== undefined) {
    // The one scenario checker (also behind `--scenarios` files and the admin API).
    try {
      const config = parseScenarioConfig({
        scenarios: options.scenarios,
        customScenarios: options.customScenarios,
      })
      if (options.scenarios !== undefined) options.scenarios = config.scenarios
      if (options.customScenarios !== undefined) options.customScenarios = config.customScenarios
    } catch (error) {
      if (!(error instanceof OptionsError)) throw error
      const { option, reason } = error
      const named = reason.startsWith(`"${option}"`) ? reason : `"${option}": ${reason}`
      throw new OptionsError(entry, option, `option ${named}`)
    }
  }
  return options as z.output<S>
}

const emptyAsEmpty = new WeakMap<z.ZodObject, boolean>()

/** Whether `schema.parse({})` is `{}`: every key optional (no default) and no check on the whole. */
function parsesEmptyAsEmpty(schema: z.ZodObject): boolean {
  let known = emptyAsEmpty.get(schema)
  if (known === undefined) {
    const def = schema._zod.def
    known =
      !def.checks?.length &&
      Object.values(def.shape).every((field) => field._zod.def.type === 'optional')
    emptyAsEmpty.set(schema, known)
  }
  return known
}

/**
 * `createMock`'s check: `parseOptions(mockOptionsSchema, input, 'createMock')`.
 * @example
 * parseMockOptions({ now: '2026-02-01T00:00:00Z' }).now // 1769904000000
 */
export function parseMockOptions(input: unknown, entry = 'createMock'): ParsedMockOptions {
  return parseOptions(mockOptionsSchema, input, entry)
}

/**
 * The `createMock` part of an entry point's parsed options, for adapters whose own keys are many.
 * @example
 * const mock = createMock(pickMockOptions(parseOptions(serverSchema, input, 'createMockHttpServer')))
 */
export function pickMockOptions(options: ParsedMockOptions): ParsedMockOptions {
  const picked: Record<string, unknown> = {}
  for (const key of Object.keys(mockOptionsShape))
    if (key in options) picked[key] = (options as Record<string, unknown>)[key]
  return picked as ParsedMockOptions
}
