/**
 * Rules: matching by operation id, method and path; `times`/`after` sequences; custom bodies and
 * headers; delays that add up without deciding. Nothing random: the same sequence every run.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { send, uploadRawPackage } from './support.ts'

const mock = createMock()
beforeEach(() => mock.reset())

const statuses = async (count: number, path: string, method = 'GET') => {
  const seen = []
  for (let i = 0; i < count; i++) seen.push((await send(mock, method, path)).status)
  return seen
}

describe('sequences', () => {
  it('429 twice, then the natural 200', async () => {
    mock.use({
      name: 'flaky-list',
      rules: [{ operations: 'packages_list', status: 429, times: 2 }],
    })
    expect(await statuses(4, '/v1/packages/acme/web-assets/')).toEqual([429, 429, 200, 200])
    // Other operations never matched the rule.
    expect((await send(mock, 'GET', '/v1/repos/acme/web-assets/')).status).toBe(200)
  })

  it('500 on the third upload, whatever the format', async () => {
    mock.use({
      name: 'third-upload-fails',
      rules: [
        {
          path: '/packages/{owner}/{repo}/upload/{format}/',
          method: 'POST',
          status: 500,
          after: 2,
          times: 1,
        },
      ],
    })
    const seen = []
    for (let i = 1; i <= 4; i++)
      seen.push((await uploadRawPackage(mock, `tool-${i}.0.0.tar.gz`)).status)
    expect(seen).toEqual([201, 201, 500, 201])
    expect(mock.journal.entries({ status: 500 })).toHaveLength(1)
  })

  it('starts sequences again after reset()', async () => {
    const startup = createMock({
      scenarios: [
        { name: 'first-fails', rules: [{ operations: 'user_self', status: 503, times: 1 }] },
      ],
    })
    expect([
      (await send(startup, 'GET', '/v1/user/self/')).status,
      (await send(startup, 'GET', '/v1/user/self/')).status,
    ]).toEqual([503, 200])
    await startup.reset()
    expect((await send(startup, 'GET', '/v1/user/self/')).status).toBe(503)
  })
})

describe('matching', () => {
  it('by a list of operation ids', async () => {
    mock.use({
      name: 'reads-fail',
      rules: [{ operations: ['repos_read', 'packages_read'], status: 502 }],
    })
    expect((await send(mock, 'GET', '/v1/repos/acme/web-assets/')).status).toBe(502)
    expect((await send(mock, 'GET', '/v1/repos/acme/')).status).toBe(200)
  })

  it('by method, in any case', async () => {
    mock.use({ name: 'no-deletes', rules: [{ method: 'delete', status: 503 }] })
    expect((await send(mock, 'GET', '/v1/repos/acme/web-assets/')).status).toBe(200)
    expect((await send(mock, 'DELETE', '/v1/repos/acme/web-assets/')).status).toBe(503)
    expect(mock.db.repositories.has('acme/web-assets')).toBe(true)
  })

  it('by path template, with or without /v1', async () => {
    mock.use({
      name: 'repo-reads',
      rules: [{ path: '/v1/repos/{owner}/{identifier}/', method: 'GET', status: 404 }],
    })
    expect((await send(mock, 'GET', '/repos/acme/web-assets/')).status).toBe(404)
    expect((await send(mock, 'GET', '/v1/repos/acme/python-libs/')).status).toBe(404)
    expect((await send(mock, 'GET', '/v1/repos/acme/')).status).toBe(200)
  })

  it('by a concrete path', async () => {
    mock.use({ name: 'one-repo', rules: [{ path: '/repos/acme/web-assets/', status: 500 }] })
    expect((await send(mock, 'GET', '/v1/repos/acme/web-assets/')).status).toBe(500)
    expect((await send(mock, 'GET', '/v1/repos/acme/python-libs/')).status).toBe(200)
  })

  it('a broad rule skips operations that cannot send its status', async () => {
    // 422 is documented for Cloudsmith's operations, not for the mock's own upload target.
    mock.use('validation-error')
    const created = await send(mock, 'POST', '/v1/files/acme/web-assets/', {
      json: { filename: 'a.txt' },
    })
    expect(created.status).toBe(422)
    const form = new FormData()
    form.set('file', new Blob(['x']), 'a.txt')
    const target = await mock.handle(
      new Request('https://api.cloudsmith.io/__uploads/unknown/', { method: 'POST', body: form }),
    )
    expect(target.status).toBe(404)
  })
})

describe('responses', () => {
  it('sends a custom body and headers', async () => {
    mock.use({
      name: 'maintenance',
      rules: [
        {
          operations: 'status_check_basic',
          status: 200,
          body: { detail: 'Cloudsmith API is in maintenance.', version: '1.783.0' },
          headers: { 'X-Maintenance': 'yes' },
        },
      ],
    })
    const reply = await send(mock, 'GET', '/status/check/basic/')
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual({ detail: 'Cloudsmith API is in maintenance.', version: '1.783.0' })
    expect(reply.headers.get('X-Maintenance')).toBe('yes')
    expect(reply.headers.get('X-RateLimit-Limit')).toMatch(/^\d+$/)
  })

  it('a 2xx without a body runs the operation and adds the headers', async () => {
    mock.use({
      name: 'tagged',
      rules: [{ operations: 'repos_read', status: 200, headers: { 'X-Trace': 't1' } }],
    })
    const reply = await send(mock, 'GET', '/v1/repos/acme/web-assets/')
    expect(reply.body).toMatchObject({ slug: 'web-assets' })
    expect(reply.headers.get('X-Trace')).toBe('t1')
    // Still the real operation: a repository that does not exist is a 404.
    expect((await send(mock, 'GET', '/v1/repos/acme/nope/')).status).toBe(404)
  })

  it('an error rule with a custom detail', async () => {
    mock.use({
      name: 'locked',
      rules: [{ operations: 'repos_create', status: 403, body: { detail: 'Locked out.' } }],
    })
    const reply = await send(mock, 'POST', '/v1/repos/acme/', { json: { name: 'x' } })
    expect(reply).toMatchObject({ status: 403, body: { detail: 'Locked out.' } })
  })
})

describe('delays', () => {
  it('a delay-only rule adds its delay and lets a lower status rule decide', async () => {
    mock.use({ name: 'broken', rules: [{ operations: 'user_self', status: 500 }] })
    mock.use({ name: 'pause', rules: [{ delay: 1 }] })
    const reply = await send(mock, 'GET', '/v1/user/self/')
    expect(reply.status).toBe(500)
    expect(mock.journal.entries().at(-1)?.scenario).toBe('broken')
  })

  it('within one scenario too', async () => {
    mock.use({ name: 'both', rules: [{ delay: 1 }, { operations: 'user_self', status: 503 }] })
    expect((await send(mock, 'GET', '/v1/user/self/')).status).toBe(503)
    expect((await send(mock, 'GET', '/v1/repos/acme/')).status).toBe(200)
    expect(mock.journal.entries().at(-1)?.scenario).toBe('both')
  })

  it('slow over a status scenario: still the status', async () => {
    mock.use('not-found')
    mock.use({ name: 'slow', rules: [{ delay: 1 }] })
    expect((await send(mock, 'GET', '/v1/user/self/')).status).toBe(404)
  })
})
