/**
 * d. In-process start: a fresh process imports `cloudsmith-mock/node` (dist/), then
 * `setupMockServer()` and `listen()`, then the first `fetch` through it. Prints one JSON line:
 * { importMs, createMs, firstFetchMs } (creation plus first fetch is what issue 17 point 4
 * holds under 100 ms; the import is reported apart).
 * Input (argv[2], JSON): { "baseline": true } does the same with msw alone, the floor under
 * it: `setupServer()` with one static `http.get` handler answering a small JSON body.
 */
/* global performance, fetch */
import process from 'node:process'

const { baseline = false } = JSON.parse(process.argv[2] ?? '{}')
const URL = 'https://api.cloudsmith.io/v1/user/self/'

async function importServer() {
  if (!baseline) {
    const { setupMockServer } = await import('../../dist/src/adapters/node/index.js')
    return () => setupMockServer()
  }
  const [{ setupServer }, { http, HttpResponse }] = await Promise.all([
    import('msw/node'),
    import('msw'),
  ])
  return () => setupServer(http.get(URL, () => HttpResponse.json({ slug: 'demo' })))
}

const started = performance.now()
const create = await importServer()
const imported = performance.now()
const server = create()
server.listen({ onUnhandledRequest: 'error' })
const created = performance.now()
const response = await fetch(URL, { headers: { 'X-Api-Key': 'demo-api-key' } })
await response.arrayBuffer()
const answered = performance.now()
server.close()
if (response.status !== 200) throw new Error(`first fetch answered ${response.status}`)
process.stdout.write(
  `${JSON.stringify({ importMs: imported - started, createMs: created - imported, firstFetchMs: answered - created })}\n`,
)
