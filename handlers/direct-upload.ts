/**
 * The documented direct upload: `PUT https://upload.cloudsmith.io/{owner}/{repo}/{filename}`
 * with the raw bytes and the API key (X-Api-Key, `Authorization: Token|Bearer`, or Basic with
 * the key as password), optionally `Content-Sha256`; the answer's `identifier` is a single-use
 * `package_file` for `POST /packages/{owner}/{repo}/upload/{format}/` (API-NOTES §6.7, from
 * cloudsmith-docs package-upload.mdx). The mock serves it on its own origin under
 * DIRECT_UPLOAD_PATH; in process, requests to upload.cloudsmith.io are routed there.
 */
import { errors } from '../src/core/errors.ts'
import { entityFaker, permId } from '../fixtures/index.ts'
import { repoWithLevel } from './access.ts'
import { toBase64 } from './content.ts'
import { nextId } from './context.ts'
import { defineRoute } from './define-route.ts'
import { dropStaleUploads, spooled } from './files.ts'
import { receiveRaw, type ReceivedFile } from './upload-body.ts'

/** Where the mock answers what upload.cloudsmith.io answers, on its own origin. */
export const DIRECT_UPLOAD_PATH = '/__upload-host/{owner}/{repo}/{filename}'

const SHA256 = /^[0-9a-f]{64}$/i

/** Direct uploads received so far in this process: names their bytes in the spool meanwhile. */
let received = 0

export const directUploadRoutes = [
  defineRoute({
    operationId: 'mock_direct_upload',
    method: 'PUT',
    path: DIRECT_UPLOAD_PATH,
    access: 'required',
    body: 'stream',
    unmetered: true,
    async handle(ctx) {
      // Refused before a byte is read: no repository, no write access, a malformed checksum.
      repoWithLevel(ctx, ctx.params.owner, ctx.params.repo, 'write')
      const filename = ctx.params.filename
      if (filename.trim() === '' || /[\\/]/.test(filename))
        throw errors.invalid({ filename: ['Enter a valid file name.'] })
      const declared = ctx.request.headers.get('content-sha256')?.trim() ?? null
      if (declared !== null && !SHA256.test(declared))
        throw errors.badRequest('The Content-Sha256 header must be 64 hexadecimal characters.', {
          'Content-Sha256': ['Enter a SHA-256 checksum: 64 hexadecimal characters.'],
        })
      // Kept bytes wait under a key of their own until the upload has its identifier.
      const spoolKey = `direct:${++received}`
      const file = await spooled(ctx, (tee) => receiveRaw(ctx.request, { tee }), spoolKey)
      try {
        if (declared !== null && declared.toLowerCase() !== file.sha256)
          throw errors.invalid(
            { 'Content-Sha256': ['The SHA-256 checksum of the uploaded file does not match.'] },
            'The uploaded file does not match the checksum given.',
          )
        const upload = await insertUpload(file)
        ctx.state.spool.rename(spoolKey, upload.identifier)
        return { status: 200, body: { identifier: upload.identifier } }
      } finally {
        ctx.state.spool.delete(spoolKey)
      }

      function insertUpload(file: ReceivedFile) {
        return ctx.write(async () => {
          // Looked up again in the queue: the repository may have gone while the bytes came.
          const repo = repoWithLevel(ctx, ctx.params.owner, ctx.params.repo, 'write')
          dropStaleUploads(ctx)
          const f = entityFaker(ctx.state.seed, 'runtime:uploads', nextId(ctx.state, 'uploads'))
          return ctx.state.db.uploads.insert({
            identifier: permId(f).toLowerCase(),
            namespace: repo.namespace,
            repository: repo.slug,
            user: ctx.identity.user,
            filename,
            method: 'direct',
            md5_checksum: null,
            sha256_checksum: declared?.toLowerCase() ?? null,
            created_at: ctx.state.clock.now(),
            size: file.size,
            parts: 1,
            state: 'completed',
            sha256: file.sha256,
            md5: file.md5,
            sha1: file.sha1,
            sha512: file.sha512,
            content: file.bytes ? toBase64(file.bytes) : null,
          })
        })
      }
    },
  }),
]
