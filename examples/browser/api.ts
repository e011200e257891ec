/**
 * A tiny Cloudsmith client, as a frontend would write one: fetch + X-Api-Key, and every answer
 * reported to listeners (the mock panel shows the last status and Cloudsmith's error message).
 */
export const API = 'https://api.cloudsmith.io/v1'

export interface ApiResponse<T = unknown> {
  ok: boolean
  status: number
  headers: Headers
  body: T
  method: string
  url: string
}

/** Cloudsmith's error body: `detail`, and `fields` for validation errors. */
export interface ErrorBody {
  detail?: string
  fields?: Record<string, string[]>
}

type Listener = (response: ApiResponse | { method: string; url: string; error: string }) => void
const listeners: Listener[] = []

export function onResponse(listener: Listener): void {
  listeners.push(listener)
}

export class ApiError extends Error {
  readonly response: ApiResponse<ErrorBody>
  constructor(response: ApiResponse<ErrorBody>) {
    super(response.body?.detail ?? `HTTP ${response.status}`)
    this.response = response
  }
}

// The mock's default user; a real app would take it from its login flow.
const apiKey = 'demo-api-key'

/**
 * One API call; throws ApiError for a non-2xx answer. `anonymous` leaves the key out, as for the
 * storage upload URL (S3 in production), which must not receive API credentials.
 */
export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  options: { anonymous?: boolean } = {},
): Promise<ApiResponse<T>> {
  const target = url.startsWith('http') ? url : `${API}${url}`
  const init: RequestInit = { method, headers: options.anonymous ? {} : { 'X-Api-Key': apiKey } }
  if (body instanceof FormData) init.body = body
  else if (body !== undefined) {
    init.body = JSON.stringify(body)
    init.headers = { ...init.headers, 'Content-Type': 'application/json' }
  }
  let raw: Response
  try {
    raw = await fetch(target, init)
  } catch (error) {
    for (const listener of listeners) listener({ method, url: target, error: String(error) })
    throw error
  }
  const text = await raw.text()
  const response: ApiResponse<T> = {
    ok: raw.ok,
    status: raw.status,
    headers: raw.headers,
    body: (text ? JSON.parse(text) : null) as T,
    method,
    url: target,
  }
  for (const listener of listeners) listener(response)
  if (!raw.ok) throw new ApiError(response as ApiResponse<ErrorBody>)
  return response
}
