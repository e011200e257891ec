/**
 * `--config FILE`: serve options from a JSON file, or from a JS/TS module whose default export
 * (or the module itself) is the options object or a function returning it. Node runs a `.ts`
 * config directly (type stripping), so it can import types from `cloudsmith-mock`.
 */
import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import type { DatasetBuilderContext } from '../core/create-mock.ts'
import type { Dataset } from '../core/db/schemas.ts'
import { parseScenarioConfig } from '../core/scenarios/config.ts'
import { syncSchema } from '../core/scenarios/types.ts'
import { presetNames } from '../../fixtures/index.ts'
import { CliError, oneLine } from './cli-error.ts'

const definition = z.record(z.string(), z.unknown())

const configSchema = z
  .object({
    $schema: z.string().optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    host: z.string().min(1).optional(),
    seed: z.number().int().optional(),
    preset: z.enum(presetNames).optional(),
    scenarios: z.array(z.union([z.string().min(1), definition])).optional(),
    customScenarios: z.array(definition).optional(),
    dataset: z
      .union([
        definition,
        z.custom<(context: DatasetBuilderContext) => Dataset>((v) => typeof v === 'function'),
      ])
      .optional(),
    latency: z.number().nonnegative().optional(),
    rateLimit: z
      .union([
        z.string(),
        z
          .object({
            limit: z.number().int().positive().optional(),
            windowMs: z.number().int().positive().optional(),
            interval: z.number().nonnegative().optional(),
          })
          .strict(),
      ])
      .optional(),
    journalSize: z.number().int().positive().optional(),
    now: z.union([z.number(), z.iso.datetime()]).optional(),
    sync: syncSchema.optional(),
    persist: z.string().min(1).optional(),
    admin: z.boolean().optional(),
    adminToken: z.string().min(1).optional(),
    maxBodySize: z.union([z.number().int().positive(), z.string()]).optional(),
    maxUploadSize: z.union([z.number().int().positive(), z.string()]).optional(),
    maxConcurrentUploads: z.number().int().positive().optional(),
    cors: z
      .union([z.literal(false), z.object({ origins: z.array(z.string()).optional() }).strict()])
      .optional(),
    quiet: z.boolean().optional(),
  })
  .strict()

export type ServeConfig = z.infer<typeof configSchema>

const MODULE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'])

async function importModule(path: string): Promise<unknown> {
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>
  } catch (error) {
    throw new CliError(`Cannot load config file ${path}: ${oneLine(error)}`)
  }
  const exported = 'default' in module ? module.default : { ...module }
  return typeof exported === 'function' ? await (exported as () => unknown)() : exported
}

async function readJson(path: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    throw new CliError(`Cannot read config file ${path}: ${oneLine(error)}`)
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new CliError(`Config file ${path} is not valid JSON: ${oneLine(error)}`)
  }
}

/** Loads and checks a config file; paths inside it are relative to the file. */
export async function loadConfigFile(file: string): Promise<ServeConfig> {
  const path = resolve(file)
  const raw = MODULE_EXTENSIONS.has(extname(path)) ? await importModule(path) : await readJson(path)
  const parsed = configSchema.safeParse(raw)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new CliError(`Invalid config file ${path}: ${issues.join('; ')}`)
  }
  const config = parsed.data
  // The scenario keys mean the same here as in parseScenarioConfig: one checker, one wording.
  try {
    parseScenarioConfig({ scenarios: config.scenarios, customScenarios: config.customScenarios })
  } catch (error) {
    throw new CliError(`Invalid config file ${path}: ${oneLine(error)}`)
  }
  if (config.persist) config.persist = resolve(dirname(path), config.persist)
  return config
}
