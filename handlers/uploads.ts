/**
 * `packages_upload_<format>` and `packages_validate-upload_<format>` for every format in the
 * document: the body is checked against that format's request schema by the pipeline; the
 * package is created from an uploaded file identifier and starts its sync.
 */
import type { PackageRecord } from '../src/core/db/schemas.ts'
import { errors } from '../src/core/errors.ts'
import { packageFormats } from '../src/core/openapi/index.ts'
import { entityFaker, hex, packageSlug, permId } from '../fixtures/index.ts'
import { repoWithLevel } from './access.ts'
import { nextId, type RouteContext } from './context.ts'
import { checksumsOf, fromBase64 } from './content.ts'
import { defineRoute, type RouteDefinition } from './define-route.ts'
import { arrive, settleArrival } from './package-arrival.ts'
import { deriveFields } from './package-derive.ts'
import { serializeUploadedPackage } from './serialize.ts'

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
  const derived = deriveFields(format, file.filename, body)
  const { name, version } = derived
  const now = ctx.state.clock.now()
  const f = entityFaker(ctx.state.seed, 'runtime:packages', nextId(ctx.state, 'packages'))
  const slugPerm = permId(f)
  // Kept bytes give every checksum; a file too large to keep has the digests taken as it
  // streamed (handlers/upload-body.ts), and stand-ins for the two never computed.
  const kept = file.content ? fromBase64(file.content) : null
  const checksums = kept
    ? checksumsOf(kept)
    : {
        checksum_md5: file.md5 ?? file.md5_checksum?.toLowerCase() ?? hex(f, 32),
        checksum_sha1: hex(f, 40),
        checksum_sha256: file.sha256 ?? file.sha256_checksum?.toLowerCase() ?? hex(f, 64),
        checksum_sha512: hex(f, 128),
      }
  const tags =
    typeof body.tags === 'string' && body.tags.trim()
      ? body.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : []
  const record: PackageRecord = {
    slug_perm: slugPerm,
    slug: packageSlug(name, version, slugPerm),
    namespace: repo.namespace,
    repository: repo.slug,
    name,
    version,
    format,
    distribution: derived.distribution,
    ...(derived.group_id ? { group_id: derived.group_id } : {}),
    filename: file.filename,
    size: file.size,
    files: [
      {
        slug_perm: permId(f),
        filename: file.filename,
        size: file.size,
        is_primary: true,
        ...checksums,
        ...(file.content ? { content: file.content } : {}),
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
    sync: {
      started_at: now,
      steps: ctx.sync.steps,
      duration_ms: ctx.sync.durationMs,
      polled: 0,
      outcome: ctx.sync.outcome,
      reason: ctx.sync.reason,
    },
    quarantined: false,
    upload: file.identifier,
  }
  const arrival = arrive(ctx, repo, record, body.republish)
  const pkg = await ctx.state.db.packages.insert(
    arrival.duplicate ? { ...record, sync: arrival.duplicate } : record,
  )
  await settleArrival(ctx, pkg, arrival.replaces)
  await ctx.state.db.uploads.update(file.identifier, (draft) => {
    draft.state = 'consumed'
    // The package holds the bytes now; single-use, the upload needs them no more.
    draft.content = null
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
