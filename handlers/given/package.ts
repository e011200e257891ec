/**
 * Factories for packages and what hangs off them: the package factory builds a record as an
 * upload would (handlers/uploads.ts: slug, derived name and version, the duplicate rule of
 * handlers/package-identity.ts), then sets the sync state its traits ask for; `file` is an
 * upload ready to become a package; `tag` tags a package as `packages_tag` does.
 */
import {
  buildPackage,
  fileShape,
  fixtureFormats,
  hex,
  permId,
  seededName,
} from '../../fixtures/index.ts'
import { repoKey } from '../../src/core/db/database.ts'
import type { PackageRecord, RepositoryRecord, SyncPlan } from '../../src/core/db/schemas.ts'
import type { Package } from '../../src/generated/types.ts'
import { deriveFields } from '../package-derive.ts'
import { duplicateReason, identityKey } from '../package-identity.ts'
import { serializePackage } from '../serialize.ts'
import { syncView } from '../sync.ts'
import { recyclePackage } from '../resources/recycle-bin/recycle-bin.ts'
import { defineFactory, refuse, type FactoryEnv, type Traits } from './definition.ts'
import { fileFields, packageFields, tagFields } from './fields.ts'
import type * as z from 'zod'
import type { GivenUser } from './people.ts'
import { requireUser } from './people.ts'
import { repositoryAnswer, requireRepository } from './repository.ts'

type PackageFields = z.output<typeof packageFields>

/** Steps of a sync the `syncing` and `awaitingSync` traits start, and the hour it would take. */
const PENDING_STEPS = 4
const PENDING_MS = 3_600_000
/** The reason of `syncFailed` without one (the default dataset's failed packages say the same). */
export const DEFAULT_FAILURE = 'Failed to extract package metadata.'

const syncTraits = ['quarantined', 'syncFailed', 'syncing', 'awaitingSync', 'duplicate']

/** The answer for a stored package, at the mock's current time. */
export function packageAnswer(env: FactoryEnv, pkg: PackageRecord): Package {
  return serializePackage(pkg, env.origin, env.state.clock.now())
}

/** The repository a record goes to: the one named, else a new one (in `namespace` if given). */
export async function targetRepository(
  env: FactoryEnv,
  fields: { repository?: string | undefined; namespace?: string | undefined },
  /** Traits of the repository made when none is named. */
  traits: unknown[] = [],
): Promise<RepositoryRecord> {
  if (fields.repository) return requireRepository(env, fields.repository, fields.namespace)
  const made = (await env.make(
    'repository',
    fields.namespace ? { namespace: fields.namespace } : {},
    traits,
  )) as { namespace: string; slug: string }
  return env.state.db.findRepository(made.namespace, made.slug)!
}

/** Who uploads to `repo` when nobody is named: its user, an owner of its organisation, a user. */
async function defaultUploader(env: FactoryEnv, repo: RepositoryRecord): Promise<string> {
  const db = env.state.db
  if (db.namespaces.get(repo.namespace)?.kind === 'User') return repo.namespace
  const owners = db.memberships
    .all()
    .filter((m) => m.org === repo.namespace && (m.role === 'Owner' || m.role === 'Manager'))
    .map((m) => m.user)
    .sort()
  if (owners[0]) return owners[0]
  const users = db.namespaces
    .all()
    .filter((n) => n.kind === 'User')
    .map((n) => n.slug)
    .sort()
  return users[0] ?? ((await env.make('user')) as GivenUser).slug
}

/**
 * The identity fields, given the builder's seeded base name and version: from the file name as
 * an upload reads it, else the ecosystem's shape of the name and version given or seeded.
 */
function identity(format: string, fields: PackageFields, base: string, seeded: string) {
  if (fields.filename) {
    const body =
      format === 'maven'
        ? { artifact_id: fields.name, version: fields.version, group_id: fields.group_id }
        : { name: fields.name, version: fields.version }
    const derived = deriveFields(format, fields.filename, body)
    return {
      name: derived.name,
      version: fields.version === null ? null : derived.version,
      filename: fields.filename,
      distribution: fields.distribution ?? derived.distribution,
      group_id: derived.group_id,
    }
  }
  // The name's last segment (`@acme/left-pad` -> `left-pad`), case kept: NuGet ids have one.
  const given = fields.name
    ?.split('/')
    .pop()!
    .replace(/[^A-Za-z0-9._-]+/g, '-')
  const version = fields.version === undefined ? seeded : fields.version
  const shape = fileShape(format, given || base, version ?? '0')
  return {
    name: fields.name ?? shape.name,
    version: fields.version === undefined ? shape.version : version,
    filename: version === null ? shape.filename.replace(/[-_.]0(?=[-_.])/, '') : shape.filename,
    distribution: fields.distribution !== undefined ? fields.distribution : shape.distribution,
    group_id: format === 'maven' ? (fields.group_id ?? null) : null,
  }
}

function tagsOf(env: FactoryEnv, fields: PackageFields, traits: Traits) {
  const tags: Record<string, string[]> = Array.isArray(fields.tags)
    ? { info: [...fields.tags] }
    : { ...(fields.tags ?? {}) }
  for (const added of traits.arguments('withTags') as string[][])
    tags.info = [...(tags.info ?? []), ...added]
  for (const type of Object.keys(tags)) tags[type] = [...new Set(tags[type])].sort()
  if (!traits.has('immutableTags')) return { tags, tags_immutable: {} }
  if (Object.keys(tags).length === 0)
    refuse(
      env,
      'traits',
      'immutableTags makes the package\'s tags immutable: give `tags` or withTags(["..."]) too',
    )
  return { tags: {}, tags_immutable: tags }
}

function plannedSync(env: FactoryEnv, traits: Traits, uploadedAt: number): SyncPlan {
  const now = env.state.clock.now()
  if (traits.has('syncFailed'))
    return {
      started_at: uploadedAt,
      steps: 0,
      polled: 0,
      outcome: 'failed',
      reason: (traits.argument('syncFailed') as string | undefined) ?? DEFAULT_FAILURE,
    }
  if (traits.has('syncing') || traits.has('awaitingSync'))
    return {
      started_at: now,
      steps: PENDING_STEPS,
      polled: traits.has('syncing') ? 1 : 0,
      duration_ms: PENDING_MS,
      outcome: 'completed',
      reason: null,
    }
  return { started_at: uploadedAt, steps: 0, polled: 0, outcome: 'completed', reason: null }
}

/** Live packages of `repo` with `candidate`'s identity (failed ones do not count, as for uploads). */
function clashes(env: FactoryEnv, repo: RepositoryRecord, candidate: PackageRecord): boolean {
  const key = identityKey(candidate)
  const now = env.state.clock.now()
  return env.state.db.packages
    .group(repoKey(repo.namespace, repo.slug))
    .some((pkg) => identityKey(pkg) === key && !syncView(pkg, now).is_sync_failed)
}

/**
 * Stores one package. Seeded names and versions are drawn again (up to ten times) rather than
 * clash with a package already there; a clash the caller asked for (both given, or `duplicate`)
 * makes a duplicate whose sync fails as the API's would.
 */
export async function createPackage(
  env: FactoryEnv,
  fields: PackageFields,
  traits: Traits,
): Promise<PackageRecord> {
  const chosen = [...new Set(traits.list.map((t) => t.name).filter((n) => syncTraits.includes(n)))]
  if (chosen.length > 1)
    refuse(
      env,
      'traits',
      `a package is in one sync state: ${chosen.join(' and ')} do not go together. Sync traits: ${syncTraits.join(', ')}`,
    )
  const repo = await targetRepository(env, fields)
  const uploader = fields.uploader
    ? requireUser(env, 'uploader', fields.uploader).slug
    : await defaultUploader(env, repo)
  const tagged = tagsOf(env, fields, traits)
  const seededIdentity = fields.version === undefined || (!fields.name && !fields.filename)
  let record: PackageRecord | undefined
  for (let attempt = 0; attempt < 10; attempt++) {
    const f = env.faker('packages')
    const format = fields.format ?? f.helpers.arrayElement(fixtureFormats)
    const now = env.state.clock.now()
    const uploadedAt = fields.uploaded_at ?? now
    // The presets' builder, with what a fresh upload has: uploaded now, no downloads yet, the
    // sync its traits ask for.
    record = buildPackage(
      f,
      { namespace: repo.namespace, repository: repo.slug, format, uploader, now },
      {
        identity: (base, version) => identity(format, fields, base, version),
        ...(fields.size !== undefined ? { size: fields.size } : {}),
        uploaded_at: uploadedAt,
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        ...(fields.summary !== undefined ? { summary: fields.summary } : {}),
        ...(fields.license !== undefined ? { license: fields.license } : {}),
        downloads: fields.downloads ?? 0,
        ...tagged,
        sync: plannedSync(env, traits, uploadedAt),
        quarantined: traits.has('quarantined'),
      },
    )
    if (!seededIdentity || traits.has('duplicate') || !clashes(env, repo, record)) break
  }
  const candidate = record!
  if (traits.has('duplicate') && !clashes(env, repo, candidate))
    // The package it duplicates, stored first: same identity, completed.
    await env.make('package', {
      repository: `${repo.namespace}/${repo.slug}`,
      format: candidate.format,
      name: candidate.name,
      version: candidate.version,
      filename: candidate.filename,
      distribution: candidate.distribution,
      ...(candidate.group_id ? { group_id: candidate.group_id } : {}),
      uploader,
    })
  const stored = clashes(env, repo, candidate)
    ? {
        ...candidate,
        sync: {
          started_at: env.state.clock.now(),
          steps: 0,
          polled: 0,
          outcome: 'failed' as const,
          reason: duplicateReason(candidate),
        },
      }
    : candidate
  const inserted = await env.state.db.packages.insert(stored)
  // Deleted as packages_delete deletes: into the recycle bin, where recycle-bin_list shows it
  // and its restore action brings it back.
  if (traits.has('deletedToRecycleBin'))
    await recyclePackage(env.state, inserted, inserted.uploader)
  return inserted
}

export const packageFactory = defineFactory({
  fields: packageFields,
  traits: {
    quarantined: 'none',
    syncFailed: 'optional-text',
    syncing: 'none',
    awaitingSync: 'none',
    duplicate: 'none',
    withTags: 'texts',
    immutableTags: 'none',
    deletedToRecycleBin: 'none',
  },
  async create(env, fields, traits): Promise<Package> {
    return packageAnswer(env, await createPackage(env, fields, traits))
  },
})

/** An uploaded file not yet made a package: its identifier is a `package_file` for an upload. */
export interface GivenFile {
  identifier: string
  namespace: string
  repository: string
  filename: string
  size: number
  md5_checksum: string
  sha256_checksum: string
}

export const fileFactory = defineFactory({
  fields: fileFields,
  traits: {},
  async create(env, fields): Promise<GivenFile> {
    const repo = await targetRepository(env, fields)
    const user = fields.user
      ? requireUser(env, 'user', fields.user).slug
      : await defaultUploader(env, repo)
    const f = env.faker('files')
    const filename = fields.filename ?? fileShape('raw', seededName(f), f.system.semver()).filename
    const md5 = hex(f, 32)
    const sha256 = hex(f, 64)
    const size = fields.size ?? f.number.int({ min: 512, max: 5_000_000 })
    const upload = await env.state.db.uploads.insert({
      identifier: permId(f).toLowerCase(),
      namespace: repo.namespace,
      repository: repo.slug,
      user,
      filename,
      method: 'post',
      md5_checksum: null,
      sha256_checksum: null,
      created_at: env.state.clock.now(),
      size,
      parts: 1,
      state: 'received',
      sha256,
      md5,
    })
    return {
      identifier: upload.identifier,
      namespace: upload.namespace,
      repository: upload.repository,
      filename: upload.filename,
      size: upload.size,
      md5_checksum: md5,
      sha256_checksum: sha256,
    }
  },
})

export const tagFactory = defineFactory({
  fields: tagFields,
  traits: {},
  async create(env, fields): Promise<Package> {
    const db = env.state.db
    let pkg: PackageRecord | undefined
    if (fields.package) {
      if (!fields.repository)
        refuse(env, 'repository', 'name the repository of the package to tag ("namespace/slug")')
      const repo = requireRepository(env, fields.repository, fields.namespace)
      pkg = db.findPackage(repo.namespace, repo.slug, fields.package)
      if (!pkg)
        refuse(
          env,
          'package',
          `no package "${fields.package.slice(0, 60)}" in ${repo.namespace}/${repo.slug}: give its slug_perm or slug`,
        )
    } else {
      const made = (await env.make(
        'package',
        fields.repository ? { repository: fields.repository, namespace: fields.namespace } : {},
      )) as Package
      pkg = db.packages.get(made.slug_perm!)!
    }
    const tags = fields.tags ?? ['latest']
    const updated = await db.packages.update(pkg.slug_perm, (draft) => {
      const bag = fields.immutable ? draft.tags_immutable : draft.tags
      bag.info = [...new Set([...(bag.info ?? []), ...tags])].sort()
    })
    return packageAnswer(env, updated!)
  },
})

export { repositoryAnswer }
