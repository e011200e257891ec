/**
 * What `serve` runs with: defaults < config file < command-line flags.
 */
import { resolve } from 'node:path'
import { isPresetName, presetNames, type PresetName } from '../../fixtures/index.ts'
import type { MockHttpServerOptions } from '../adapters/server/index.ts'
import type { ClockMode } from '../core/clock.ts'
import type { RateLimitOptions } from '../core/rate-limit.ts'
import { CliError } from './cli-error.ts'
import { loadConfigFile } from './config-file.ts'
import { DEFAULT_HOST, DEFAULT_PORT } from './defaults.ts'

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
  clock?: ClockMode
  persist?: string
  admin?: boolean
  adminToken?: string
  maxBodySize?: number
  maxUploadSize?: number
  keepBytes?: number
  maxConcurrentUploads?: number
  corsOrigin?: string[]
  allowedHost?: string[]
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

  let rateLimit: RateLimitOptions | undefined = config.rateLimit
  if (flags.rateLimit) rateLimit = { ...rateLimit, ...flags.rateLimit }

  const persist = pick('persist') ? resolve(flags.persist!) : config.persist
  const seed = pick('seed') ?? config.seed
  const preset = checkPreset(pick('preset')) ?? config.preset
  const origins = pick('corsOrigin')
  const adminToken = pick('adminToken') ?? config.adminToken
  if (adminToken !== undefined && adminToken.trim() === '')
    throw new CliError(
      'The admin token (--admin-token or CLOUDSMITH_MOCK_ADMIN_TOKEN) is empty: give a non-blank one, or leave it unset.',
    )
  const server: MockHttpServerOptions = {
    seed,
    preset,
    // Checked by loadConfigFile; createMockHttpServer checks the merged options again.
    dataset: given('preset') ? undefined : config.dataset,
    scenarios: pick('scenario') ?? config.scenarios,
    customScenarios: config.customScenarios,
    latency: pick('latency') ?? config.latency,
    rateLimit,
    journalSize: config.journalSize,
    now: config.now,
    // People and real clients wait on a server: its time moves unless asked to stand still.
    clock: pick('clock') ?? config.clock ?? 'real',
    sync: config.sync,
    given: config.given,
    persist,
    admin: given('admin') ? flags.admin : config.admin,
    adminToken,
    maxBodySize: pick('maxBodySize') ?? config.maxBodySize,
    maxUploadSize: pick('maxUploadSize') ?? config.maxUploadSize,
    keepBytes: pick('keepBytes') ?? config.keepBytes,
    maxConcurrentUploads: pick('maxConcurrentUploads') ?? config.maxConcurrentUploads,
    cors: origins ? { origins } : config.cors,
    allowedHosts: pick('allowedHost') ?? config.allowedHosts,
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
