/**
 * Helpers for the scenario tests: requests through the mock's own `handle(Request)` seam, and the
 * upload flow a client runs (files_create, multipart POST to upload_url, upload/raw).
 * Expected values come from API-NOTES.md and the OpenAPI document, not from the code.
 */
import type { CloudsmithMock, Package, PackageFileUpload } from '../../src/index.ts'

export const API = 'https://api.cloudsmith.io'
export const DEMO_KEY = 'demo-api-key'
export const OUTSIDER_KEY = 'outsider-api-key'
/** 2026-01-01T00:00:00Z, the documented start of the mock's clock, in epoch seconds. */
export const EPOCH_SECONDS = Date.UTC(2026, 0, 1) / 1000
/** The default rate-limit window is one hour (README), so it resets an hour after the epoch. */
export const DEFAULT_RESET = EPOCH_SECONDS + 3600

export interface Reply<T = Record<string, unknown>> {
  status: number
  headers: Headers
  body: T
  text: string
}

export interface SendOptions {
  /** X-Api-Key to send; null sends none (default: demo's key). */
  key?: string | null
  json?: unknown
  headers?: Record<string, string>
}

export async function send<T = Record<string, unknown>>(
  mock: Pick<CloudsmithMock, 'handle'>,
  method: string,
  path: string,
  options: SendOptions = {},
): Promise<Reply<T>> {
  const headers = new Headers(options.headers)
  const key = options.key === undefined ? DEMO_KEY : options.key
  if (key !== null) headers.set('X-Api-Key', key)
  if (options.json !== undefined) headers.set('Content-Type', 'application/json')
  const response = await mock.handle(
    new Request(path.startsWith('/') ? `${API}${path}` : path, {
      method,
      headers,
      body: options.json === undefined ? undefined : JSON.stringify(options.json),
    }),
  )
  const text = await response.text()
  return {
    status: response.status,
    headers: response.headers,
    body: (text ? JSON.parse(text) : null) as T,
    text,
  }
}

/** Requests an upload, sends the bytes to its upload_url, and creates a raw package from it. */
export async function uploadRawPackage(
  mock: Pick<CloudsmithMock, 'handle'>,
  filename = 'tool-1.0.0.tar.gz',
  options: { repo?: string; headers?: Record<string, string> } = {},
): Promise<Reply<Package>> {
  const repo = options.repo ?? 'acme/web-assets'
  const created = await send<PackageFileUpload>(mock, 'POST', `/v1/files/${repo}/`, {
    json: { filename },
  })
  if (created.status !== 202) throw new Error(`files_create answered ${created.status}`)
  const form = new FormData()
  for (const [name, value] of Object.entries(created.body.upload_fields ?? {}))
    form.append(name, String(value))
  form.append('file', new Blob([`contents of ${filename}`]), filename)
  const sent = await mock.handle(
    new Request(created.body.upload_url!, { method: 'POST', body: form }),
  )
  if (sent.status !== 204) throw new Error(`upload to upload_url answered ${sent.status}`)
  return send<Package>(mock, 'POST', `/v1/packages/${repo}/upload/raw/`, {
    json: { package_file: created.body.identifier },
    headers: options.headers,
  })
}

/** The sync fields a status poll reports. */
export const syncFields = (status: Record<string, unknown>) => ({
  status_str: status.status_str,
  stage: status.stage,
  stage_str: status.stage_str,
  sync_progress: status.sync_progress,
})
