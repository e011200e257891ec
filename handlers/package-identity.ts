/**
 * What makes two packages "the same package" in a repository, per format, as Cloudsmith decides
 * duplicates (docs/package-identity.md is this table in prose; a test keeps the two equal). A
 * second upload, copy or move with the same identity is accepted and its sync fails with
 * {@link duplicateReason}, unless `republish: true` or the repository's
 * `replace_packages_by_default` asks to replace the first one.
 */
import type { PackageRecord } from '../src/core/db/schemas.ts'
import { fileCoordinates } from './package-derive.ts'

/** A coordinate of a package's identity: a Package field, or the primary file's name. */
export type Coordinate =
  'name' | 'version' | 'distribution' | 'architecture' | 'group_id' | 'filename'

const nameVersion = ['name', 'version'] as const satisfies readonly Coordinate[]
const distributed = [
  'name',
  'version',
  'distribution',
  'architecture',
] as const satisfies readonly Coordinate[]

/**
 * Identity coordinates per format; formats not listed use `name` + `version` (DEFAULT_IDENTITY).
 * @example
 * identityTable.deb // ['name', 'version', 'distribution', 'architecture']
 */
export const identityTable: Readonly<Record<string, readonly Coordinate[]>> = {
  alpine: distributed,
  deb: distributed,
  rpm: distributed,
  maven: ['group_id', 'name', 'version'],
  // Each distribution file (sdist, one wheel per platform) of a release is its own package.
  python: ['name', 'version', 'filename'],
  npm: nameVersion,
  docker: nameVersion,
  helm: nameVersion,
  nuget: nameVersion,
  raw: nameVersion,
}

export const DEFAULT_IDENTITY: readonly Coordinate[] = nameVersion

/** The coordinates that make up `format`'s identity. */
export function identityOf(format: string): readonly Coordinate[] {
  return identityTable[format] ?? DEFAULT_IDENTITY
}

function coordinate(pkg: PackageRecord, name: Coordinate): string | null {
  switch (name) {
    case 'architecture':
      return fileCoordinates(pkg.format, pkg.filename).architecture
    case 'group_id':
      return pkg.group_id ?? null
    default:
      return pkg[name]
  }
}

/**
 * One string per identity: equal strings, same package. Names compare case-insensitively
 * (npm, PyPI and NuGet names do; a raw file named `Notes.txt` clashing with `notes.txt` is an
 * assumption, see the doc).
 * @example
 * identityKey(debPackage) // 'deb\u0000x\u00001.2.0-1\u0000ubuntu/jammy\u0000arm64'
 */
export function identityKey(pkg: PackageRecord): string {
  const parts = identityOf(pkg.format).map((name) => {
    const value = coordinate(pkg, name) ?? ''
    return name === 'name' ? value.toLowerCase() : value
  })
  return [pkg.format, ...parts].join('\u0000')
}

/** The coordinates and their values, as the duplicate reason quotes them. */
function described(pkg: PackageRecord): string {
  return identityOf(pkg.format)
    .map((name) => `${name.replace('_', ' ')} '${coordinate(pkg, name) ?? ''}'`)
    .join(', ')
}

/**
 * The sync failure of a duplicate. Pieced together from reports of the real text: "A package
 * with ... name 'your-package' ... already exists" (cloudsmith-cli PR #368),
 * "...already exists...Replace Package w/ Same Version was not enabled...This package should be
 * deleted" (agentjp/bdinfo-rs PR #80). The official CLI stops retrying when the reason contains
 * "package should be deleted" (cloudsmith-cli push.py, wait_for_package_sync).
 */
export function duplicateReason(pkg: PackageRecord): string {
  return (
    `A package with the same ${described(pkg)} already exists in this repository. ` +
    'Replace Package w/ Same Version was not enabled (republish was not requested and the ' +
    "repository's replace_packages_by_default is off). This package should be deleted; " +
    'upload it again with republish to replace the existing one.'
  )
}
