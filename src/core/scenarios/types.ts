/**
 * The scenario vocabulary. Rules are validated with zod when they are configured, so a
 * malformed rule fails at configuration time, not in the middle of a test.
 */
import { z } from 'zod'
import type { OperationId } from '../../generated/operations.ts'

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
      .regex(/^[A-Za-z]+$/)
      .transform((m) => m.toUpperCase())
      .optional(),
    path: z.string().startsWith('/').optional(),
    times: z.number().int().positive().optional(),
    after: z.number().int().nonnegative().optional(),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    delay: z.number().nonnegative().max(600_000).optional(),
    networkError: z.boolean().optional(),
  })
  .strict()
  .refine((r) => r.status !== undefined || r.delay !== undefined || r.networkError, {
    message: 'a rule needs a status, a delay or networkError',
  })

export const syncSchema = z
  .object({
    steps: z.number().int().nonnegative().max(1000).optional(),
    outcome: z.enum(['completed', 'failed', 'quarantined']).optional(),
    reason: z.string().optional(),
  })
  .strict()

export const scenarioSchema = z
  .object({
    name: z
      .string()
      .min(1)
      .regex(/^[\w.:-]+$/, 'letters, digits, "_", ".", ":" and "-" only'),
    description: z.string().default(''),
    rules: z.array(ruleSchema).default([]),
    sync: syncSchema.optional(),
    /** Treat every caller's rate-limit window as spent. */
    throttle: z.boolean().optional(),
  })
  .strict()

type RuleFields = z.input<typeof ruleSchema>
export interface ScenarioRule extends Omit<RuleFields, 'operations'> {
  /** Operation ids (typed for completion) the rule applies to; all operations when omitted. */
  operations?: OperationId | readonly OperationId[] | string | readonly string[]
}
export type SyncBehaviour = z.infer<typeof syncSchema>
export interface ScenarioDefinition {
  name: ScenarioName
  description?: string
  rules?: readonly ScenarioRule[]
  sync?: SyncBehaviour
  throttle?: boolean
}
export type Scenario = z.infer<typeof scenarioSchema>
export type Rule = Scenario['rules'][number]
