/**
 * Repository records to Cloudsmith's Repository shape. Writable settings take their defaults
 * from the OpenAPI document (RepositoryCreateRequest).
 */
import { isoTime } from '../../src/core/clock.ts'
import type { RepositoryRecord, RepositoryType } from '../../src/core/db/schemas.ts'
import { getSchema } from '../../src/core/openapi/index.ts'
import type { Repository } from '../../src/generated/types.ts'
import { downloadBase } from '../download-urls.ts'
import { WEB } from './links.ts'

const settingDefaults: Record<string, unknown> = (() => {
  const out: Record<string, unknown> = {}
  const properties = getSchema('RepositoryCreateRequest')?.properties ?? {}
  for (const [name, schema] of Object.entries(properties)) {
    if (name === 'name' || name === 'slug' || name === 'description') continue
    if (name === 'repository_type_str' || name === 'storage_region') continue
    if (schema.default !== undefined) out[name] = schema.default
    else if (schema.type === 'boolean') out[name] = false
    else if (schema.type === 'array') out[name] = []
    else if (schema.nullable) out[name] = null
  }
  // Built key by key, the object is a slow dictionary (V8) and spreading it into each repository
  // was most of serialising one (~15 µs of ~17); a copy of it has fast properties.
  return { ...out }
})()

export const writableRepositoryFields = new Set(
  Object.keys(getSchema('RepositoryCreateRequest')?.properties ?? {}),
)

const typeNumber: Record<RepositoryType, 1 | 2 | 3> = { Public: 1, Private: 2, 'Open-Source': 3 }

export function formatSize(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`
}

export interface RepositoryStats {
  packageCount: number
  size: number
  quarantined: number
}

export function serializeRepository(
  repo: RepositoryRecord,
  origin: string,
  stats: RepositoryStats,
): Repository {
  const own = ownFields(repo, origin, stats)
  // Settings were checked against the request schema when written; defaults come from the document.
  type Settings = Omit<Repository, keyof typeof own>
  return { ...(settingDefaults as Settings), ...(repo.settings as Partial<Settings>), ...own }
}

/**
 * `JSON.stringify(serializeRepository(repo, origin, stats))`, the same text. A repository with
 * no settings of its own (as most are created) shows the defaults, whose text is made once: the
 * record's own fields are all that is stringified per answer (two thirds of the keys were the
 * defaults, and stringifying them was most of answering a create).
 */
export function repositoryText(
  repo: RepositoryRecord,
  origin: string,
  stats: RepositoryStats,
): string {
  const own = ownFields(repo, origin, stats)
  ownKeysApart ??= Object.keys(own).every((key) => !Object.hasOwn(settingDefaults, key))
  // With a key in both, the default's place would hold the record's value: stringified whole.
  if (hasKeys(repo.settings) || !ownKeysApart)
    return JSON.stringify(serializeRepository(repo, origin, stats))
  defaultsText ??= JSON.stringify(settingDefaults).slice(1, -1)
  const ownText = JSON.stringify(own)
  return defaultsText === '' ? ownText : `{${defaultsText},${ownText.slice(1)}`
}
let ownKeysApart: boolean | undefined

function hasKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true
  return false
}
let defaultsText: string | undefined

function ownFields(repo: RepositoryRecord, origin: string, stats: RepositoryStats) {
  const type = repo.repository_type_str
  return {
    name: repo.name,
    slug: repo.slug,
    slug_perm: repo.slug_perm,
    namespace: repo.namespace,
    namespace_url: `${origin}/namespaces/${repo.namespace}/`,
    self_url: `${origin}/repos/${repo.namespace}/${repo.slug}/`,
    self_html_url: `${WEB}/~${repo.namespace}/repos/${repo.slug}/`,
    self_webapp_url: `${WEB}/${repo.namespace}/${repo.slug}/`,
    description: repo.description,
    repository_type: typeNumber[type],
    repository_type_str: type,
    is_public: type === 'Public',
    is_private: type === 'Private',
    is_open_source: type === 'Open-Source',
    storage_region: (repo.settings['storage_region'] as string | undefined) ?? 'default',
    created_at: isoTime(repo.created_at),
    deleted_at: repo.deleted_at != null ? isoTime(repo.deleted_at) : null,
    package_count: stats.packageCount,
    package_count_excl_subcomponents: stats.packageCount,
    package_group_count: stats.packageCount,
    num_downloads: repo.num_downloads,
    num_quarantined_packages: stats.quarantined,
    num_policy_violated_packages: 0,
    size: stats.size,
    size_str: formatSize(stats.size),
    cdn_url:
      type === 'Private' ? null : `${downloadBase(origin)}/public/${repo.namespace}/${repo.slug}/`,
    gpg_keys: [],
    ecdsa_keys: [],
    // Partial: the writable settings complete it (the contract tests check the whole).
  } satisfies Partial<Repository>
}
