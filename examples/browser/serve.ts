/**
 * Serves the demo on 127.0.0.1: the page, the app bundled by esbuild (from source, so no build
 * step is needed first) and msw's worker script, which is what `cloudsmith-mock init public/`
 * copies into a real project.
 *
 *   npm run demo              # http://127.0.0.1:8788/
 *   npm run demo -- --port 0  # any free port
 */
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build, type Plugin } from 'esbuild'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')
const workerScript = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js')

/** The app imports `cloudsmith-mock/browser` like any user; here that is the source tree. */
const packageFromSource: Plugin = {
  name: 'cloudsmith-mock-from-source',
  setup(context) {
    context.onResolve({ filter: /^cloudsmith-mock\/browser$/ }, () => ({
      path: path.join(root, 'src/adapters/browser/index.ts'),
    }))
  },
}

async function bundleApp(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, 'app.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
    plugins: [packageFromSource],
  })
  return result.outputFiles[0]!.text
}

export interface DemoServer {
  url: string
  close(): Promise<void>
}

export async function startDemoServer(options: { port?: number } = {}): Promise<DemoServer> {
  const app = await bundleApp()
  const files: Record<string, [string, () => Promise<string | Buffer>]> = {
    '/': ['text/html', () => readFile(path.join(here, 'index.html'))],
    '/style.css': ['text/css', () => readFile(path.join(here, 'style.css'))],
    '/app.js': ['text/javascript', async () => app],
    '/mockServiceWorker.js': ['text/javascript', () => readFile(workerScript)],
  }
  const server = createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://localhost').pathname]
    if (!file) return void response.writeHead(404).end('Not found')
    file[1]().then(
      (body) =>
        response.writeHead(200, { 'Content-Type': file[0], 'Cache-Control': 'no-cache' }).end(body),
      (error: Error) => response.writeHead(500).end(error.message),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 8788, '127.0.0.1', resolve)
  })
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('demo server did not bind')
  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '8788' } } })
  try {
    const demo = await startDemoServer({ port: Number(values.port) })
    console.log(`Cloudsmith mock demo: ${demo.url}`)
    const stop = () => void demo.close().then(() => process.exit(0))
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  } catch (error) {
    console.error(`Failed to start the demo: ${(error as Error).message}`)
    process.exit(1)
  }
}
