// The app "built as for production": index.html served as a static host would
// (`npm run preview -- --port 4173`, as with `vite preview`). It knows nothing about the mock.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { port: { type: 'string', default: '4173' } } })

createServer(async (request, response) => {
  if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/')
    return void response.writeHead(404).end()
  const page = await readFile(new URL('index.html', import.meta.url))
  response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page)
}).listen(Number(values.port), '127.0.0.1')
