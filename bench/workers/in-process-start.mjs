/**
 * d. In-process start: a fresh process imports `cloudsmith-mock/node` (dist/), then
 * `setupMockServer()` and `listen()`, then the first `fetch` through it. Prints one JSON line:
 * { importMs, createMs, firstFetchMs } (creation plus first fetch is what issue 17 point 4
 * holds under 100 ms; the import is reported apart).
 */
/* global performance, fetch */
import process from 'node:process'

const started = performance.now()
const { setupMockServer } = await import('../../dist/src/adapters/node/index.js')
const imported = performance.now()
const server = setupMockServer()
server.listen({ onUnhandledRequest: 'error' })
const created = performance.now()
const response = await fetch('https://api.cloudsmith.io/v1/user/self/', {
  headers: { 'X-Api-Key': 'demo-api-key' },
})
await response.arrayBuffer()
const answered = performance.now()
server.close()
if (response.status !== 200) throw new Error(`first fetch answered ${response.status}`)
process.stdout.write(
  `${JSON.stringify({ importMs: imported - started, createMs: created - imported, firstFetchMs: answered - created })}\n`,
)
