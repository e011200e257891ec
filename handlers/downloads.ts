/**
 * Downloads of package files, what dl.cloudsmith.io serves: the `cdn_url` of a package and of
 * each of its `files`. The mock serves them on its own origin under DOWNLOAD_PREFIX (in process,
 * requests to dl.cloudsmith.io are routed there), in the shape of Cloudsmith's download URLs,
 * `/{access}/{owner}/{repo}/...`: `basic` (credentials by HTTP Basic, user `token` and the API
 * key as password, as the CLI's `download` does for `/basic/` URLs) or `public`. The mock
 * decides by the repository and the caller, not by that segment: a public repository's files
 * are open to anyone, a private one's need credentials that may read it (401 without any, 404
 * with others, as the API answers; 401 "Invalid token." with a token it refuses). An
 * entitlement token in place of the access segment, or as `?token=`, opens its own
 * repository's files (handlers/resources/entitlements/credentials.ts).
 * Each download counts: in the package's `downloads` and, made with a token, in the token's.
 *
 * The bytes (handlers/content.ts): what was uploaded, from the record (up to KEEP_BYTES) or the
 * mock's spool (larger uploads, src/core/spool.ts); a file without checksums of its own (seeded
 * packages) answers its generated content, whose digests its checksums are. An upload whose
 * bytes were not kept answers 410 (`content_not_kept`) rather than bytes its checksums do not
 * describe. Single byte ranges are answered (206, 416).
 */
import { repoKey } from '../src/core/db/database.ts'
import type { PackageFileRecord, PackageRecord, ResourceRecord } from '../src/core/db/schemas.ts'
import { errors, MockError } from '../src/core/errors.ts'
import { visibleRepo } from './access.ts'
import { fileChecksums, fromBase64, generatedChunks, streamOf } from './content.ts'
import type { RouteContext } from './context.ts'
import { defineRoute } from './define-route.ts'
import { DOWNLOAD_PREFIX } from './download-urls.ts'
import {
  countEntitlementDownload,
  entitlementFor,
  sentTokens,
} from './resources/entitlements/credentials.ts'
import { syncView } from './sync.ts'

/** Content types by extension; anything else is a plain byte stream. */
const TYPES: Record<string, string> = {
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.gz': 'application/gzip',
  '.tgz': 'application/gzip',
  '.tar': 'application/x-tar',
  '.whl': 'application/zip',
  '.jar': 'application/java-archive',
  '.deb': 'application/vnd.debian.binary-package',
  '.rpm': 'application/x-rpm',
  '.xml': 'application/xml',
}

function contentType(filename: string): string {
  const extension = /\.[a-z0-9]+$/i.exec(filename)?.[0]?.toLowerCase() ?? ''
  return TYPES[extension] ?? 'application/octet-stream'
}

/** `attachment; filename="..."` with an RFC 5987 form for names outside plain ASCII. */
function disposition(filename: string): string {
  const plain = filename.replace(/[^\x20-\x7e]|["\\]/g, '_')
  return `attachment; filename="${plain}"; filename*=UTF-8''${encodeURIComponent(filename)}`
}

/**
 * The byte range asked for: null for the whole file (no Range, or one the mock does not
 * answer, like several ranges: a server may ignore Range, RFC 9110 §14.2).
 * @throws MockError 416 when the range lies past the end.
 */
function requestedRange(header: string | null, size: number): [number, number] | null {
  const match = header && /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header)
  if (!match || (match[1] === '' && match[2] === '')) return null
  let start: number
  let end: number
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]))
    end = size
    if (Number(match[2]) === 0) start = size
  } else {
    start = Number(match[1])
    end = match[2] === '' ? size : Math.min(size, Number(match[2]) + 1)
  }
  if (start >= size || start >= end) throw errors.rangeNotSatisfiable(size)
  return [start, end]
}

function findFile(ctx: RouteContext): { pkg: PackageRecord; file: PackageFileRecord } {
  const { owner, repo, format, file: id, filename } = ctx.params
  const key = repoKey(owner!, repo!)
  for (const pkg of ctx.state.db.packages.group(key)) {
    if (pkg.format !== format) continue
    const file = pkg.files.find((f) => f.slug_perm === id && f.filename === filename)
    if (file) return { pkg, file }
  }
  throw errors.notFound()
}

/**
 * Where a file's bytes come from: its record, the spool, or generation.
 * @throws MockError 410 for an upload whose bytes were not kept.
 */
function contentOf(
  ctx: RouteContext,
  file: PackageFileRecord,
): { size: number; read(start: number, end: number): Iterator<Uint8Array> } {
  if (file.content) {
    const bytes = fromBase64(file.content)
    return { size: bytes.byteLength, read: (start, end) => [bytes.subarray(start, end)].values() }
  }
  const spooled = ctx.state.spool.get(file.slug_perm)
  if (spooled?.size === file.size) return spooled
  // Checksums of its own: an upload, whose bytes nothing can make again.
  if (file.checksum_sha256) throw errors.contentGone()
  return { size: file.size, read: (start, end) => generatedChunks(file.slug_perm, start, end) }
}

async function download(ctx: RouteContext) {
  const namespace = ctx.state.db.findNamespace(ctx.params.owner!)
  const entitlement = namespace
    ? entitlementFor(
        ctx,
        namespace.slug,
        ctx.state.db.findRepository(namespace.slug, ctx.params.repo!)?.slug ?? '',
      )
    : undefined
  try {
    if (!entitlement) visibleRepo(ctx, ctx.params.owner!, ctx.params.repo!)
  } catch (thrown) {
    if (!(thrown instanceof MockError) || thrown.status !== 401) throw thrown
    // A token was sent and refused (disabled, past its limits, another repository's, unknown):
    // what the API answers credentials it refuses (src/core/auth.ts), not "not provided".
    const refused = sentTokens(ctx).length ? errors.invalidToken() : thrown
    // Download tools (pip, curl, browsers) send credentials once asked for them.
    refused.headers['WWW-Authenticate'] = 'Basic realm="cloudsmith"'
    throw refused
  }
  const { pkg, file } = findFile(ctx)
  const view = syncView(pkg, ctx.state.clock.now())
  // What `is_downloadable` says (handlers/serialize.ts): synchronised, not quarantined.
  if (!view.is_sync_completed || view.is_quarantined) throw errors.notFound()
  const content = contentOf(ctx, file)
  const size = content.size
  const range = requestedRange(ctx.request.headers.get('range'), size)
  const [start, end] = range ?? [0, size]
  const headers: Record<string, string> = {
    'Content-Type': contentType(file.filename),
    'Content-Disposition': disposition(file.filename),
    'Content-Length': String(end - start),
    'Accept-Ranges': 'bytes',
    'Last-Modified': new Date(pkg.uploaded_at).toUTCString(),
  }
  // The CLI checks a 32-digit ETag as the file's MD5 (C `core/download.py` `stream_download`).
  headers.ETag = `"${fileChecksums(file).checksum_md5}"`
  if (range) headers['Content-Range'] = `bytes ${start}-${end - 1}/${size}`
  await countDownload(ctx, pkg, entitlement, end - start)
  return { status: range ? 206 : 200, headers, body: streamOf(content.read(start, end)) }
}

/** One more download of `pkg` (and of the token it was made with). */
async function countDownload(
  ctx: RouteContext,
  pkg: PackageRecord,
  entitlement: ResourceRecord | undefined,
  bytes: number,
): Promise<void> {
  await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
    draft.downloads += 1
  })
  if (entitlement) await countEntitlementDownload(ctx.state, entitlement, bytes)
}

export const downloadRoutes = [
  defineRoute({
    operationId: 'mock_download',
    method: 'GET',
    path: `${DOWNLOAD_PREFIX}/{access}/{owner}/{repo}/{format}/{file}/{filename}`,
    access: 'optional',
    unmetered: true,
    // Counting a download changes the data: it runs in the write queue like any write.
    writes: true,
    handle: download,
  }),
]
