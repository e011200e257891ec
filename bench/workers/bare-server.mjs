/**
 * The baseline: a bare node:http server that answers with bytes captured from the mock (status,
 * headers, body), looked up by method and path. It does the least any HTTP server must do, so
 * the mock's figures read as a share of what node:http itself serves on this machine. Plain
 * JavaScript, so Node's type stripping costs it nothing at start-up or in memory.
 * Input (argv[2], JSON): { file } naming a JSON list of captured responses (support/capture.ts),
 * or {} for a server that answers every request with an empty 200.
 */
import { Buffer } from 'node:buffer'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import process from 'node:process'

// Required, not imported: the ESM facade of node:http reads its lazy WebSocket getter, which
// loads undici (~60 ms of a cold start here) that a bare server never uses; CommonJS servers
// (json-server's, the mock's bundle) do not pay it either.
const { createServer } = createRequire(import.meta.url)('node:http')

const { file } = JSON.parse(process.argv[2] ?? '{}')
const captured = file ? JSON.parse(readFileSync(file, 'utf8')) : []
const routes = new Map(
  captured.map((r) => [
    `${r.method} ${r.path}`,
    { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') },
  ]),
)
const empty = {
  status: 200,
  headers: { 'content-type': 'application/json' },
  body: Buffer.from('{}'),
}

const server = createServer((request, response) => {
  const route = file
    ? (routes.get(`${request.method} ${request.url}`) ?? routes.get(`${request.method} *`))
    : empty
  // Bodies are read to the end, as the mock reads them, before answering.
  request.on('end', () => {
    if (!route) return void response.writeHead(404).end()
    response.writeHead(route.status, route.headers)
    response.end(route.body)
  })
  request.resume()
})
server.keepAliveTimeout = 5_000
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`bare node:http listening on http://127.0.0.1:${server.address().port}\n`)
})
process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections())
