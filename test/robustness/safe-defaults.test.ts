/**
 * Safe defaults of the standalone server: it listens on loopback unless told otherwise (and
 * warns when told), the admin API can be switched off or put behind a token, nothing a request
 * says ever becomes a file, and CORS never pairs a wildcard origin with credentials.
 */
import { mkdir, mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { exposureWarning, isLoopback } from '../../src/cli/output.ts'
import { spawn } from 'node:child_process'
import { BIN, call, startServer, stopAll } from '../server/support/cli.ts'

afterAll(stopAll)

/** The CLI server started in `cwd`, so that a file written relative to it would show there. */
async function serveIn(cwd: string, args: string[]) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk
      const match = /listening on (http:\/\/\S+)/.exec(out)
      if (match) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    url,
    async stop() {
      child.kill('SIGTERM')
      await exited
    },
  }
}

describe('where the server listens', () => {
  it('without --host -> 127.0.0.1, and no exposure warning', async () => {
    const server = await startServer(['--quiet'])
    expect(new URL(server.url).hostname).toBe('127.0.0.1')
    expect(server.stderr()).toBe('')
    await server.stop()
  })

  // Binding a public address is not done in tests; the decision and the words are checked.
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['192.168.1.20', false],
    ['example.com', false],
  ])('--host %s -> loopback: %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback)
  })

  it('a warning for a public address names it and what is exposed', () => {
    const warning = exposureWarning('0.0.0.0')
    expect(warning).toMatch(/0\.0\.0\.0/)
    expect(warning).toMatch(/admin API/)
    expect(warning).toMatch(/credentials/)
  })
})

describe('the admin API', () => {
  it('--no-admin -> /__mock/ is an unknown route; the API still answers', async () => {
    const server = await startServer(['--quiet', '--no-admin'])
    for (const path of ['/__mock/health', '/__mock/reset', '/__mock/scenarios'])
      expect((await call(server, 'POST', path, { key: null })).status).toBe(404)
    expect((await call(server, 'GET', '/v1/user/self/')).status).toBe(200)
    await server.stop()
  })

  it('--admin-token -> 401 without it or with a wrong one, 200 with it', async () => {
    const token = 's3cret-token'
    const server = await startServer(['--quiet', '--admin-token', token])
    const attempts: [Record<string, string>, number][] = [
      [{}, 401],
      [{ Authorization: 'Bearer wrong' }, 401],
      [{ Authorization: `Bearer ${token}x` }, 401],
      [{ Authorization: `Basic ${btoa(`admin:${token}`)}` }, 401],
      [{ 'X-Admin-Token': '' }, 401],
      [{ Authorization: `Bearer ${token}` }, 200],
      [{ 'X-Admin-Token': token }, 200],
    ]
    for (const [headers, status] of attempts) {
      const reply = await call<{ detail?: string }>(server, 'GET', '/__mock/health', {
        key: null,
        headers,
      })
      expect(reply.status, JSON.stringify(headers)).toBe(status)
      if (status === 401) expect(reply.body.detail).toMatch(/token/i)
    }
    await server.stop()
  })
})

describe('no request value reaches the file system', () => {
  it('traversal in paths, names, scenarios and uploads writes nothing but the --persist file', async () => {
    const root = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-fs-'))
    const cwd = join(root, 'cwd')
    const state = join(root, 'state')
    await mkdir(cwd)
    await mkdir(state)
    const marker = `zz-marker-${process.pid}`
    const server = await serveIn(cwd, ['--quiet', '--persist', join(state, 'state.json')])
    const traversal = [
      `../../${marker}`,
      `..%2f..%2f${marker}`,
      `/tmp/${marker}`,
      `${root}/${marker}`,
      `C:\\${marker}`,
    ]
    for (const value of traversal) {
      const encoded = encodeURIComponent(value)
      await call(server, 'POST', '/v1/repos/acme/', { json: { name: value, slug: value } })
      await call(server, 'GET', `/v1/repos/acme/${encoded}/`)
      await call(server, 'GET', `/v1/user/self/?__scenario=${encoded}`)
      await call(server, 'GET', '/v1/user/self/', { headers: { 'X-Mock-Scenario': value } })
      await call(server, 'GET', `/__mock/${encoded}`, { key: null })
      await call(server, 'POST', '/__mock/scenarios', { key: null, json: { scenarios: [value] } })
      const upload = await call<{ identifier: string; upload_fields: Record<string, string> }>(
        server,
        'POST',
        '/v1/files/acme/web-assets/',
        { json: { filename: value } },
      )
      expect(upload.status).toBe(202)
      const form = new FormData()
      form.append('file', new Blob(['bytes']), value)
      await fetch(`${server.url}/__uploads/${upload.body.identifier}/`, {
        method: 'POST',
        body: form,
      })
      await fetch(`${server.url}/__uploads/${encoded}/`, { method: 'PUT', body: 'bytes' })
      const created = await call(server, 'POST', '/v1/packages/acme/web-assets/upload/raw/', {
        json: { package_file: upload.body.identifier, name: value },
      })
      expect(created.status).toBe(201)
    }
    await server.stop()
    expect(await readdir(cwd)).toEqual([])
    expect(await readdir(state)).toEqual(['state.json'])
    expect((await readdir(root)).sort()).toEqual(['cwd', 'state'])
    expect((await readdir(tmpdir())).filter((name) => name.includes(marker))).toEqual([])
  })
})

describe('CORS', () => {
  const origins = [
    'http://localhost:5173',
    'https://app.example',
    '*',
    'null',
    'http://evil.example/path',
    'x'.repeat(3000),
    '',
  ]
  const routes: [string, string][] = [
    ['GET', '/v1/user/self/'],
    ['POST', '/v1/repos/acme/'],
    ['GET', '/__mock/health'],
    ['GET', '/nowhere'],
  ]

  // By default the admin API answers pages on this machine only (admin-safety.test.ts).
  it.each([
    [
      'by default',
      ['http://localhost:5173', 'https://app.example'],
      [] as string[],
      ['http://localhost:5173'],
    ],
    [
      '--cors-origin https://app.example null',
      ['https://app.example', 'null'],
      ['https://app.example', 'null'],
      ['https://app.example', 'null'],
    ],
    [
      '--cors-origin *',
      ['http://localhost:5173', 'https://app.example'],
      ['*'],
      ['http://localhost:5173', 'https://app.example'],
    ],
  ])(
    '%s -> echoes only %j (admin: %j), never * with credentials, refuses the rest',
    async (_label, apiEchoed, allowed, adminEchoed) => {
      const flags = allowed.flatMap((origin) => ['--cors-origin', origin])
      const server = await startServer(['--quiet', ...flags])
      for (const origin of origins)
        for (const [method, path] of routes)
          for (const preflight of [false, true]) {
            const echoed = path.startsWith('/__mock/') ? adminEchoed : apiEchoed
            const headers: Record<string, string> = origin ? { Origin: origin } : {}
            if (preflight) headers['Access-Control-Request-Method'] = method
            const response = await fetch(`${server.url}${path}`, {
              method: preflight ? 'OPTIONS' : method,
              headers: { ...headers, 'X-Api-Key': 'demo-api-key' },
            })
            await response.arrayBuffer()
            const allow = response.headers.get('access-control-allow-origin')
            const credentials = response.headers.get('access-control-allow-credentials')
            const where = `${preflight ? 'preflight ' : ''}${method} ${path} Origin: ${origin.slice(0, 40)}`
            expect(allow === '*' && credentials === 'true', where).toBe(false)
            expect(allow, where).toBe(echoed.includes(origin) ? origin : null)
            if (origin && !echoed.includes(origin)) expect(response.status, where).toBe(403)
          }
      await server.stop()
    },
  )
})
