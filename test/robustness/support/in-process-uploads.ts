/**
 * Child process for test/robustness/in-process-upload-memory.test.ts: `setupMockServer` from
 * dist/ and real `fetch`, so the resident memory measured is the mock's and msw's (and, with
 * `buffer` bodies, the client's own copy) and nothing of vitest's.
 *
 *   node in-process-uploads.ts <stream|buffer> <uploads> <mib each>
 *
 * Prints one JSON line: { before, peak, after } in MiB (VmRSS after a warm-up upload, VmHWM
 * after all uploads answered, VmRSS after a GC), and each upload's status. `stream` bodies are
 * ReadableStreams (`duplex: 'half'`) that make each 1 MiB chunk as the client asks for it, as
 * a file read would: the client holds none of the file. `buffer` bodies are Buffers made
 * whole before sending. Uploads alternate S3-style multipart POST and PUT; each is given the
 * sha256 worked out here with node:crypto, so a 2xx means the mock hashed every byte.
 */
import { readFileSync } from 'node:fs'
import { setupMockServer } from 'cloudsmith-mock/node'
import { block, checksumOf } from './upload-bytes.ts'

const [mode = 'stream', uploadsArg = '20', mibArg = '50'] = process.argv.slice(2)
const UPLOADS = Number(uploadsArg)
const MIB_EACH = Number(mibArg)
const API = 'https://api.cloudsmith.io'
const KEY = { 'X-Api-Key': 'demo-api-key' }

function memoryMib(field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync('/proc/self/status', 'utf8')
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024
}

interface Upload {
  upload_url: string
  upload_fields?: Record<string, unknown>
}

async function requestUpload(filename: string, method: 'post' | 'put', sha256: string) {
  const reply = await fetch(`${API}/v1/files/acme/platform/`, {
    method: 'POST',
    headers: { ...KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ filename, method, sha256_checksum: sha256 }),
  })
  if (reply.status !== 202) throw new Error(`files_create answered ${reply.status}`)
  return (await reply.json()) as Upload
}

/** The pieces of the body in order: the multipart head, `mib` blocks, the multipart tail. */
function pieces(upload: Upload, multipart: boolean, seed: number, mib: number) {
  const boundary = `----mock-${seed}-${mib}`
  const fields = Object.entries(upload.upload_fields ?? {}).map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`,
  )
  const head = multipart
    ? Buffer.from(
        fields.join('') +
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
          'Content-Type: application/octet-stream\r\n\r\n',
      )
    : Buffer.alloc(0)
  const tail = multipart ? Buffer.from(`\r\n--${boundary}--\r\n`) : Buffer.alloc(0)
  const type = multipart ? `multipart/form-data; boundary=${boundary}` : 'application/octet-stream'
  return { head, tail, type }
}

function streamed(head: Buffer, tail: Buffer, seed: number, mib: number): ReadableStream {
  const bytes = block(seed)
  let sent = -1
  return new ReadableStream(
    {
      pull(controller) {
        // A fresh chunk each time, as a file read gives: anything that keeps chunks keeps bytes.
        if (sent === -1) controller.enqueue(new Uint8Array(head))
        else if (sent < mib) controller.enqueue(new Uint8Array(bytes))
        else {
          controller.enqueue(new Uint8Array(tail))
          controller.close()
        }
        sent++
      },
    },
    { highWaterMark: 0 },
  )
}

async function send(upload: Upload, multipart: boolean, seed: number, mib: number) {
  const { head, tail, type } = pieces(upload, multipart, seed, mib)
  const body =
    mode === 'buffer'
      ? Buffer.concat([head, ...Array.from({ length: mib }, () => block(seed)), tail])
      : streamed(head, tail, seed, mib)
  const reply = await fetch(upload.upload_url, {
    method: multipart ? 'POST' : 'PUT',
    headers: { 'Content-Type': type },
    body,
    duplex: 'half',
  } as RequestInit)
  await reply.arrayBuffer()
  return reply.status
}

// keepBytes 0: the spool (the bytes kept for downloads, 256 MiB by default) is not measured.
const mock = setupMockServer({ keepBytes: 0 })
mock.listen()
// Warm-up: the upload path's modules and compiled code are part of the baseline.
const warm = await requestUpload('warm.bin', 'put', checksumOf(99, 2))
if ((await send(warm, false, 99, 2)) !== 200) throw new Error('the warm-up upload failed')
const before = memoryMib('VmRSS')

const uploads = await Promise.all(
  Array.from({ length: UPLOADS }, (_, seed) =>
    requestUpload(`big-${seed}.bin`, seed % 2 ? 'put' : 'post', checksumOf(seed, MIB_EACH)),
  ),
)
const statuses = await Promise.all(
  uploads.map((upload, seed) => send(upload, seed % 2 === 0, seed, MIB_EACH)),
)
const peak = memoryMib('VmHWM')
mock.close()
globalThis.gc?.()
console.log(JSON.stringify({ mode, before, peak, after: memoryMib('VmRSS'), statuses }))
