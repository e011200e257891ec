/**
 * Package fields derived from an uploaded file and the upload's request fields, per format.
 * Cloudsmith reads them from the package's own metadata (control file, POM, .nuspec, wheel
 * METADATA); the mock keeps no content, so it reads the file name conventions each ecosystem's
 * tools follow. docs/package-identity.md lists the rules and the assumptions.
 */

/** What a file name tells: null where the convention does not carry it. */
export interface FileCoordinates {
  name: string
  version: string | null
  architecture: string | null
  /** The RPM release (`1` in `hello-2.10-1.x86_64.rpm`), Package's `release`. */
  release: string | null
}

type Rule = (filename: string) => FileCoordinates | null

const parts = (
  name: string,
  version: string | null,
  architecture: string | null = null,
  release: string | null = null,
): FileCoordinates => ({ name, version, architecture, release })

// name_version_arch.deb (dpkg-name); the version keeps its Debian revision (1.2.0-1).
const deb: Rule = (f) => {
  const m = /^([^_]+)_([^_]+)_([^_.]+)\.[ud]?deb$/i.exec(f)
  return m ? parts(m[1]!, m[2]!, m[3]!) : null
}

// name-version-release.arch.rpm (rpmbuild).
const rpm: Rule = (f) => {
  const m = /^(.+)-([^-]+)-([^-]+)\.([^.]+)\.rpm$/i.exec(f)
  return m ? parts(m[1]!, m[2]!, m[4]!, m[3]!) : null
}

// abuild's name-version-rN.apk (no architecture in the name), or nfpm's name_version_arch.apk.
const alpine: Rule = (f) => {
  const nfpm = /^([^_]+)_([^_]+)_([^_.]+)\.apk$/i.exec(f)
  if (nfpm) return parts(nfpm[1]!, nfpm[2]!, nfpm[3]!)
  const abuild = /^(.+)-([^-]+-r\d+)\.apk$/i.exec(f)
  return abuild ? parts(abuild[1]!, abuild[2]!) : null
}

// name-version(-build)-python-abi-platform.whl (PEP 427).
const wheel: Rule = (f) => {
  const m = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(f)
  return m ? parts(m[1]!, m[2]!) : null
}

// Id.Version.nupkg (nuget pack): the version starts at the first dot-separated number.
const nuget: Rule = (f) => {
  const m = /^(.+?)\.(\d+(?:\.\d+){1,3}(?:-[0-9a-z.-]+)?)\.s?nupkg$/i.exec(f)
  return m ? parts(m[1]!, m[2]!) : null
}

// artifactId-version(-classifier).ext (Maven repository layout).
const maven: Rule = (f) => {
  const m = /^(.+?)-(\d[\w.]*(?:-SNAPSHOT)?)(?:-[a-z][\w-]*)?\.(?:jar|war|ear|aar|pom|zip)$/i.exec(
    f,
  )
  return m ? parts(m[1]!, m[2]!) : null
}

// name-version.ext and name_version.ext, for the many formats that follow it (npm, helm, gem...).
const conventional: Rule = (f) => {
  const stem = f.replace(/(\.tar)?\.[a-z0-9]+$/i, '')
  const m = /^(.+?)[-_]v?(\d+(?:\.\d+)*(?:[-.+~][\w.]+)?)$/.exec(stem)
  return m ? parts(m[1]!, m[2]!) : parts(stem || f, null)
}

const rules: Record<string, Rule[]> = {
  alpine: [alpine],
  deb: [deb],
  maven: [maven],
  nuget: [nuget],
  python: [wheel],
  rpm: [rpm],
}

/**
 * name, version, architecture and release from `filename` by `format`'s conventions; raw
 * files keep their whole name and no version (Cloudsmith's webhook example: name "my-file.deb",
 * version null).
 * @example
 * fileCoordinates('deb', 'x_1.2.0-1_arm64.deb') // { name: 'x', version: '1.2.0-1', architecture: 'arm64', release: null }
 * fileCoordinates('raw', 'notes.txt') // { name: 'notes.txt', version: null, ... }
 */
export function fileCoordinates(format: string, filename: string): FileCoordinates {
  if (format === 'raw') return parts(filename, null)
  for (const rule of rules[format] ?? []) {
    const found = rule(filename)
    if (found) return found
  }
  return conventional(filename)!
}

/** Fields of a new package: from the request where it names them, else from the file. */
export interface DerivedFields {
  name: string
  version: string | null
  distribution: string | null
  group_id: string | null
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() ? value.trim() : null

/**
 * A new package's name, version, distribution and (maven) group_id. Request fields win:
 * `name`/`version` (raw, generic, swift, vagrant...), maven's `artifact_id`/`version`/`group_id`.
 * @example
 * deriveFields('maven', 'lib-1.0.jar', { artifact_id: 'core', group_id: 'io.acme' })
 * // { name: 'core', version: '1.0', distribution: null, group_id: 'io.acme' }
 */
export function deriveFields(
  format: string,
  filename: string,
  body: Record<string, unknown>,
): DerivedFields {
  const file = fileCoordinates(format, filename)
  const requestedName = format === 'maven' ? text(body.artifact_id) : text(body.name)
  return {
    name: requestedName ?? file.name,
    version: text(body.version) ?? file.version,
    distribution: text(body.distribution),
    group_id: format === 'maven' ? text(body.group_id) : null,
  }
}
