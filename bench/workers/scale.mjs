/**
 * c. Scale: one process per dataset size, so that its resident memory is this size's alone.
 * Plain JavaScript importing the build (dist/), as a user's process would: Node's TypeScript
 * stripping would add its own memory. Builds the default dataset with `packageCount` packages,
 * loads it, then times repository-scoped list pages through the core (`mock.handle`).
 * Run with --expose-gc. Input (argv[2], JSON): { packageCount, repeats }; prints one JSON line.
 */
/* global performance, Request */
import process from 'node:process'
import { createMock, buildDefaultDataset } from '../../dist/src/index.js'

const { packageCount, repeats } = JSON.parse(process.argv[2] ?? '{}')
const gc = globalThis.gc ?? (() => {})
gc()
const baseRss = process.memoryUsage().rss

// In a function, so that nothing but the mock holds the dataset once it is loaded.
function start() {
  const t = performance.now()
  const dataset = buildDefaultDataset({ packageCount })
  const buildMs = performance.now() - t
  return { mock: createMock({ dataset, rateLimit: { limit: 1_000_000_000 } }), buildMs }
}
let started = performance.now()
const { mock, buildMs } = start()
await mock.ready()
const loadMs = performance.now() - started - buildMs
gc()
const memory = process.memoryUsage()

// acme/platform holds every format: the largest repository (8/31 of the packages).
const repository = 'acme/platform'
const init = { headers: { 'X-Api-Key': 'demo-api-key' } }
async function fetchMs(page, inRepository = repository) {
  const t = performance.now()
  const url = `https://api.cloudsmith.io/v1/packages/${inRepository}/?page=${page}`
  const response = await mock.handle(new Request(url, init))
  await response.arrayBuffer()
  if (response.status !== 200) throw new Error(`page ${page} answered ${response.status}`)
  return performance.now() - t
}

const pagesOf = (name) => Math.ceil(mock.db.packages.groupSize(name) / 30)
// Warm-up on another repository, so that the figures below are not the JIT compiling the code.
for (let round = 0; round < 3; round++)
  for (let page = 1; page <= Math.min(6, pagesOf('acme/web-assets')); page++)
    await fetchMs(page, 'acme/web-assets')
const pages = Math.min(9, pagesOf(repository))

// The first list request sorts the repository once; later ones page through that view.
const firstMs = await fetchMs(1)
// Pages 2-9 (fewer in a small smoke dataset), each the first time: records serialised afresh.
const walk = []
for (let page = 2; page <= pages; page++) walk.push(await fetchMs(page))
// Then those pages again and again: cached record texts and page bytes.
for (let i = 0; i < 50; i++) await fetchMs(2 + (i % (pages - 1)))
started = performance.now()
for (let i = 0; i < repeats; i++) await fetchMs(2 + (i % (pages - 1)))
const repeatMs = (performance.now() - started) / repeats

const result = {
  packageCount: mock.db.packages.size,
  repositoryPackages: mock.db.packages.groupSize(repository),
  buildMs,
  loadMs,
  rssBytes: memory.rss,
  baseRssBytes: baseRss,
  heapUsedBytes: memory.heapUsed,
  heapTotalBytes: memory.heapTotal,
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  firstMs,
  walkMs: walk.reduce((a, b) => a + b, 0) / walk.length,
  repeatMs,
}
process.stdout.write(`${JSON.stringify(result)}\n`)
