/**
 * The bytes sent to the upload target, counted and hashed as they arrive: nothing keeps more
 * than the chunk in hand, so an upload of any size costs about one chunk of memory (a buffered
 * FormData held each file three to four times over). Runtime-agnostic: a Web `ReadableStream`
 * in, a streaming multipart parser (multipasta) and an incremental SHA-256 (@noble/hashes).
 */
import { md5 } from '@noble/hashes/legacy.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import * as multipart from 'multipasta'
import { errors, MockError } from '../src/core/errors.ts'
import { checksummer, KEEP_BYTES, type Checksummer } from './content.ts'

/**
 * What the target keeps of a file: its size in bytes, its digests as lower-case hex ('' for
 * those not taken: a part's), and its bytes when there are at most KEEP_BYTES of them (null
 * otherwise).
 */
export interface ReceivedFile {
  size: number
  sha256: string
  md5: string
  sha1: string
  sha512: string
  bytes: Uint8Array | null
}

/** Sees every chunk of the file as it arrives (a multipart upload's running digests, the spool). */
export type Tee = (chunk: Uint8Array) => void

/** Counts, hashes and (while small) keeps the bytes of one file. */
class FileDigest {
  private readonly sums: Checksummer | null
  private readonly md = md5.create()
  private chunks: Uint8Array[] | null = []
  private readonly tee: Tee | undefined
  size = 0
  /** `all`: the four digests a package shows; false: MD5 only (a part's ETag). */
  constructor(tee?: Tee, all = true) {
    this.tee = tee
    this.sums = all ? checksummer() : null
  }
  update(chunk: Uint8Array): void {
    if (this.sums) this.sums.update(chunk)
    else this.md.update(chunk)
    this.tee?.(chunk)
    this.size += chunk.byteLength
    // Chunks may be views of a buffer the reader reuses: a kept one is copied.
    if (this.chunks && this.size <= KEEP_BYTES) this.chunks.push(chunk.slice())
    else this.chunks = null
  }
  result(): ReceivedFile {
    let bytes: Uint8Array | null = null
    if (this.chunks) {
      bytes = new Uint8Array(this.size)
      let at = 0
      for (const chunk of this.chunks) {
        bytes.set(chunk, at)
        at += chunk.byteLength
      }
    }
    const sums = this.sums?.digest()
    return {
      size: this.size,
      sha256: sums?.checksum_sha256 ?? '',
      md5: sums?.checksum_md5 ?? bytesToHex(this.md.digest()),
      sha1: sums?.checksum_sha1 ?? '',
      sha512: sums?.checksum_sha512 ?? '',
      bytes,
    }
  }
}

/** The S3-style form field holding the file; S3 ignores fields after it, and so does the mock. */
const FILE_FIELD = 'file'
/** S3 allows about 20 form fields; anything far past that is not an upload form. */
const MAX_PARTS = 100
/** Form fields besides the file (key, policy, signature) are short. */
const MAX_FIELD_SIZE = 64 * 1024

const noFile = () =>
  errors.badRequest('Expected a multipart/form-data body with a "file" field.', {
    file: ['No file was submitted.'],
  })

/**
 * Feeds `stream` to `write` chunk by chunk. A failing stream (the server's 413, a client gone)
 * keeps its MockError; `write` returning false stops reading early.
 */
async function pump(
  stream: ReadableStream<Uint8Array> | null,
  write: (chunk: Uint8Array) => boolean,
): Promise<void> {
  if (!stream) return
  const reader = stream.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      if (!write(value)) {
        await reader.cancel()
        return
      }
    }
  } catch (thrown) {
    if (thrown instanceof MockError) throw thrown
    throw errors.badRequest('The request body could not be read.')
  } finally {
    reader.releaseLock()
  }
}

/**
 * A PUT's whole body (one file, or one part of a multipart upload). `tee` sees every chunk;
 * `digests: false` takes the MD5 alone (a part's, whose other digests nothing reads: '').
 * @throws MockError 413/400 when the body stream fails (past the server's limit, client gone).
 * @example
 * const { size, sha256, md5 } = await receiveRaw(request) // size in bytes, digests as hex
 */
export async function receiveRaw(
  request: Request,
  options: { tee?: Tee; digests?: boolean } = {},
): Promise<ReceivedFile> {
  const file = new FileDigest(options.tee, options.digests)
  await pump(request.body, (chunk) => {
    file.update(chunk)
    return true
  })
  return file.result()
}

/**
 * The `file` field of a multipart/form-data POST, as an S3 presigned POST takes it; `tee` sees
 * every chunk of that field.
 * @throws MockError 400 naming `file` when the body is not multipart or has no `file` file
 *   field; 413/400 when the body stream fails.
 * @example
 * const { size, sha256 } = await receiveMultipartFile(request)
 */
export async function receiveMultipartFile(request: Request, tee?: Tee): Promise<ReceivedFile> {
  let digest: FileDigest | null = null
  let failed = false
  let ended = false
  const parser = multipart.make({
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
    maxParts: MAX_PARTS,
    maxFieldSize: MAX_FIELD_SIZE,
    onField: () => undefined,
    onFile(info) {
      if (info.name !== FILE_FIELD || digest) return () => undefined
      const file = new FileDigest(tee)
      digest = file
      return (chunk) => {
        if (chunk === null) ended = true
        else file.update(chunk)
      }
    },
    onError: () => (failed = true),
    onDone: () => undefined,
  })
  // The file part is complete once its closing boundary is seen; the rest is not needed.
  await pump(request.body, (chunk) => {
    parser.write(chunk)
    return !failed && !ended
  })
  if (!failed && !ended) parser.end()
  // Set in the parser's callback, which TypeScript's narrowing does not follow.
  const file = digest as FileDigest | null
  if (failed || !ended || !file) throw noFile()
  return file.result()
}
