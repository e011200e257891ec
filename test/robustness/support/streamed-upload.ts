/**
 * Uploads of any size without holding them: the bytes of ./upload-bytes.ts sent over node:http
 * with backpressure to a server process.
 */
import { request } from 'node:http'
import type { PackageFileUpload } from '../../../src/index.ts'
import { call } from '../../server/support/cli.ts'
import { block, MIB } from './upload-bytes.ts'

export { block, checksumOf, MIB } from './upload-bytes.ts'

/** `files_create` on acme/platform: the upload to send the bytes to. */
export async function requestUpload(
  server: { url: string },
  filename: string,
  options: { method?: 'post' | 'put'; sha256?: string } = {},
): Promise<PackageFileUpload> {
  const reply = await call<PackageFileUpload>(server, 'POST', '/v1/files/acme/platform/', {
    json: { filename, method: options.method ?? 'post', sha256_checksum: options.sha256 },
  })
  if (reply.status !== 202) throw new Error(`files_create answered ${reply.status}`)
  return reply.body
}

export interface SentUpload {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/**
 * Sends `block(seed)` × `mib` to the upload's `upload_url`: as the `file` field of an S3-style
 * multipart POST (after the upload fields), or as a PUT body.
 */
export function sendUpload(
  upload: PackageFileUpload,
  method: 'POST' | 'PUT',
  seed: number,
  mib: number,
): Promise<SentUpload> {
  const boundary = `----mock-${seed}-${mib}`
  const head =
    method === 'POST'
      ? Buffer.from(
          Object.entries(upload.upload_fields ?? {})
            .map(
              ([name, value]) =>
                `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`,
            )
            .join('') +
            `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n` +
            'Content-Type: application/octet-stream\r\n\r\n',
        )
      : Buffer.alloc(0)
  const tail = method === 'POST' ? Buffer.from(`\r\n--${boundary}--\r\n`) : Buffer.alloc(0)
  const bytes = block(seed)
  return new Promise((resolve, reject) => {
    const sending = request(upload.upload_url!, {
      method,
      headers: {
        'Content-Type':
          method === 'POST'
            ? `multipart/form-data; boundary=${boundary}`
            : 'application/octet-stream',
        'Content-Length': head.length + mib * MIB + tail.length,
      },
    })
    sending.on('error', reject)
    sending.on('response', (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      )
    })
    void (async () => {
      sending.write(head)
      for (let i = 0; i < mib; i++) {
        // An early answer (413, 429) closes the connection: stop sending then.
        if (sending.destroyed) return
        if (!sending.write(bytes))
          await new Promise<void>((go) => {
            const done = () => {
              sending.off('drain', done)
              sending.off('close', done)
              go()
            }
            sending.on('drain', done)
            sending.on('close', done)
          })
      }
      if (!sending.destroyed) sending.end(tail)
    })()
  })
}
