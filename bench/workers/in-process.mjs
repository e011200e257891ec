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

/** Fetches `count` times through `server` (listening only meanwhile); the ms of each. */
async function timed(server, url, count) {
  const times = []
  server.listen()
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now()
      const response = await fetch(url, init)
      await response.arrayBuffer()
      times.push(performance.now() - started)
    }
  } finally {
    server.close()
  }
  return times
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1]
const mean = (values) => values.reduce((sum, v) => sum + v, 0) / values.length

// The sides take turns in short blocks, so that both see the same moments of a busy machine;
// which goes first alternates too. A round is `iterations` fetches of each side; round 0 warms
// both up (JIT, caches) and is not kept. Medians per fetch, as a garbage collection that lands
// in one block would otherwise weigh on one side only.
const BLOCK = 10
const results = {}
for (const c of captured) {
  const mockTimes = []
  const staticTimes = []
  for (let round = 0; round <= rounds; round++) {
    const keep = round > 0
    for (let block = 0; block < iterations / BLOCK; block++) {
      const order = block % 2 ? [mock, statics] : [statics, mock]
      for (const server of order) {
        const times = await timed(server, c.url, BLOCK)
        if (keep) (server === mock ? mockTimes : staticTimes).push(...times)
      }
    }
  }
  results[c.name] = {
    mockMedianMs: median(mockTimes),
    staticMedianMs: median(staticTimes),
    mockMeanMs: mean(mockTimes),
    staticMeanMs: mean(staticTimes),
    fetches: mockTimes.length,
    bytes: c.body.length,
  }
}
process.stdout.write(`${JSON.stringify(results)}\n`)
