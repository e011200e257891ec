/**
 * One fixed conversation with the API, replayed in each runtime for the parity test. Later
 * requests follow earlier answers (the upload URL, the new package's slug), exactly as a client
 * would, so every runtime must also agree on those values for the script to stay on track.
 */
export interface ScriptRequest {
  method: string
  /** A path on the API origin, or an absolute URL the API handed out. */
  url: string
  headers?: Record<string, string>
  json?: unknown
  /** A raw body, sent as is (the malformed-JSON case). */
  text?: string
  /** multipart/form-data: these fields, then the file as field `file`. */
  form?: { fields: Record<string, string>; filename: string; content: string }
}

export interface Exchange {
  request: string
  status: number
  headers: Record<string, string>
  body: string
}

/** Sends one request in a runtime; `origin` is where that runtime's API lives. */
export type Send = (request: ScriptRequest) => Promise<Omit<Exchange, 'request'>>

/**
 * The headers the mock itself decides. Transport headers (date, connection, content-length,
 * CORS on the standalone server) belong to the runtime, not to the mock's behaviour.
 */
const compared = /^(content-type|link|retry-after|etag|allow|x-pagination-.*|x-ratelimit-.*)$/

const demo = { 'X-Api-Key': 'demo-api-key' }
const outsider = { 'X-Api-Key': 'outsider-api-key' }

/**
 * Runs the conversation. Bodies and headers are normalised: the runtime's origin becomes
 * `{origin}` (self_url, upload_url and Link use the request's origin, which differs between
 * https://api.cloudsmith.io in Node and the browser and http://127.0.0.1:PORT for the server),
 * and the download base becomes `{downloads}`.
 */
export async function converse(origin: string, send: Send): Promise<Exchange[]> {
  const log: Exchange[] = []
  // Download links differ by design too: dl.cloudsmith.io in process and in the page, the
  // server's own /__downloads path over HTTP (README, "Uploads and downloads").
  const normalise = (text: string) =>
    text
      .split(`${origin}/__downloads`)
      .join('{downloads}')
      .split('https://dl.cloudsmith.io')
      .join('{downloads}')
      .split(origin)
      .join('{origin}')
  const call = async (request: ScriptRequest) => {
    const url = request.url.startsWith('http') ? request.url : `${origin}${request.url}`
    const raw = await send({ ...request, url })
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(raw.headers))
      if (compared.test(name.toLowerCase())) headers[name.toLowerCase()] = normalise(value)
    const exchange = {
      request: `${request.method} ${normalise(url)}`,
      status: raw.status,
      headers,
      body: normalise(raw.body),
    }
    log.push(exchange)
    return { ...exchange, json: raw.body ? (JSON.parse(raw.body) as Record<string, unknown>) : {} }
  }

  await call({ method: 'GET', url: '/v1/user/self/', headers: demo })
  await call({ method: 'GET', url: '/v1/user/self/' })
  await call({ method: 'GET', url: '/v1/user/self/', headers: { 'X-Api-Key': 'wrong' } })
  await call({ method: 'GET', url: '/v1/repos/acme/?page=1&page_size=2', headers: demo })
  await call({ method: 'GET', url: '/v1/repos/acme/?page=3&page_size=2', headers: demo })
  await call({ method: 'GET', url: '/v1/repos/acme/?page=9&page_size=2', headers: demo })
  await call({ method: 'GET', url: '/v1/packages/acme/web-assets/?page_size=3', headers: demo })
  await call({ method: 'GET', url: '/v1/repos/acme/platform/', headers: outsider })
  await call({
    method: 'POST',
    url: '/v1/files/acme/releases/',
    headers: outsider,
    json: { filename: 'x.txt' },
  })
  await call({ method: 'POST', url: '/v1/repos/acme/', headers: demo, json: {} })
  await call({
    method: 'POST',
    url: '/v1/repos/acme/',
    headers: { ...demo, 'Content-Type': 'application/json' },
    text: '{"name": ',
  })
  await call({
    method: 'POST',
    url: '/v1/repos/acme/',
    headers: demo,
    json: { name: 'Parity Check', repository_type_str: 'Private' },
  })
  const upload = await call({
    method: 'POST',
    url: '/v1/files/acme/parity-check/',
    headers: demo,
    json: { filename: 'parity-1.0.0.txt' },
  })
  await call({
    method: 'POST',
    url: String(upload.json.upload_url),
    form: {
      fields: upload.json.upload_fields as Record<string, string>,
      filename: 'parity-1.0.0.txt',
      content: 'same bytes everywhere\n',
    },
  })
  const pkg = await call({
    method: 'POST',
    url: '/v1/packages/acme/parity-check/upload/raw/',
    headers: demo,
    json: { package_file: upload.json.identifier, tags: 'parity' },
  })
  for (let poll = 0; poll < 4; poll++)
    await call({
      method: 'GET',
      url: `/v1/packages/acme/parity-check/${String(pkg.json.slug_perm)}/status/`,
      headers: demo,
    })
  await call({
    method: 'GET',
    url: `/v1/packages/acme/parity-check/${String(pkg.json.slug_perm)}/`,
    headers: demo,
  })
  await call({ method: 'GET', url: '/v1/repos/acme/parity-check/', headers: demo })
  await call({ method: 'DELETE', url: '/v1/repos/acme/parity-check/', headers: demo })
  // Last but one: the scenario spends demo's window, so later metered calls would be 429 too.
  await call({
    method: 'GET',
    url: '/v1/repos/acme/',
    headers: { ...demo, 'X-Mock-Scenario': 'rate-limited' },
  })
  await call({ method: 'GET', url: '/v1/repos/acme/', headers: { ...demo, Prefer: 'code=503' } })
  await call({ method: 'GET', url: '/v1/repos/acme/?__scenario=teapot', headers: demo })
  await call({ method: 'GET', url: '/v1/rates/limits/', headers: demo })
  return log
}

/** The status each step must have, from API-NOTES.md, whatever the runtimes agree on. */
export const expectedStatuses = [
  200, // user_self as demo
  200, // user_self anonymous (authenticated: false)
  401, // unknown key: Invalid token.
  200, // repos page 1 of 3
  200, // repos page 3 of 3
  404, // page past the end: Invalid page.
  200, // packages_list
  404, // outsider, private repo it cannot see
  403, // outsider, write to a repo it can only read
  422, // repos_create without name
  400, // malformed JSON
  201, // repos_create
  202, // files_create
  204, // the upload target (S3 answers 204)
  201, // packages_upload_raw
  200, // status poll 1
  200, // status poll 2
  200, // status poll 3
  200, // status poll 4
  200, // packages_read
  200, // repos_read
  200, // repos_delete ("scheduled for deletion")
  429, // X-Mock-Scenario: rate-limited
  503, // Prefer: code=503
  400, // unknown scenario in __scenario
  200, // rates_limits
]
