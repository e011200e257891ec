/**
 * `--config FILE`: serve options from a JSON file, or from a JS/TS module whose default export
 * (or the module itself) is the options object or a function returning it. Node runs a `.ts`
 * config directly (type stripping), so it can import types from `cloudsmith-mock`.
 */
import { readFile } from 'node:fs/promises'
import { dirname, extname, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import * as z from 'zod'
import { mockHttpServerOptionsSchema } from '../adapters/server/server-options.ts'
import { OptionsError } from '../core/errors.ts'
import { accepting, parseOptions, rateLimitSchema } from '../core/options.ts'
import { parseRateLimit } from '../core/rate-limit.ts'
import { CliError, oneLine } from './cli-error.ts'
import { parseByteSize } from './parse-args.ts'

/** A string option the CLI parses itself (`"100/1m"`, `"25mb"`); its error becomes the issue. */
function parsedString<T>(parse: (text: string) => T) {
  return z.string().transform((text, context): T => {
    try {
      return parse(text)
    } catch (error) {
      context.issues.push({ code: 'custom', message: oneLine(error), input: text })
      return z.NEVER
    }
  })
}

/**
 * The config file: the server's options (less its callbacks) plus where to listen. The same
 * strict schema as every other entry point, so a misspelt key is a start-up error.
 */
export const configSchema = mockHttpServerOptionsSchema
  .omit({ onRequest: true, onError: true, version: true })
  .extend({
    /** The JSON schema an editor validates the file with; ignored. */
    $schema: z.string().optional(),
    port: z.number().int().min(0).max(65_535).optional(),
    host: z.string().min(1).optional(),
    quiet: z.boolean().optional(),
    /** As in the options, or `"N/INTERVAL"` like `--rate-limit` (`"100/1m"`). */
    rateLimit: accepting(
      z.union([rateLimitSchema, parsedString(parseRateLimit)]),
      'an object { limit, windowMs, interval } or "N/INTERVAL" such as "100/1m"',
    ).optional(),
    /** Bytes, or a size like `--max-body-size` (`"25mb"`). */
    maxBodySize: accepting(
      z.union([z.number().int().min(1), parsedString(parseByteSize)]),
      'a number of bytes >= 1 or a size such as "512kb" or "25mb"',
    ).optional(),
    /** Bytes, or a size like `--max-upload-size` (`"5gb"`). */
    maxUploadSize: accepting(
      z.union([z.number().int().min(1), parsedString(parseByteSize)]),
      'a number of bytes >= 1 or a size such as "100mb" or "5gb"',
    ).optional(),
    /** Bytes, or a size like `--keep-bytes` (`"1gb"`). */
    keepBytes: accepting(
      z.union([z.number().int().min(0), parsedString(parseByteSize)]),
      'a number of bytes >= 0 or a size such as "256mb" or "1gb"',
    ).optional(),
  })

export type ServeConfig = z.output<typeof configSchema>

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
  let config: ServeConfig
  try {
    config = parseOptions(configSchema, raw, `config file ${path}`)
  } catch (error) {
    if (!(error instanceof OptionsError)) throw error
    throw new CliError(`Invalid config file ${path}: ${error.reason}`)
  }
  if (config.persist) config.persist = resolve(dirname(path), config.persist)
  return config
}
