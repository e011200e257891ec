/* global fetch, performance, Response */
/**
 * b. In-process: mean time per `fetch` through setupMockServer, and through a setupServer whose
 * only handler answers the same bytes (captured from the mock first). The two take turns, one
 * listening at a time. Plain JavaScript over the build (dist/), as a user's test imports it.
 * Input (argv[2], JSON): { iterations, rounds, datasetFile, repository }; prints one JSON line.
 */
import { readFileSync } from 'node:fs'
import process from 'node:process'
import { http } from 'msw'
import { setupServer } from 'msw/node'
import { setupMockServer } from '../../dist/src/adapters/node/index.js'

const { iterations, rounds, datasetFile, repository } = JSON.parse(process.argv[2] ?? '{}')
const API = 'https://api.cloudsmith.io'
const targets = [
  { name: 'list', url: `${API}/v1/repos/acme/` },
  { name: 'packages', url: `${API}/v1/packages/acme/${repository}/?page=2&query=format:npm` },
]
const init = { headers: { 'X-Api-Key': 'demo-api-key' } }

const mock = setupMockServer({
  dataset: JSON.parse(readFileSync(datasetFile, 'utf8')),
  rateLimit: { limit: 1_000_000_000 },
})
await mock.ready()

mock.listen()
const captured = []
for (const target of targets) {
  const response = await fetch(target.url, init)
  if (response.status !== 200) throw new Error(`${target.url} answered ${response.status}`)
  captured.push({
    ...target,
    status: response.status,
    headers: [...response.headers],
    body: await response.text(),
  })
}
mock.close()

const statics = setupServer(
  ...captured.map((c) =>
    http.get(
      c.url.split('?')[0],
      () => new Response(c.body, { status: c.status, headers: c.headers }),
    ),
  ),
)

async function perFetchMs(url, count) {
  const started = performance.now()
  for (let i = 0; i < count; i++) {
    const response = await fetch(url, init)
    await response.arrayBuffer()
  }
  return (performance.now() - started) / count
}

const results = {}
for (const c of captured) results[c.name] = { mockMs: [], staticMs: [], bytes: c.body.length }
// Round 0 warms both up (JIT, caches) and is not kept.
for (let round = 0; round <= rounds; round++) {
  for (const c of captured) {
    mock.listen()
    const mockMs = await perFetchMs(c.url, iterations)
    mock.close()
    statics.listen()
    const staticMs = await perFetchMs(c.url, iterations)
    statics.close()
    if (round > 0) {
      results[c.name].mockMs.push(mockMs)
      results[c.name].staticMs.push(staticMs)
    }
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`)
