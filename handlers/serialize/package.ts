/** Package records to Cloudsmith's Package shape, with the real field names. */
import { isoTime } from '../../src/core/clock.ts'
import type { PackageRecord } from '../../src/core/db/schemas.ts'
import type { Package } from '../../src/generated/types.ts'
import { fileCdnUrl } from '../download-urls.ts'
import { fileCoordinates } from '../package-derive.ts'
import { fileChecksums, type Checksums } from '../content.ts'
import { syncView } from '../sync.ts'
import { packageUrls } from './links.ts'
import { capabilities, syncFields } from './package-status.ts'

export const packageTypes: Record<string, 1 | 2 | 3 | 9> = {
  docker: 3,
  maven: 2,
  npm: 2,
  python: 2,
}

/** What a package without files shows for its checksums. */
const NO_CHECKSUMS: Checksums = {
  checksum_md5: '',
  checksum_sha1: '',
  checksum_sha256: '',
  checksum_sha512: '',
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
    // Named one by one: `content` (the kept bytes) is the download's, never part of the JSON.
    files: pkg.files.map((file) => ({
      slug_perm: file.slug_perm,
      filename: file.filename,
      size: file.size,
      is_primary: file.is_primary,
      ...fileChecksums(file),
      cdn_url: fileCdnUrl(origin, pkg, file),
      downloads: 0,
      is_downloadable: ready,
      is_synchronised: ready,
      signature_url: null,
      tag: null,
    })),
    ...(primary ? fileChecksums(primary) : NO_CHECKSUMS),
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
    ...syncFields(view),
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
