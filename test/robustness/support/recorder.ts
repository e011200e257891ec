/**
 * A client that keeps every request it sends, byte for byte, under a unique `X-Request-Id`.
 * The server's journal says in which order its writes ran (`sequence`) and with which request
 * id; this log supplies what the journal does not keep (whole bodies), so the run can be
 * replayed serially on a fresh mock.
 */
export interface SentRequest {
  id: string
  method: string
  /** Path and query, on the server's origin. */
  path: string
  headers: Record<string, string>
  body: Uint8Array<ArrayBuffer> | null
  /** What the client received. */
  status: number
  reply: unknown
}

export class Recorder {
  readonly sent = new Map<string, SentRequest>()
  private next = 0
  private readonly origin: string

  constructor(origin: string) {
    this.origin = origin
  }

  /** Sends and records; `reply` is the parsed JSON body (null when empty). */
  async send(
    method: string,
    path: string,
    options: { key?: string; json?: unknown; body?: Uint8Array<ArrayBuffer>; type?: string } = {},
  ): Promise<SentRequest> {
    const id = `r${++this.next}`
    const headers: Record<string, string> = { 'X-Request-Id': id }
    if (options.key) headers['X-Api-Key'] = options.key
    let body = options.body ?? null
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json'
      body = new TextEncoder().encode(JSON.stringify(options.json))
    } else if (options.type) headers['Content-Type'] = options.type
    const response = await fetch(`${this.origin}${path}`, { method, headers, body })
    const text = await response.text()
    const entry: SentRequest = {
      id,
      method,
      path,
      headers,
      body,
      status: response.status,
      reply: text ? JSON.parse(text) : null,
    }
    this.sent.set(id, entry)
    return entry
  }
}

/** The bytes of an S3-style multipart POST: the signed fields, then the file. */
export function multipart(
  fields: Record<string, unknown>,
  filename: string,
  content: string,
): { body: Uint8Array<ArrayBuffer>; type: string } {
  const boundary = 'robustness-boundary'
  let text = ''
  for (const [name, value] of Object.entries(fields))
    text += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${String(value)}\r\n`
  text +=
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
    `Content-Type: application/octet-stream\r\n\r\n${content}\r\n--${boundary}--\r\n`
  return {
    body: new TextEncoder().encode(text),
    type: `multipart/form-data; boundary=${boundary}`,
  }
}
