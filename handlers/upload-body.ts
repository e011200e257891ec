/**
 * The bytes sent to the upload target, counted and hashed as they arrive: nothing keeps more
 * than the chunk in hand, so an upload of any size costs about one chunk of memory (a buffered
 * FormData held each file three to four times over). Runtime-agnostic: a Web `ReadableStream`
 * in, a streaming multipart parser (multipasta) and an incremental SHA-256 (@noble/hashes).
 */
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import * as multipart from 'multipasta'
import { errors, MockError } from '../src/core/errors.ts'

/** What the target keeps of a file: its size in bytes and its SHA-256 as lower-case hex. */
export interface ReceivedFile {
  size: number
  sha256: string
}

type Hasher = ReturnType<typeof sha256.create>

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
 * A PUT's whole body (one file, or one part of a multipart upload).
 * @throws MockError 413/400 when the body stream fails (past the server's limit, client gone).
 * @example
 * const { size, sha256 } = await receiveRaw(request) // size in bytes, sha256 as hex
 */
export async function receiveRaw(request: Request): Promise<ReceivedFile> {
  const hash = sha256.create()
  let size = 0
  await pump(request.body, (chunk) => {
    hash.update(chunk)
    size += chunk.byteLength
    return true
  })
  return { size, sha256: bytesToHex(hash.digest()) }
}

/**
 * The `file` field of a multipart/form-data POST, as an S3 presigned POST takes it.
 * @throws MockError 400 naming `file` when the body is not multipart or has no `file` file
 *   field; 413/400 when the body stream fails.
 * @example
 * const { size, sha256 } = await receiveMultipartFile(request)
 */
export async function receiveMultipartFile(request: Request): Promise<ReceivedFile> {
  let hash: Hasher | null = null
  let size = 0
  let failed = false
  let ended = false
  const parser = multipart.make({
    headers: { 'content-type': request.headers.get('content-type') ?? '' },
    maxParts: MAX_PARTS,
    maxFieldSize: MAX_FIELD_SIZE,
    onField: () => undefined,
    onFile(info) {
      if (info.name !== FILE_FIELD || hash) return () => undefined
      const file = sha256.create()
      hash = file
      return (chunk) => {
        if (chunk === null) ended = true
        else {
          file.update(chunk)
          size += chunk.byteLength
        }
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
  const file = hash as Hasher | null
  if (failed || !ended || !file) throw noFile()
  return { size, sha256: bytesToHex(file.digest()) }
}
