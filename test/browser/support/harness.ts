/**
 * A blank page on 127.0.0.1 that can import the prebuilt browser bundle, and the msw worker
 * script next to it: what a project without a bundler serves.
 */
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { inject } from 'vitest'

const workerScript = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js')

const page = (body: string) => `<!doctype html>
<html><head><meta charset="utf-8"><title>harness</title></head>
<body>${body}</body></html>`

/** Tests call the bundle's exports from page.evaluate (a serialised function cannot `import`). */
const exposeModule = `<script type="module">
  import * as mockModule from '/cloudsmith-mock.js'
  window.mockModule = mockModule
</script>`

/** Starts the mock at load from the page's own URL options: a reload runs it again. */
const autostart = `<script type="module">
  import { startMockWorker } from '/cloudsmith-mock.js'
  const options = JSON.parse(decodeURIComponent(location.hash.slice(1)) || '{}')
  window.mockStarted = startMockWorker({ quiet: true, clock: 'frozen', ...options }).then(
    (mock) => {
      window.mock = mock
      return 'started'
    },
    (error) => 'failed: ' + error.message,
  )
</script>`

export interface Harness {
  origin: string
  close(): Promise<void>
}

/**
 * Serves the browser bundle the project's global setup built for this run
 * (support/build-bundle.ts), the msw worker script and two blank pages, on 127.0.0.1.
 */
export async function startHarness(): Promise<Harness> {
  const outfile = inject('browserBundle')
  const files: Record<string, () => Promise<[string, string | Buffer]>> = {
    '/': async () => ['text/html', page(exposeModule)],
    '/auto.html': async () => ['text/html', page(autostart)],
    '/cloudsmith-mock.js': async () => ['text/javascript', await readFile(outfile)],
    '/mockServiceWorker.js': async () => ['text/javascript', await readFile(workerScript)],
  }
  const server: Server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://x').pathname]
    if (!file) {
      response.writeHead(404).end()
      return
    }
    file().then(
      ([type, body]) => response.writeHead(200, { 'Content-Type': type }).end(body),
      (error: Error) => response.writeHead(500).end(error.message),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('harness did not bind')
  return {
    origin: `http://127.0.0.1:${address.port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
