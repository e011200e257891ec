/**
 * `packages_upload_<format>` and `packages_validate-upload_<format>` for every format in the
 * document: the body is checked against that format's request schema by the pipeline; the
 * package is created from an uploaded file identifier and starts its sync.
 */
import { repoKey } from '../src/core/db/database.ts'
import { errors } from '../src/core/errors.ts'
import { packageFormats } from '../src/core/openapi/index.ts'
import { entityFaker, hex, permId, slugify } from '../fixtures/index.ts'
import { repoWithLevel } from './access.ts'
import { nextId, type RouteContext } from './context.ts'
import { defineRoute, type RouteDefinition } from './define-route.ts'
import { serializeUploadedPackage } from './serialize.ts'

/** name and version from a file name such as `tool-1.2.3.tar.gz` (real Cloudsmith reads metadata). */
function fromFilename(filename: string): { name: string; version: string | null } {
  // Ecosystems whose file names put more than the version after the name:
  // name_version_arch.deb, name-version-release.arch.rpm, name-version(-build)-py-abi-platform.whl.
  const conventional =
    /^([^_]+)_([^_]+)_[^_]+\.u?deb$/i.exec(filename) ??
    /^(.+)-([^-]+)-[^-]+\.[^.]+\.rpm$/i.exec(filename) ??
    /^([^-]+)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i.exec(filename)
  if (conventional) return { name: conventional[1]!, version: conventional[2]! }
  const stem = filename.replace(/(\.tar)?\.[a-z0-9]+$/i, '')
  const match = /^(.+?)[-_]v?(\d+(?:\.\d+)*(?:[-.+~][\w.]+)?)$/.exec(stem)
  return match ? { name: match[1]!, version: match[2]! } : { name: stem || filename, version: null }
}

async function upload(ctx: RouteContext, format: string) {
  const repo = repoWithLevel(ctx, ctx.params.owner!, ctx.params.repo!, 'write')
  const body = ctx.body
  const identifier = String(body.package_file)
  const file = ctx.state.db.uploads.get(identifier)
  if (
    !file ||
    file.namespace !== repo.namespace ||
    file.repository !== repo.slug ||
    (file.state !== 'received' && file.state !== 'completed')
  )
    throw errors.invalid({
      package_file: [
        `Package file "${identifier.slice(0, 100)}" does not exist or has not been uploaded.`,
      ],
    })
  const guessed = fromFilename(file.filename)
  const name = typeof body.name === 'string' && body.name ? body.name : guessed.name
  const version = typeof body.version === 'string' && body.version ? body.version : guessed.version
  const now = ctx.state.clock.now()
  const key = repoKey(repo.namespace, repo.slug)
  const duplicate = ctx.state.db.packages
    .group(key)
    .find((p) => p.format === format && p.name === name && p.version === version)
  if (duplicate && body.republish === true) ctx.state.db.packages.remove(duplicate.slug_perm)
  const f = entityFaker(ctx.state.seed, 'runtime:packages', nextId(ctx.state, 'packages'))
  const slugPerm = permId(f)
  const checksums = {
    checksum_md5: file.md5_checksum ?? hex(f, 32),
    checksum_sha1: hex(f, 40),
    checksum_sha256: file.sha256 ?? file.sha256_checksum ?? hex(f, 64),
    checksum_sha512: hex(f, 128),
  }
  const tags =
    typeof body.tags === 'string' && body.tags.trim()
      ? body.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : []
  const pkg = await ctx.state.db.packages.insert({
    slug_perm: slugPerm,
    slug: `${slugify(name)}-${slugify(version ?? 'latest')}-${slugPerm.slice(0, 4).toLowerCase()}`,
    namespace: repo.namespace,
    repository: repo.slug,
    name,
    version,
    format,
    distribution: typeof body.distribution === 'string' ? body.distribution : null,
    filename: file.filename,
    size: file.size,
    files: [
      {
        slug_perm: permId(f),
        filename: file.filename,
        size: file.size,
        is_primary: true,
        ...checksums,
      },
    ],
    tags: tags.length ? { info: tags } : {},
    tags_immutable: {},
    uploader: ctx.identity!.user,
    uploaded_at: now,
    description: typeof body.description === 'string' ? body.description : null,
    summary: typeof body.summary === 'string' ? body.summary : null,
    license: null,
    downloads: 0,
    sync:
      duplicate && body.republish !== true
        ? {
            started_at: now,
            steps: ctx.sync.steps,
            duration_ms: ctx.sync.durationMs,
            polled: 0,
            outcome: 'failed',
            reason: 'This package has been flagged as a duplicate; use republish to overwrite it.',
          }
        : {
            started_at: now,
            steps: ctx.sync.steps,
            duration_ms: ctx.sync.durationMs,
            polled: 0,
            outcome: ctx.sync.outcome,
            reason: ctx.sync.reason,
          },
    quarantined: false,
    upload: file.identifier,
  })
  await ctx.state.db.uploads.update(file.identifier, (draft) => {
    draft.state = 'consumed'
  })
  return { status: 201, body: serializeUploadedPackage(pkg, ctx.origin, now, body) }
}

export const uploadRoutes: RouteDefinition[] = packageFormats.flatMap((format) => [
  defineRoute({
    operationId: `packages_upload_${format}`,
    method: 'POST',
    path: `/packages/{owner}/{repo}/upload/${format}/`,
    access: 'required',
    handle: (ctx) => upload(ctx, format),
  }),
  defineRoute({
    operationId: `packages_validate-upload_${format}`,
    method: 'POST',
    path: `/packages/{owner}/{repo}/validate-upload/${format}/`,
    access: 'required',
    // Validation only: the CLI sends the local file path as package_file before any upload.
    handle(ctx) {
      repoWithLevel(ctx, ctx.params.owner!, ctx.params.repo!, 'write')
      return { status: 204 }
    },
  }),
])
