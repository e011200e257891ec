/**
 * What `serve` runs with: defaults < config file < command-line flags.
 */
import { resolve } from 'node:path'
import { isPresetName, presetNames, type PresetName } from '../../fixtures/index.ts'
import type { MockHttpServerOptions } from '../adapters/server/index.ts'
import type { MockOptions } from '../core/create-mock.ts'
import type { RateLimitOptions } from '../core/rate-limit.ts'
import { CliError } from './cli-error.ts'
import { loadConfigFile } from './config-file.ts'
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.ts'
import { parseByteSize, parseRateLimitOption } from './parse-args.ts'

/** The flags as commander parsed them. */
export interface ServeFlags {
  port?: number
  host?: string
  seed?: number
  preset?: string
  scenario?: string[]
  config?: string
  latency?: number
  rateLimit?: { limit: number; windowMs: number }
  persist?: string
  admin?: boolean
  adminToken?: string
  maxBodySize?: number
  maxUploadSize?: number
  maxConcurrentUploads?: number
  corsOrigin?: string[]
  quiet?: boolean
}

export interface ServePlan {
  port: number
  host: string
  quiet: boolean
  /** Where the data comes from, for the start-up banner. */
  source: string
  server: MockHttpServerOptions
}

export function checkPreset(name: string | undefined): PresetName | undefined {
  if (name === undefined || isPresetName(name)) return name
  throw new CliError(
    `Unknown preset "${name.slice(0, 100)}". Valid presets: ${presetNames.join(', ')}.`,
  )
}

/** `given(name)`: whether the user set the flag (a default or absent flag lets the config decide). */
export async function resolveServePlan(
  flags: ServeFlags,
  given: (name: keyof ServeFlags) => boolean,
): Promise<ServePlan> {
  const config = flags.config ? await loadConfigFile(flags.config) : {}
  const pick = <K extends keyof ServeFlags>(name: K): ServeFlags[K] | undefined =>
    given(name) ? flags[name] : undefined

  let rateLimit: RateLimitOptions | undefined
  if (typeof config.rateLimit === 'string') {
    try {
      rateLimit = parseRateLimitOption(config.rateLimit)
    } catch (error) {
      throw new CliError(`Invalid config file: rateLimit: ${(error as Error).message}`)
    }
  } else rateLimit = config.rateLimit
  if (flags.rateLimit) rateLimit = { ...rateLimit, ...flags.rateLimit }

  const configSize = (name: 'maxBodySize' | 'maxUploadSize'): number | undefined => {
    const value = config[name]
    if (value === undefined) return undefined
    try {
      return parseByteSize(value)
    } catch (error) {
      throw new CliError(`Invalid config file: ${name}: ${(error as Error).message}`)
    }
  }
  const maxBodySize = configSize('maxBodySize')
  const maxUploadSize = configSize('maxUploadSize')

  const now = typeof config.now === 'string' ? Date.parse(config.now) : config.now
  const persist = pick('persist') ? resolve(flags.persist!) : config.persist
  const seed = pick('seed') ?? config.seed
  const preset = checkPreset(pick('preset')) ?? config.preset
  const origins = pick('corsOrigin')
  const server: MockHttpServerOptions = {
    seed,
    preset,
    // Shapes only so far: createMock validates datasets and scenarios itself, with clear errors.
    dataset: (given('preset') ? undefined : config.dataset) as MockOptions['dataset'],
    scenarios: (pick('scenario') ?? config.scenarios) as MockOptions['scenarios'],
    customScenarios: config.customScenarios as MockOptions['customScenarios'],
    latency: pick('latency') ?? config.latency,
    rateLimit,
    journalSize: config.journalSize,
    now,
    sync: config.sync,
    persist,
    admin: given('admin') ? flags.admin : config.admin,
    adminToken: pick('adminToken') ?? config.adminToken,
    maxBodySize: pick('maxBodySize') ?? maxBodySize,
    maxUploadSize: pick('maxUploadSize') ?? maxUploadSize,
    maxConcurrentUploads: pick('maxConcurrentUploads') ?? config.maxConcurrentUploads,
    cors: origins ? { origins } : config.cors,
  }
  const described = server.dataset
    ? 'dataset from the config file'
    : `preset ${server.preset ?? 'default'}, seed ${server.seed ?? 1}`
  return {
    port: pick('port') ?? config.port ?? DEFAULT_PORT,
    host: pick('host') ?? config.host ?? DEFAULT_HOST,
    quiet: pick('quiet') ?? config.quiet ?? false,
    source: persist ? `${described}; state kept in ${persist}` : described,
    server,
  }
}
