/**
 * `POST /__mock/given/<entity>` of the real server (the CLI in its own process) and the `given`
 * entries of a config file: the same factories as `mock.given`, over HTTP and JSON.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Package, Repository } from '../../src/index.ts'
import { call, startServer, stopAll, type RunningServer } from './support/cli.ts'

let server: RunningServer
let configured: RunningServer
let dir: string

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-given-'))
  const config = join(dir, 'mock.config.json')
  await writeFile(
    config,
    JSON.stringify({
      preset: 'empty',
      given: [
        { entity: 'repository', fields: { namespace: 'acme', name: 'web' }, traits: ['private'] },
        { entity: 'package', fields: { repository: 'acme/web', format: 'npm' }, count: 3 },
      ],
    }),
  )
  ;[server, configured] = await Promise.all([
    startServer(['--quiet', '--preset', 'empty']),
    startServer(['--quiet', '--config', config]),
  ])
})
afterAll(async () => {
  await stopAll()
  await rm(dir, { recursive: true, force: true })
})

describe('POST /__mock/given/<entity>', () => {
  it('makes a record and answers 201 with what the API then answers for it', async () => {
    const repo = await call<Repository>(server, 'POST', '/__mock/given/repository', {
      json: { fields: { namespace: 'acme', name: 'web' }, traits: ['private'] },
    })
    expect(repo.status).toBe(201)
    // URLs point at the server itself, as its own API's do.
    expect(repo.body.self_url).toBe(`${server.url}/repos/acme/web/`)
    const read = await call<Repository>(server, 'GET', '/v1/repos/acme/web/')
    expect(read.body).toEqual(repo.body)

    const made = await call<Package>(server, 'POST', '/__mock/given/package', {
      json: {
        fields: { repository: 'acme/web', format: 'npm', name: 'left-pad', version: '1.3.0' },
        traits: ['quarantined', { withTags: ['beta'] }],
      },
    })
    expect(made.status).toBe(201)
    expect(made.body).toMatchObject({ status_str: 'Quarantined', tags: { info: ['beta'] } })
  })

  it('count makes many packages; reset takes them away', async () => {
    await call(server, 'POST', '/__mock/given/repository', {
      json: { fields: { namespace: 'acme', name: 'many' } },
    })
    const many = await call<Package[]>(server, 'POST', '/__mock/given/package', {
      json: { fields: { repository: 'acme/many' }, count: 25 },
    })
    expect(many.body).toHaveLength(25)
    const page = await call(server, 'GET', '/v1/packages/acme/many/?page_size=10')
    expect(page.headers.get('x-pagination-count')).toBe('25')
    await call(server, 'POST', '/__mock/reset', { json: {} })
    expect((await call(server, 'GET', '/v1/repos/acme/many/')).status).toBe(404)
  })

  it('a bad field, trait or entity is a 400 naming it and what is valid', async () => {
    const format = await call<{ detail: string; fields: Record<string, string[]> }>(
      server,
      'POST',
      '/__mock/given/package',
      { json: { fields: { format: 'zip' } } },
    )
    expect(format.status).toBe(400)
    expect(format.body.detail).toMatch(/^POST \/__mock\/given\.package: .*"alpine"/)
    expect(Object.keys(format.body.fields)).toEqual(['format'])
    const traitReply = await call<{ detail: string }>(server, 'POST', '/__mock/given/package', {
      json: { traits: ['quarantine'] },
    })
    expect(traitReply.body.detail).toContain('unknown trait "quarantine". Valid traits:')
    const entity = await call<{ detail: string }>(server, 'POST', '/__mock/given/gadget', {
      json: {},
    })
    expect(entity.status).toBe(400)
    expect(entity.body.detail).toContain('no factory "gadget". Factories: namespace, user')
    const method = await call(server, 'GET', '/__mock/given/package')
    expect(method.status).toBe(405)
  })

  it('a text/plain POST (a page on any site could send one) is refused', async () => {
    const reply = await call(server, 'POST', '/__mock/given/package', {
      body: '{}',
      headers: { 'Content-Type': 'text/plain' },
    })
    expect(reply.status).toBe(415)
  })
})

describe('given entries of a config file', () => {
  it('are part of the start state, and stay after a reset', async () => {
    const list = () => call<Package[]>(configured, 'GET', '/v1/packages/acme/web/')
    expect((await list()).body).toHaveLength(3)
    await call(configured, 'POST', '/__mock/given/package', {
      json: { fields: { repository: 'acme/web' } },
    })
    expect((await list()).body).toHaveLength(4)
    await call(configured, 'POST', '/__mock/reset', { json: {} })
    expect((await list()).body).toHaveLength(3)
  })
})
