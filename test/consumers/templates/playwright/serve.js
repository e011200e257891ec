// The app "built as for production": index.html served as a static host would
// (`npm run preview -- --port 4173`, as with `vite preview`). It knows nothing about the mock.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import path from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } })

createServer(async (request, response) => {
  if (request.url?.split('?')[0] !== '/') return void response.writeHead(404).end()
  const page = await readFile(path.join(import.meta.dirname, 'index.html'))
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page)
}).listen(Number(values.port), '127.0.0.1')
