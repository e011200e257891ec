/**
 * Captures the mock's answer to a request (status, headers, body) so the bare node:http
 * baseline can serve exactly the same bytes.
 */
export interface CapturedResponse {
  method: string
  /** The request target the baseline answers for, or `*` for any path with this method. */
  path: string
  status: number
  headers: Record<string, string>
  /** base64 */
  body: string
}

/** Headers node:http writes itself; copying them would send them twice. */
const TRANSPORT = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])

export async function capture(
  origin: string,
  request: { method: string; path: string; headers?: Record<string, string>; body?: string },
  servedAs: string = request.path,
): Promise<CapturedResponse> {
  const response = await fetch(`${origin}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  })
  const body = Buffer.from(await response.arrayBuffer())
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    if (!TRANSPORT.has(name)) headers[name] = value
  })
  return {
    method: request.method,
    path: servedAs,
    status: response.status,
    headers,
    body: body.toString('base64'),
  }
}
