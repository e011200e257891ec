/**
 * Every search field Cloudsmith documents for packages (docs.cloudsmith.com, "Package Search
 * Syntax", and the "Search syntax" help of the web app), with how the mock reads each from a
 * stored package. Fields about things the mock does not model (dependencies, scans, policies,
 * entitlement tokens, Docker digests) are accepted and read as absent: no dependency matches,
 * no policy is violated.
 */
import type { PackageRecord } from '../../src/core/db/schemas.ts'
import { fileChecksums } from '../content.ts'
import { packageTypes } from '../serialize.ts'
import { statusWord, syncView } from '../sync.ts'
import { isPrerelease } from './versions.ts'

type Read<T> = (pkg: PackageRecord, now: number) => T

export type SearchField =
  /** `whole`: compared whole unless anchors or wildcards say otherwise (`format:deb`). */
  | { kind: 'text'; whole: boolean; read: Read<readonly string[]>; readsClock?: boolean }
  | { kind: 'version'; read: Read<string | null> }
  | { kind: 'number'; read: Read<number | null> }
  | { kind: 'date'; read: Read<number | null> }
  | { kind: 'boolean'; read: Read<boolean> }

const none: Read<readonly string[]> = () => []
const text = (read: Read<readonly string[]>, whole = false, readsClock = false): SearchField => ({
  kind: 'text',
  whole,
  read,
  readsClock,
})

const typeWords: Record<number, string> = { 1: 'binary', 2: 'source', 3: 'combined' }

/**
 * The package's architecture: the stored one when the record has it, else the one its file name
 * carries by convention (`x_1.0_arm64.deb`, `x-1.0-1.x86_64.rpm`).
 */
export function architecturesOf(pkg: PackageRecord): string[] {
  if ('architecture' in pkg && typeof pkg.architecture === 'string') return [pkg.architecture]
  const found =
    (pkg.format === 'deb' && /_([a-z0-9]+)\.u?deb$/i.exec(pkg.filename)) ||
    (pkg.format === 'rpm' && /\.([a-z0-9_]+)\.rpm$/i.exec(pkg.filename)) ||
    null
  return found ? [found[1]!] : []
}

// Debian, RPM and Alpine versions end in a packaging revision (`7.1.0-1`, `1.2-r0`), not a tag.
const revisioned = new Set(['deb', 'rpm', 'alpine'])

function prerelease(pkg: PackageRecord): boolean {
  if (pkg.version === null) return false
  const upstream = revisioned.has(pkg.format) ? pkg.version.replace(/-[^-]*$/, '') : pkg.version
  return isPrerelease(upstream)
}

const tagsOf = (pkg: PackageRecord) => [
  ...Object.values(pkg.tags).flat(),
  ...Object.values(pkg.tags_immutable).flat(),
]

/** By lower-case name; a Map, so `constructor:` or `__proto__:` are unknown, not inherited. */
export const searchFields = new Map<string, SearchField>([
  ['name', text((p) => [p.name])],
  ['filename', text((p) => [p.filename])],
  ['tag', text(tagsOf)],
  ['version', { kind: 'version', read: (p) => p.version }],
  ['prerelease', { kind: 'boolean', read: prerelease }],
  ['architecture', text(architecturesOf)],
  ['distribution', text((p) => (p.distribution ? [p.distribution] : []))],
  ['license', text((p) => (p.license ? [p.license] : []))],
  ['format', text((p) => [p.format], true)],
  ['status', text((p, now) => [statusWord(syncView(p, now))], true, true)],
  [
    'checksum',
    // Seeded files' digests are worked out here on first search (handlers/content.ts).
    text((p) => p.files.flatMap((f) => Object.values(fileChecksums(f)))),
  ],
  ['type', text((p) => [typeWords[packageTypes[p.format] ?? 1] ?? ''], true)],
  ['downloads', { kind: 'number', read: (p) => p.downloads }],
  ['size', { kind: 'number', read: (p) => p.size }],
  ['uploaded', { kind: 'date', read: (p) => p.uploaded_at }],
  ['uploader', text((p) => [p.uploader])],
  ['repository', text((p) => [p.repository])],
  // Not modelled by the mock: nothing was downloaded on a date, scanned, or depends on anything.
  ['last_downloaded', { kind: 'date', read: () => null }],
  ['vulnerabilities', { kind: 'number', read: () => null }],
  ['severity', text(none)],
  ['dependency', text(none)],
  ['token', text(none)],
  ['entitlement', text(none)],
  ['deb_component', text(none)],
  ['docker_image_digest', text(none)],
  ['docker_layer_digest', text(none)],
  ['maven_group_id', text(none)],
  ['policy_violated', { kind: 'boolean', read: () => false }],
  ['deny_policy_violated', { kind: 'boolean', read: () => false }],
  ['license_policy_violated', { kind: 'boolean', read: () => false }],
  ['vulnerability_policy_violated', { kind: 'boolean', read: () => false }],
])

/**
 * What a bare word searches: name, filename, version, architecture and distribution, as the
 * CLI's `list packages --help` says, and tags, as the web app's search help says.
 */
export function implicitValues(pkg: PackageRecord): string[] {
  return [
    pkg.name,
    pkg.filename,
    ...(pkg.version === null ? [] : [pkg.version]),
    ...architecturesOf(pkg),
    ...(pkg.distribution ? [pkg.distribution] : []),
    ...tagsOf(pkg),
  ]
}
