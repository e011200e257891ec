/**
 * The upload handshake: request an upload (202 with an `upload_url` the mock itself serves),
 * send the bytes there (multipart POST as to S3, or PUT parts), complete or abort it.
 */
import { repoKey } from '../src/core/db/database.ts'
import type { UploadRecord } from '../src/core/db/schemas.ts'
import { errors } from '../src/core/errors.ts'
import { entityFaker, hex, permId } from '../fixtures/index.ts'
import { repoWithLevel } from './access.ts'
import { nextId, type RouteContext } from './context.ts'
import { defineRoute } from './define-route.ts'
import { toBase64 } from './content.ts'
import { partDigests } from './part-digests.ts'
import { receiveMultipartFile, receiveRaw, type ReceivedFile, type Tee } from './upload-body.ts'

/** Where clients send the bytes: on the mock's own origin, so the flow works in every runtime. */
export const UPLOAD_PATH = '/__uploads/{identifier}/'

/**
 * Upload records never completed (or consumed long ago) must not pile up in a long run: at most
 * MAX_UPLOADS are kept, the oldest dropped first, and any older than UPLOAD_TTL_MS of clock time
 * is dropped when the next upload is requested (about how long a presigned S3 URL lives).
 */
export const MAX_UPLOADS = 1_000
export const UPLOAD_TTL_MS = 60 * 60 * 1000

export function dropStaleUploads(ctx: RouteContext): void {
  const uploads = ctx.state.db.uploads
  const cutoff = ctx.state.clock.now() - UPLOAD_TTL_MS
  let excess = uploads.size - (MAX_UPLOADS - 1)
  // all() lists records in creation order, so the first ones are the oldest.
  for (const upload of uploads.all())
    if (excess-- > 0 || upload.created_at < cutoff) {
      uploads.remove(upload.identifier)
      partDigests(ctx.state).forget(upload.identifier)
    }
}

export const uploadUrl = (ctx: RouteContext, identifier: string) =>
  `${ctx.origin}/__uploads/${identifier}/`

function uploadJson(ctx: RouteContext, upload: UploadRecord) {
  const multipart = upload.method === 'put_parts'
  const f = entityFaker(ctx.state.seed, 'upload-fields', upload.identifier)
  return {
    identifier: upload.identifier,
    upload_url: uploadUrl(ctx, upload.identifier),
    upload_fields: multipart
      ? null
      : {
          key: `${upload.namespace}/${upload.repository}/${upload.identifier}/${upload.filename}`,
          'Content-Type': 'application/octet-stream',
          policy: btoa(`{"expiration":"mock","identifier":"${upload.identifier}"}`),
          'x-amz-algorithm': 'AWS4-HMAC-SHA256',
          'x-amz-signature': hex(f, 64),
        },
    upload_headers: multipart ? { 'Content-Type': 'application/octet-stream' } : null,
    upload_querystring: multipart ? `upload_id=${upload.identifier}` : null,
  }
}

function pendingUpload(ctx: RouteContext): UploadRecord {
  const repo = repoWithLevel(ctx, ctx.params.owner!, ctx.params.repo!, 'write')
  const upload = ctx.state.db.uploads.get(ctx.params.identifier!)
  if (
    !upload ||
    repoKey(upload.namespace, upload.repository) !== repoKey(repo.namespace, repo.slug)
  )
    throw errors.notFound()
  return upload
}

export const fileRoutes = [
  defineRoute({
    operationId: 'files_create',
    method: 'POST',
    path: '/files/{owner}/{repo}/',
    access: 'required',
    async handle(ctx) {
      const repo = repoWithLevel(ctx, ctx.params.owner, ctx.params.repo, 'write')
      dropStaleUploads(ctx)
      const f = entityFaker(ctx.state.seed, 'runtime:uploads', nextId(ctx.state, 'uploads'))
      const upload = await ctx.state.db.uploads.insert({
        identifier: permId(f).toLowerCase(),
        namespace: repo.namespace,
        repository: repo.slug,
        user: ctx.identity.user,
        filename: String(ctx.body.filename),
        method: typeof ctx.body.method === 'string' ? ctx.body.method : 'post',
        md5_checksum: typeof ctx.body.md5_checksum === 'string' ? ctx.body.md5_checksum : null,
        sha256_checksum:
          typeof ctx.body.sha256_checksum === 'string' ? ctx.body.sha256_checksum : null,
        created_at: ctx.state.clock.now(),
        size: 0,
        parts: 0,
        state: 'pending',
        sha256: null,
      })
      return { status: 202, body: uploadJson(ctx, upload) }
    },
  }),
  defineRoute({
    operationId: 'files_validate',
    method: 'POST',
    path: '/files/{owner}/{repo}/validate/',
    access: 'required',
    handle(ctx) {
      repoWithLevel(ctx, ctx.params.owner, ctx.params.repo, 'write')
      return { status: 204 }
    },
  }),
  defineRoute({
    operationId: 'files_info',
    method: 'GET',
    path: '/files/{owner}/{repo}/{identifier}/info/',
    access: 'required',
    handle(ctx) {
      const upload = pendingUpload(ctx)
      if (upload.method !== 'put_parts') throw errors.badRequest('This is not a multipart upload.')
      if (!ctx.query.get('filename'))
        throw errors.invalid({ filename: ['This field is required.'] })
      const part = Number(ctx.query.get('part_number') ?? '1')
      return {
        status: 200,
        body: {
          identifier: upload.identifier,
          upload_url: uploadUrl(ctx, upload.identifier),
          upload_querystring: `upload_id=${upload.identifier}&part_number=${part}`,
        },
      }
    },
  }),
  defineRoute({
    operationId: 'files_complete',
    method: 'POST',
    path: '/files/{owner}/{repo}/{identifier}/complete/',
    access: 'required',
    // The CLI completes multipart uploads with {"upload_id", "complete"}: no filename.
    body: 'json-unchecked',
    async handle(ctx) {
      const upload = pendingUpload(ctx)
      if (upload.state !== 'received' && upload.state !== 'completed')
        throw errors.badRequest('The upload could not be completed: no data was received.')
      const whole =
        upload.method === 'put_parts' ? partDigests(ctx.state).finish(upload.identifier) : null
      if (whole) {
        try {
          checkDigests(upload, { md5: whole.checksum_md5, sha256: whole.checksum_sha256 })
        } catch (thrown) {
          ctx.state.spool.delete(upload.identifier)
          throw thrown
        }
      }
      const done = await ctx.state.db.uploads.update(upload.identifier, (draft) => {
        draft.state = 'completed'
        if (whole) {
          draft.sha256 = whole.checksum_sha256
          draft.md5 = whole.checksum_md5
          draft.sha1 = whole.checksum_sha1
          draft.sha512 = whole.checksum_sha512
        }
      })
      return { status: 201, body: uploadJson(ctx, done!) }
    },
  }),
  defineRoute({
    operationId: 'files_abort',
    method: 'POST',
    path: '/files/{owner}/{repo}/{identifier}/abort/',
    access: 'required',
    body: 'json-unchecked',
    handle(ctx) {
      const upload = pendingUpload(ctx)
      if (upload.state === 'consumed')
        throw errors.badRequest('The upload has already been used to create a package.')
      ctx.state.db.uploads.remove(upload.identifier)
      partDigests(ctx.state).forget(upload.identifier)
      return { status: 204 }
    },
  }),
]

/** A checksum given at `files_create` that the bytes received do not match: 422 naming it. */
function checkDigests(
  upload: UploadRecord,
  digests: { md5: string | null; sha256: string | null },
): void {
  const fields: Record<string, string[]> = {}
  const differs = (given: string | null, actual: string | null) =>
    given !== null && actual !== null && given.toLowerCase() !== actual
  if (differs(upload.md5_checksum, digests.md5))
    fields.md5_checksum = ['The MD5 checksum of the uploaded file does not match.']
  if (differs(upload.sha256_checksum, digests.sha256))
    fields.sha256_checksum = ['The SHA-256 checksum of the uploaded file does not match.']
  if (Object.keys(fields).length)
    throw errors.invalid(fields, 'The uploaded file does not match the checksum given.')
}

/**
 * Records a whole file (a single upload). The bytes were read and hashed outside the write
 * queue; the record is looked up again inside it, as it may have been aborted, consumed or
 * dropped meanwhile.
 */
async function record(ctx: RouteContext, file: ReceivedFile): Promise<void> {
  try {
    await recordWhole(ctx, file)
  } catch (thrown) {
    ctx.state.spool.delete(ctx.params.identifier!)
    throw thrown
  }
}

async function recordWhole(ctx: RouteContext, file: ReceivedFile): Promise<void> {
  await ctx.write(async () => {
    const upload = ctx.state.db.uploads.get(ctx.params.identifier!)
    if (!upload || upload.state === 'consumed' || upload.state === 'aborted')
      throw errors.notFound()
    checkDigests(upload, file)
    await ctx.state.db.uploads.update(upload.identifier, (draft) => {
      draft.size = file.size
      draft.parts = 1
      draft.sha256 = file.sha256
      draft.md5 = file.md5
      draft.sha1 = file.sha1
      draft.sha512 = file.sha512
      draft.content = file.bytes ? toBase64(file.bytes) : null
      draft.state = 'received'
    })
  })
}

/** Records one part of a multipart upload; the whole file's digests are checked at `complete`. */
async function recordPart(ctx: RouteContext, file: ReceivedFile): Promise<void> {
  await ctx.write(async () => {
    const upload = ctx.state.db.uploads.get(ctx.params.identifier!)
    if (!upload || upload.state === 'consumed' || upload.state === 'aborted')
      throw errors.notFound()
    await ctx.state.db.uploads.update(upload.identifier, (draft) => {
      draft.size += file.size
      draft.parts += 1
      draft.sha256 = null
      draft.md5 = null
      draft.sha1 = null
      draft.sha512 = null
      draft.content = null
      draft.state = 'received'
    })
  })
}

/**
 * Receives a whole file with its bytes going to the spool under the upload's identifier as they
 * stream; they stay there only when the record cannot keep them (over KEEP_BYTES) and the
 * upload is recorded.
 */
export async function spooled(
  ctx: RouteContext,
  receive: (tee: Tee) => Promise<ReceivedFile>,
  key = ctx.params.identifier!,
): Promise<ReceivedFile> {
  const writer = ctx.state.spool.writer(key)
  let file: ReceivedFile
  try {
    file = await receive((chunk) => writer.write(chunk))
  } catch (thrown) {
    writer.drop()
    throw thrown
  }
  if (file.bytes) writer.drop()
  else writer.done()
  return file
}

/** Refuses before a byte is read when there is nothing to upload to. */
function expectUpload(ctx: RouteContext): void {
  const upload = ctx.state.db.uploads.get(ctx.params.identifier!)
  if (!upload || upload.state === 'consumed' || upload.state === 'aborted') throw errors.notFound()
}

/**
 * The storage side of an upload (S3 in real life): no API credentials, like the CLI's POST.
 * Bodies are streamed (`body: 'stream'`): counted and hashed as they arrive, never held whole.
 */
export const uploadTargetRoutes = [
  defineRoute({
    operationId: 'mock_upload_post',
    method: 'POST',
    path: UPLOAD_PATH,
    access: 'public',
    body: 'stream',
    unmetered: true,
    async handle(ctx) {
      expectUpload(ctx)
      await record(ctx, await spooled(ctx, (tee) => receiveMultipartFile(ctx.request, tee)))
      return { status: 204 }
    },
  }),
  defineRoute({
    operationId: 'mock_upload_put',
    method: 'PUT',
    path: UPLOAD_PATH,
    access: 'public',
    body: 'stream',
    unmetered: true,
    async handle(ctx) {
      expectUpload(ctx)
      if (!ctx.query.has('part_number')) {
        const file = await spooled(ctx, (tee) => receiveRaw(ctx.request, { tee }))
        await record(ctx, file)
        return { status: 200, headers: { ETag: `"${file.md5}"` } }
      }
      const identifier = ctx.params.identifier
      const tee = partDigests(ctx.state).start(identifier, Number(ctx.query.get('part_number')))
      let file: ReceivedFile
      try {
        file = await receiveRaw(ctx.request, { tee: tee?.update, digests: false })
      } catch (thrown) {
        partDigests(ctx.state).fail(identifier)
        throw thrown
      }
      tee?.done()
      await recordPart(ctx, file)
      // S3 answers a part with the MD5 of that part as its ETag.
      return { status: 200, headers: { ETag: `"${file.md5}"` } }
    },
  }),
]
