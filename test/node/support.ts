/**
 * Test helpers: real `fetch` against the Cloudsmith origin, intercepted by setupMockServer.
 * Expected values in the tests come from API-NOTES.md, the OpenAPI document and the default
 * fixture definitions (README: demo / demo-api-key, outsider / outsider-api-key, org acme).
 */
import type { PackageFileUpload } from '../../src/index.ts'

export const API = 'https://api.cloudsmith.io'
export const DEMO_KEY = 'demo-api-key'
export const OUTSIDER_KEY = 'outsider-api-key'

/** 2026-01-01T00:00:00Z, the documented start of the mock's clock. */
export const EPOCH_SECONDS = Date.UTC(2026, 0, 1) / 1000

export interface Reply<T> {
  status: number
  headers: Headers
  body: T
}

export interface CallOptions {
  /** API key sent as X-Api-Key; `null` sends no credentials (default: demo's key). */
  key?: string | null
  /** Serialised as JSON with Content-Type: application/json. */
  json?: unknown
  /** A raw body (malformed JSON, multipart forms, bytes). */
  body?: BodyInit
  headers?: Record<string, string>
  /** Origin to call (default https://api.cloudsmith.io). */
  base?: string
}

/** One request through real fetch; the body is parsed JSON, or null when there is none. */
export async function call<T = Record<string, unknown>>(
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply<T>> {
  const headers = new Headers(options.headers)
  const key = options.key === undefined ? DEMO_KEY : options.key
  if (key !== null && !headers.has('authorization')) headers.set('X-Api-Key', key)
  let body = options.body
  if (options.json !== undefined) {
    headers.set('Content-Type', 'application/json')
    body = JSON.stringify(options.json)
  }
  if (!/^(https?:|\/)/.test(path)) throw new Error(`call() expects a path or a URL, got ${path}`)
  const url = path.startsWith('/') ? `${options.base ?? API}${path}` : path
  const response = await fetch(url, { method, headers, body })
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
  }
}

export interface ErrorReply {
  detail: string
  fields?: Record<string, string[]>
  code?: string
}

export const basic = (user: string, password: string) => `Basic ${btoa(`${user}:${password}`)}`

/** Requests an upload and sends its bytes as the CLI does (multipart POST, no credentials). */
export async function uploadFile(
  owner: string,
  repo: string,
  filename: string,
  content = `contents of ${filename}`,
  key: string = DEMO_KEY,
): Promise<string> {
  const created = await call<PackageFileUpload>('POST', `/v1/files/${owner}/${repo}/`, {
    key,
    json: { filename },
  })
  if (created.status !== 202) throw new Error(`files_create answered ${created.status}`)
  const form = new FormData()
  for (const [name, value] of Object.entries(created.body.upload_fields ?? {}))
    form.append(name, String(value))
  form.append('file', new Blob([content]), filename)
  const sent = await fetch(created.body.upload_url!, { method: 'POST', body: form })
  if (sent.status !== 204) throw new Error(`upload to upload_url answered ${sent.status}`)
  return created.body.identifier!
}

/** `rel` -> page number, from a Link header. */
export function linkPages(link: string | null): Record<string, number> {
  const out: Record<string, number> = {}
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="(\w+)"/.exec(part.trim())
    if (match) out[match[2]!] = Number(new URL(match[1]!).searchParams.get('page'))
  }
  return out
}
