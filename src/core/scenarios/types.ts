/**
 * The scenario vocabulary. Rules are validated with zod when they are configured, so a
 * malformed rule fails at configuration time, not in the middle of a test.
 */
import * as z from 'zod'
import type { OperationId } from '../../generated/operations.ts'
import { ruleBodySchema, ruleHeadersSchema } from './wire-safe.ts'

/** Bound of `times` and `after`: a count no test reaches, still exact in a double. */
const MAX_COUNT = 1_000_000_000
/** A day: longer than any client waits for. */
const MAX_RETRY_AFTER = 86_400

/**
 * Seconds a `throttle` scenario tells clients to wait (Retry-After) unless it says otherwise.
 * A few seconds: the official CLI honours Retry-After on each of its 6 retries (API-NOTES §5,
 * CLI `core/rest.py`), so a client meets the scenario in about half a minute, not an hour per try.
 */
export const DEFAULT_THROTTLE_RETRY_AFTER = 5

export const builtInScenarioNames = [
  'happy',
  'unauthorized',
  'forbidden',
  'not-found',
  'validation-error',
  'rate-limited',
  'server-error',
  'bad-gateway',
  'service-unavailable',
  'slow',
  'network-error',
  'upload-processing',
  'upload-sync-failed',
  'quarantined',
  'empty',
] as const

export type BuiltInScenarioName = (typeof builtInScenarioNames)[number]
/** Built-in names complete in editors; custom names are any other string. */
export type ScenarioName = BuiltInScenarioName | (string & {})

export const ruleSchema = z
  .object({
    operations: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    method: z
      .string()
      .regex(/^[A-Za-z]+$/, 'an HTTP method such as GET or POST')
      .transform((m) => m.toUpperCase())
      .optional(),
    path: z.string().startsWith('/').optional(),
    times: z.number().int().positive().max(MAX_COUNT).optional(),
    after: z.number().int().nonnegative().max(MAX_COUNT).optional(),
    status: z.number().int().min(100).max(599).optional(),
    body: ruleBodySchema.optional(),
    headers: ruleHeadersSchema.optional(),
    delay: z.number().nonnegative().max(600_000).optional(),
    networkError: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.status !== undefined || r.delay !== undefined || r.networkError, {
    message: 'a rule needs a status, a delay or networkError',
  })
  .refine((r) => r.body === undefined || r.status !== undefined, {
    message: 'a body needs a status',
  })
  .refine((r) => !(r.status === 204 || r.status === 304) || r.body === undefined, {
    message: 'a 204 or 304 response has no body',
  })
  .refine((r) => !r.networkError || (r.status === undefined && !r.headers), {
    message: 'networkError cannot be combined with status or headers',
  })

export const syncSchema = z
  .object({
    /** Status polls before the sync ends (or `durationMs` of clock time, whichever comes first). */
    steps: z.number().int().nonnegative().max(1000).optional(),
    /**
     * Clock time from upload to the sync's end, ms (default `steps` × 5,000: the CLI's default
     * `--wait-interval` per poll). At most 30 days.
     */
    durationMs: z
      .number()
      .int()
      .nonnegative()
      .max(30 * 86_400_000)
      .optional(),
    outcome: z.enum(['completed', 'failed', 'quarantined']).optional(),
    /** `status_reason` of a failed sync. */
    reason: z.string().optional(),
  })
  .strict()

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[\w.:-]+$/, 'letters, digits, "_", ".", ":" and "-" only'),
    description: z.string().default(''),
    rules: z.array(ruleSchema).default([]),
    sync: syncSchema.optional(),
    /** Every caller's rate-limit window is spent (after the scenario's own rules). */
    throttle: z
      .union(
        [
          z.boolean(),
          z
            .object({ retryAfter: z.number().int().min(1).max(MAX_RETRY_AFTER).optional() })
            .strict(),
        ],
        { error: `true, false or { retryAfter: whole seconds from 1 to ${MAX_RETRY_AFTER} }` },
      )
      .optional(),
  })
  .strict()

type UpperMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

/**
 * One rule of a scenario. It matches when every given selector matches (none: every request);
 * `after` skips the first N matches and `times` then applies it N times. The first rule that
 * decides (a status or networkError) wins; a delay-only rule adds its delay and lets
 * matching go on.
 * @example
 * // 429 twice, then the natural answer
 * { operations: 'packages_list', status: 429, times: 2 }
 * // 500 on the third upload only
 * { path: '/packages/{owner}/{repo}/upload/{format}/', status: 500, after: 2, times: 1 }
 */
export interface ScenarioRule {
  /** Operation ids the rule applies to (Cloudsmith's operationIds). */
  operations?: OperationId | readonly OperationId[]
  method?: UpperMethod | Lowercase<UpperMethod>
  /**
   * A path template (`/repos/{owner}/{identifier}/`) or a concrete path (`/repos/acme/web-assets/`);
   * `{anything}` matches one segment. `/v1` prefix and trailing slash are optional.
   */
  path?: string
  /** Apply to this many matching requests (after `after`), then stop. */
  times?: number
  /** Skip this many matching requests first. */
  after?: number
  /** Status to answer; it must be one the operation can send. 2xx without a body runs the operation. */
  status?: number
  /** Response body (default: Cloudsmith's body for the status). */
  body?: unknown
  headers?: Readonly<Record<string, string>>
  /** Milliseconds to wait before answering (real time, not the mock's clock). */
  delay?: number
  /** Fail as a network failure: fetch rejects, the server drops the connection. */
  networkError?: boolean
}

export type SyncBehaviour = z.infer<typeof syncSchema>

export interface ScenarioDefinition {
  name: ScenarioName
  description?: string
  rules?: readonly ScenarioRule[]
  /** How packages uploaded (or resynced) while the scenario is active synchronise. */
  sync?: SyncBehaviour
  /**
   * Every caller's rate-limit window is spent: 429 with Retry-After and the X-RateLimit-* numbers
   * /rates/limits/ reports (throttled: true). Applies after the scenario's own rules.
   * `{ retryAfter }` sets the seconds clients are told to wait (whole seconds, 1 to 86,400;
   * default 5); each throttled answer counts them from the clock's current time.
   * @example
   * { name: 'slow-down', throttle: { retryAfter: 30 } }
   */
  throttle?: boolean | { retryAfter?: number }
}

export type Scenario = z.infer<typeof scenarioSchema>
export type Rule = Scenario['rules'][number]
