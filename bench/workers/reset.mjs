/* global performance, Request */
/**
 * d. reset() with the default dataset, clean and after a few writes, against one trivial
 * request through the same mock (`GET /v1/user/self/`). Plain JavaScript over the build.
 * Input (argv[2], JSON): { iterations }; prints one JSON line.
 */
import process from 'node:process'
import { createMock } from '../../dist/src/index.js'

const { iterations } = JSON.parse(process.argv[2] ?? '{}')
const API = 'https://api.cloudsmith.io'
const mock = createMock()
await mock.ready()

async function call(method, path, expected, body) {
  const response = await mock.handle(
    new Request(`${API}${path}`, {
      method,
      headers: { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  const text = await response.text()
  if (response.status !== expected)
    throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`)
  return text ? JSON.parse(text) : null
}

/** A few writes of the kinds a test makes: a repository created, a package deleted, one tagged. */
async function write() {
  const packages = await call('GET', '/v1/packages/acme/web-assets/', 200)
  await call('POST', '/v1/repos/acme/', 201, { name: 'bench-reset' })
  await call('DELETE', `/v1/packages/acme/web-assets/${packages[0].slug_perm}/`, 204)
  await call('POST', `/v1/packages/acme/web-assets/${packages[1].slug_perm}/tag/`, 200, {
    action: 'add',
    tags: ['bench'],
  })
}

async function meanMs(count, before, timed) {
  let total = 0
  for (let i = 0; i < count; i++) {
    await before()
    const started = performance.now()
    await timed()
    total += performance.now() - started
  }
  return total / count
}

const none = async () => {}
const self = () => call('GET', '/v1/user/self/', 200)
// Warm-up: the same work once over, untimed.
await meanMs(Math.min(200, iterations), write, () => mock.reset())
await meanMs(Math.min(200, iterations), none, self)

const requestMs = await meanMs(iterations, none, self)
const cleanMs = await meanMs(iterations, none, () => mock.reset())
const afterWritesMs = await meanMs(iterations, write, () => mock.reset())
process.stdout.write(`${JSON.stringify({ requestMs, cleanMs, afterWritesMs })}\n`)
