/**
 * The standalone server (built, from dist/) in a child process started with --expose-gc, so a
 * test can ask over IPC for its heap after a full collection: RSS alone moves with the
 * collector's mood, the heap after gc() moves only with what is really kept.
 * Messages in: 'measure'. Messages out: { url } once listening, then one Measurement per ask.
 */
import type { MockHttpServer } from '../../../src/adapters/server/index.ts'

export interface Measurement {
  heapUsed: number
  rss: number
  external: number
  journal: number
  uploads: number
  repositories: number
  packages: number
  /** Entries in the tables' undo logs (what reset() would undo): must not grow per request. */
  undo: number
}

const { createMockHttpServer } = (await import(
  new URL('../../../dist/src/adapters/server/index.js', import.meta.url).href
)) as {
  createMockHttpServer: typeof import('../../../src/adapters/server/index.ts').createMockHttpServer
}

const app: MockHttpServer = await createMockHttpServer({
  seed: 1,
  rateLimit: { limit: 100_000_000 },
  journalSize: 1000,
})
const url = await app.listen(0, '127.0.0.1')
const gc = (globalThis as { gc?: () => void }).gc
if (!gc) throw new Error('start with --expose-gc')

process.on('message', (message) => {
  if (message !== 'measure') return
  gc()
  gc()
  const memory = process.memoryUsage()
  const counts = app.mock.db.counts()
  const measurement: Measurement = {
    heapUsed: memory.heapUsed,
    rss: memory.rss,
    external: memory.external,
    journal: app.mock.journal.size,
    uploads: counts.uploads,
    repositories: counts.repositories,
    packages: counts.packages,
    undo: Object.keys(counts).reduce(
      (sum, name) => sum + app.mock.db[name as keyof typeof counts].changed,
      0,
    ),
  }
  process.send!(measurement)
})
process.on('disconnect', () => void app.close(1000).then(() => process.exit(0)))
process.send!({ url })
