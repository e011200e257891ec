/**
 * Records to Cloudsmith's API shapes (Repository, Package, PackageStatus, ...), with the real
 * field names. Writable repository settings take their defaults from the OpenAPI document.
 */
import { isoTime } from '../src/core/clock.ts'
import type {
  Namespace,
  PackageRecord,
  RepositoryRecord,
  RepositoryType,
} from '../src/core/db/schemas.ts'
import { getOperation, getSchema } from '../src/core/openapi/index.ts'
import type {
  Namespace as NamespaceShape,
  Package,
  PackageStatus,
  Repository,
} from '../src/generated/types.ts'
import { fileCoordinates } from './package-derive.ts'
import { downloadBase, fileCdnUrl } from './download-urls.ts'
import { syncView, type SyncView } from './sync.ts'

const WEB = 'https://cloudsmith.io'

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
  const type = repo.repository_type_str
  const own = {
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
  // Settings were checked against the request schema when written; defaults come from the document.
  type Settings = Omit<Repository, keyof typeof own>
  return { ...(settingDefaults as Settings), ...(repo.settings as Partial<Settings>), ...own }
}

export const packageTypes: Record<string, 1 | 2 | 3 | 9> = {
  docker: 3,
  maven: 2,
  npm: 2,
  python: 2,
}

function packageUrls(pkg: PackageRecord, origin: string) {
  const base = `${origin}/packages/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/`
  return {
    self_url: base,
    status_url: `${base}status/`,
    self_html_url: `${WEB}/~${pkg.namespace}/repos/${pkg.repository}/packages/detail/${pkg.format}/${pkg.slug_perm}/`,
    self_webapp_url: `${WEB}/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/`,
  }
}

export function serializePackage(pkg: PackageRecord, origin: string, now: number): Package {
  const view = syncView(pkg, now)
  const primary = pkg.files.find((f) => f.is_primary) ?? pkg.files[0]
  const ready = view.is_sync_completed
  const file = fileCoordinates(pkg.format, pkg.filename)
  return {
    slug: pkg.slug,
    slug_perm: pkg.slug_perm,
    identifier_perm: pkg.slug_perm,
    identifiers: { slug_perm: pkg.slug_perm },
    name: pkg.name,
    display_name: pkg.name,
    version: pkg.version,
    // A string in the document, never null: a package without a version has an empty one.
    version_orig: pkg.version ?? '',
    filename: pkg.filename,
    filepath: `${pkg.format}/${pkg.filename}`,
    extension: /(\.[a-z0-9]+)$/i.exec(pkg.filename)?.[1] ?? '',
    format: pkg.format,
    format_url: `${origin}/formats/${pkg.format}/`,
    subtype: pkg.format === 'docker' ? 'image' : 'file',
    type_display: pkg.format === 'docker' ? 'image' : 'package',
    package_type: packageTypes[pkg.format] ?? 1,
    namespace: pkg.namespace,
    namespace_url: `${origin}/namespaces/${pkg.namespace}/`,
    repository: pkg.repository,
    repository_url: `${origin}/repos/${pkg.namespace}/${pkg.repository}/`,
    uploader: pkg.uploader,
    uploader_url: `${origin}/users/profile/${pkg.uploader}/`,
    uploaded_at: isoTime(pkg.uploaded_at),
    size: pkg.size,
    num_files: pkg.files.length,
    // `content` (the kept bytes) is the download's, never part of the JSON.
    files: pkg.files.map(({ content: _content, ...file }) => ({
      ...file,
      cdn_url: fileCdnUrl(origin, pkg, file),
      downloads: 0,
      is_downloadable: ready,
      is_synchronised: ready,
      signature_url: null,
      tag: null,
    })),
    checksum_md5: primary?.checksum_md5 ?? '',
    checksum_sha1: primary?.checksum_sha1 ?? '',
    checksum_sha256: primary?.checksum_sha256 ?? '',
    checksum_sha512: primary?.checksum_sha512 ?? '',
    cdn_url: ready && primary ? fileCdnUrl(origin, pkg, primary) : null,
    ...packageUrls(pkg, origin),
    tags: allTags(pkg),
    tags_immutable: pkg.tags_immutable,
    tags_automatic: { version: pkg.version ? [pkg.version] : [] },
    downloads: pkg.downloads,
    description: pkg.description,
    summary: pkg.summary,
    license: pkg.license,
    raw_license: pkg.license,
    spdx_license: pkg.license,
    architectures: file.architecture ? [{ name: file.architecture, description: null }] : [],
    ...distribution(pkg, origin),
    epoch: null,
    release: file.release,
    indexed: ready,
    policy_violated: false,
    freeable_storage: 0,
    fully_qualified_name: null,
    dependencies_checksum_md5: null,
    dependencies_url: `${origin}/packages/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/dependencies/`,
    origin_repository: pkg.repository,
    origin_repository_url: `${origin}/repos/${pkg.namespace}/${pkg.repository}/`,
    security_scan_status: 'Security Scanning Disabled',
    security_scan_status_updated_at: null,
    security_scan_started_at: null,
    security_scan_completed_at: null,
    signature_url: null,
    vulnerability_scan_results_url: `${origin}/vulnerabilities/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/`,
    ...sync(view),
    ...capabilities(view),
  } satisfies Package
}

/**
 * `tags` lists every tag by type, immutable ones included: "All tags on the package, grouped by
 * tag type. This includes immutable tags, but doesn't distinguish them from mutable" (OpenAPI
 * document, schema Tags). Records keep the two apart, so tag removal can spare immutable ones.
 */
function allTags(pkg: PackageRecord): Record<string, string[]> {
  const types = Object.keys(pkg.tags_immutable)
  if (types.length === 0) return pkg.tags
  const out: Record<string, string[]> = { ...pkg.tags }
  for (const type of types)
    out[type] = [...new Set([...(out[type] ?? []), ...pkg.tags_immutable[type]!])].sort()
  return out
}

/**
 * `distro` and `distro_version` of a package stored for a distribution (`ubuntu/jammy`), shaped
 * as the document's Distribution and DistributionVersion. Real names are display names
 * ("Ubuntu"); the mock capitalises the slug. Formats without a distribution have `distro: null`
 * and no `distro_version` (DistributionVersion is not nullable in the document).
 */
function distribution(pkg: PackageRecord, origin: string) {
  const [distro = '', version = ''] = (pkg.distribution ?? '').split('/')
  if (!distro) return { distro: null }
  const named = {
    distro: {
      name: (distro.charAt(0).toUpperCase() + distro.slice(1)).slice(0, 32),
      slug: distro,
      self_url: `${origin}/distros/${distro}/`,
      variants: null,
    },
  }
  return version ? { ...named, distro_version: { name: version, slug: version } } : named
}

const packageProperties = new Set(Object.keys(getSchema('Package')?.properties ?? {}))
const uploadExtras = new Map<string, string[]>()

/**
 * Properties a format's upload response adds to Package (swift's `scope`, vagrant's `provider`,
 * maven's `group_id`...), as the document lists them. SwiftPackageUpload and
 * VagrantPackageUpload even require theirs.
 */
function uploadOnlyFields(format: string): string[] {
  let fields = uploadExtras.get(format)
  if (fields === undefined) {
    const ref = getOperation(`packages_upload_${format}`)?.responses['201']?.$ref
    const schema = ref ? getSchema(ref.replace('#/schemas/', '')) : undefined
    fields = Object.keys(schema?.properties ?? {}).filter((name) => !packageProperties.has(name))
    uploadExtras.set(format, fields)
  }
  return fields
}

/** The `<Format>PackageUpload` answer: the new package plus the format's own fields, as sent. */
export function serializeUploadedPackage(
  pkg: PackageRecord,
  origin: string,
  now: number,
  body: Record<string, unknown>,
): Package & Record<string, unknown> {
  const extra: Record<string, unknown> = {}
  for (const name of uploadOnlyFields(pkg.format))
    if (body[name] !== undefined) extra[name] = body[name]
  return { ...serializePackage(pkg, origin, now), ...extra }
}

/** syncView's stage is a plain number; it stays within the document's 0-12 enum (0-9). */
function sync(view: SyncView) {
  return { ...view, stage: view.stage as NonNullable<Package['stage']> }
}

function capabilities(view: SyncView) {
  const settled = view.is_sync_completed || view.is_sync_failed
  return {
    is_cancellable: view.is_sync_awaiting || view.is_sync_in_progress,
    is_copyable: view.is_sync_completed && !view.is_quarantined,
    is_deleteable: true,
    is_downloadable: view.is_sync_completed && !view.is_quarantined,
    is_moveable: view.is_sync_completed,
    is_quarantinable: view.is_sync_completed,
    is_resyncable: settled,
    is_security_scannable: view.is_sync_completed,
  }
}

export function serializePackageStatus(
  pkg: PackageRecord,
  origin: string,
  now: number,
): PackageStatus {
  const view = syncView(pkg, now)
  return {
    self_url: packageUrls(pkg, origin).self_url,
    ...sync(view),
    ...capabilities(view),
  } satisfies PackageStatus
}

export function serializeNamespace(namespace: Namespace): NamespaceShape {
  return {
    name: namespace.name,
    slug: namespace.slug,
    slug_perm: namespace.slug_perm,
    type_name: namespace.kind,
  }
}
