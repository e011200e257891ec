/**
 * Run by determinism.test.ts in a fresh process: `node determinism-run.ts <seed>` sends a fixed
 * request sequence (natural, forced, scenarios, uploads, clock moves) and prints every response
 * (status, all headers, body) as one JSON line each.
 */
import { createMock } from '../../src/index.ts'

const seed = Number(process.argv[2] ?? '1')
// The promise holds for the frozen clock (the default, named here): the real one moves with
// the wall clock, so its timestamps depend on when requests arrive.
const mock = createMock({ seed, clock: 'frozen' })
const API = 'https://api.cloudsmith.io'
const lines: string[] = []

async function call(
  method: string,
  path: string,
  body?: unknown,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { 'X-Api-Key': 'demo-api-key', ...extra }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const response = await mock.handle(
    new Request(path.startsWith('/') ? `${API}${path}` : path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  const text = await response.text()
  lines.push(JSON.stringify([method, path, response.status, [...response.headers], text]))
  return text ? (JSON.parse(text) as Record<string, unknown>) : {}
}

await call('GET', '/v1/user/self/')
await call('GET', '/v1/repos/acme/?page_size=2&page=2')
const list = (await call('GET', '/v1/packages/acme/platform/?page_size=5')) as unknown as {
  slug_perm: string
}[]
await call('POST', '/v1/repos/acme/', { name: 'Determinism' })
const processing = { 'X-Mock-Scenario': 'upload-processing' }
const upload = await call('POST', '/v1/files/acme/web-assets/', { filename: 'same-1.0.0.tar.gz' })
const form = new FormData()
form.set('file', new Blob(['the same bytes\n']), 'same-1.0.0.tar.gz')
const sent = await mock.handle(
  new Request(String(upload.upload_url), { method: 'POST', body: form }),
)
lines.push(JSON.stringify(['POST', 'upload_url', sent.status, [...sent.headers]]))
const pkg = await call(
  'POST',
  '/v1/packages/acme/web-assets/upload/raw/',
  { package_file: upload.identifier, tags: 'a,b' },
  processing,
)
const status = `/v1/packages/acme/web-assets/${String(pkg.slug_perm)}/status/`
await call('GET', status)
await call('GET', status)
mock.clock.advance(12_345)
await call('GET', `/v1/packages/acme/web-assets/${String(pkg.slug_perm)}/`)
await call('GET', '/v1/repos/acme/', undefined, { 'X-Mock-Scenario': 'rate-limited' })
await call('POST', '/v1/packages/acme/platform/upload/deb/', {}, { Prefer: 'code=422' })
await call('GET', '/v1/namespaces/', undefined, { Prefer: 'code=503' })
await call('GET', '/v1/rates/limits/')
mock.use({ name: 'once', rules: [{ operations: 'packages_list', status: 429, times: 1 }] })
await call('GET', '/v1/packages/acme/platform/')
await call('GET', `/v1/packages/acme/platform/${list[0]!.slug_perm}/status/`)
await call('POST', `/v1/packages/acme/platform/${list[0]!.slug_perm}/copy/`, {
  destination: 'releases',
})
process.stdout.write(lines.join('\n') + '\n')
