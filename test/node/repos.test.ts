import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Repository } from '../../src/index.ts'
import { call, OUTSIDER_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const slugs = (repos: Repository[]) => repos.map((r) => `${r.namespace}/${r.slug}`).sort()

describe('repos_user_list', () => {
  it('lists every repository demo can reach: its own and acme', async () => {
    const list = await call<Repository[]>('GET', '/v1/repos/')
    expect(list.status).toBe(200)
    expect(slugs(list.body)).toEqual([
      'acme/containers',
      'acme/java',
      'acme/platform',
      'acme/python-libs',
      'acme/releases',
      'acme/web-assets',
      'demo/sandbox',
    ])
  })

  it('lists the outsider its own repository and the one it may read', async () => {
    const list = await call<Repository[]>('GET', '/v1/repos/', { key: OUTSIDER_KEY })
    expect(slugs(list.body)).toEqual(['acme/releases', 'outsider/secret'])
  })
})

describe('repos_namespace_list', () => {
  it('lists the six acme repositories to its owner, newest first by default', async () => {
    const list = await call<Repository[]>('GET', '/v1/repos/acme/')
    expect(list.status).toBe(200)
    expect(list.body).toHaveLength(6)
    expect(list.headers.get('X-Pagination-Count')).toBe('6')
    const created = list.body.map((r) => Date.parse(r.created_at!))
    expect(created).toEqual([...created].sort((a, b) => b - a))
  })

  it('filters by query and sorts by name', async () => {
    const list = await call<Repository[]>(
      'GET',
      '/v1/repos/acme/?query=repository_type:private&sort=name',
    )
    expect(list.body.map((r) => r.slug)).toEqual(['containers', 'platform', 'releases'])
  })

  it('shows the outsider the public acme repositories and releases', async () => {
    const list = await call<Repository[]>('GET', '/v1/repos/acme/?sort=slug', { key: OUTSIDER_KEY })
    expect(list.body.map((r) => r.slug)).toEqual(['java', 'python-libs', 'releases', 'web-assets'])
  })

  it('responds 404 to an unknown owner', async () => {
    const list = await call<ErrorReply>('GET', '/v1/repos/no-such-owner/')
    expect(list.status).toBe(404)
    expect(list.body).toEqual({ detail: 'Not found.' })
  })
})

describe('repos_read', () => {
  it.each([
    ['web-assets', 'Public', 1],
    ['platform', 'Private', 2],
    ['java', 'Open-Source', 3],
  ])('reads acme/%s (%s) with the Repository fields', async (slug, type, typeNumber) => {
    const repo = await call<Repository>('GET', `/v1/repos/acme/${slug}/`)
    expect(repo.status).toBe(200)
    expect(repo.body).toMatchObject({
      slug,
      name: slug,
      namespace: 'acme',
      repository_type_str: type,
      repository_type: typeNumber,
      is_public: type === 'Public',
      is_private: type === 'Private',
      is_open_source: type === 'Open-Source',
      self_url: `https://api.cloudsmith.io/repos/acme/${slug}/`,
      namespace_url: 'https://api.cloudsmith.io/namespaces/acme/',
      deleted_at: null,
    })
    expect(repo.body.package_count).toBe(mock.db.packages.groupSize(`acme/${slug}`))
  })

  it('lets the outsider read acme/releases, where it has Read', async () => {
    const repo = await call<Repository>('GET', '/v1/repos/acme/releases/', { key: OUTSIDER_KEY })
    expect(repo.status).toBe(200)
  })

  it.each([
    ['demo reading outsider/secret', 404, '/v1/repos/outsider/secret/', undefined, 'Not found.'],
    [
      'the outsider reading acme/platform',
      404,
      '/v1/repos/acme/platform/',
      OUTSIDER_KEY,
      'Not found.',
    ],
    ['anyone reading an unknown repository', 404, '/v1/repos/acme/nope/', undefined, 'Not found.'],
    ['an unknown owner', 404, '/v1/repos/no-such-owner/x/', undefined, 'Not found.'],
    [
      'anonymous reading a private repository',
      401,
      '/v1/repos/acme/platform/',
      null,
      'Authentication credentials were not provided.',
    ],
  ])('responds to %s with %i', async (_case, status, path, key, detail) => {
    const reply = await call<ErrorReply>('GET', path, { key })
    expect(reply.status).toBe(status)
    expect(reply.body).toEqual({ detail })
  })
})

describe('repos_create', () => {
  it('creates a repository (201) with the spec defaults and a slug from its name', async () => {
    const created = await call<Repository>('POST', '/v1/repos/demo/', {
      json: { name: 'My New Repo', description: 'for tests' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      name: 'My New Repo',
      slug: 'my-new-repo',
      namespace: 'demo',
      description: 'for tests',
      repository_type_str: 'Public',
      content_kind: 'Standard',
      storage_region: 'default',
      package_count: 0,
    })
    const read = await call<Repository>('GET', '/v1/repos/demo/my-new-repo/')
    expect(read.status).toBe(200)
    expect(read.body.slug_perm).toBe(created.body.slug_perm)
  })

  it('creates a private repository in acme with an explicit slug', async () => {
    const created = await call<Repository>('POST', '/v1/repos/acme/', {
      json: { name: 'Internal', slug: 'internal-2', repository_type_str: 'Private' },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ slug: 'internal-2', is_private: true })
    const hidden = await call('GET', '/v1/repos/acme/internal-2/', { key: OUTSIDER_KEY })
    expect(hidden.status).toBe(404)
  })

  it('responds 400 to malformed JSON', async () => {
    const reply = await call<ErrorReply>('POST', '/v1/repos/demo/', {
      body: '{"name": ',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toMatch(/^JSON parse error - /)
  })

  it.each([
    ['a missing name', {}, 'name'],
    ['a name that breaks the pattern', { name: '!!' }, 'name'],
    [
      'a repository type outside the enum',
      { name: 'x-repo', repository_type_str: 'Secret' },
      'repository_type_str',
    ],
    ['a content kind outside the enum', { name: 'x-repo', content_kind: 'Weird' }, 'content_kind'],
    ['a duplicate slug', { name: 'web-assets' }, 'slug'],
  ])('responds 422 naming the field for %s', async (_case, json, field) => {
    const reply = await call<ErrorReply>('POST', '/v1/repos/acme/', { json })
    expect(reply.status).toBe(422)
    expect(reply.body.detail).toBe('Invalid input.')
    expect(reply.body.code).toBe('invalid')
    expect(Object.keys(reply.body.fields ?? {})).toEqual([field])
    expect(reply.body.fields?.[field]?.[0]).toEqual(expect.any(String))
  })

  it.each([
    ['anonymous', 401, null],
    ['the outsider in acme', 403, OUTSIDER_KEY],
  ])('refuses %s with %i', async (_case, status, key) => {
    const reply = await call<ErrorReply>('POST', '/v1/repos/acme/', {
      key,
      json: { name: 'sneaky' },
    })
    expect(reply.status).toBe(status)
    expect(mock.db.repositories.has('acme/sneaky')).toBe(false)
  })

  it('responds 404 to an unknown owner', async () => {
    const reply = await call('POST', '/v1/repos/no-such-owner/', { json: { name: 'x-repo' } })
    expect(reply.status).toBe(404)
  })
})

describe('repos_partial_update', () => {
  it('changes only the fields sent', async () => {
    const before = await call<Repository>('GET', '/v1/repos/acme/platform/')
    const patched = await call<Repository>('PATCH', '/v1/repos/acme/platform/', {
      json: { description: 'changed', index_files: true },
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ description: 'changed', index_files: true })
    expect(patched.body.name).toBe(before.body.name)
    expect(patched.body.slug_perm).toBe(before.body.slug_perm)
    const read = await call<Repository>('GET', '/v1/repos/acme/platform/')
    expect(read.body.description).toBe('changed')
  })

  it('responds 403 to the outsider, who can read acme/releases but not write it', async () => {
    const reply = await call<ErrorReply>('PATCH', '/v1/repos/acme/releases/', {
      key: OUTSIDER_KEY,
      json: { description: 'mine now' },
    })
    expect(reply.status).toBe(403)
    expect(reply.body).toEqual({ detail: 'You do not have permission to perform this action.' })
  })

  it('responds 404 to demo patching outsider/secret', async () => {
    const reply = await call('PATCH', '/v1/repos/outsider/secret/', { json: { description: 'x' } })
    expect(reply.status).toBe(404)
  })

  it('responds 422 to a type outside the enum', async () => {
    const reply = await call<ErrorReply>('PATCH', '/v1/repos/acme/platform/', {
      json: { repository_type_str: 'Hidden' },
    })
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['repository_type_str'])
  })

  it('responds 400 to malformed JSON', async () => {
    const reply = await call('PATCH', '/v1/repos/acme/platform/', {
      body: 'not json',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(reply.status).toBe(400)
  })
})

describe('repos_delete', () => {
  it('schedules deletion (200, no body); the repository and its packages are gone', async () => {
    const reply = await call('DELETE', '/v1/repos/demo/sandbox/')
    expect(reply.status).toBe(200)
    expect(reply.body).toBeNull()
    expect((await call('GET', '/v1/repos/demo/sandbox/')).status).toBe(404)
    expect((await call('GET', '/v1/packages/demo/sandbox/')).status).toBe(404)
    expect(mock.db.packages.groupSize('demo/sandbox')).toBe(0)
  })

  it.each([
    ['anonymous', 401, null, '/v1/repos/acme/web-assets/'],
    ['the outsider on acme/releases', 403, OUTSIDER_KEY, '/v1/repos/acme/releases/'],
    ['the outsider on acme/platform', 404, OUTSIDER_KEY, '/v1/repos/acme/platform/'],
    ['demo on outsider/secret', 404, undefined, '/v1/repos/outsider/secret/'],
  ])('refuses %s with %i', async (_case, status, key, path) => {
    const reply = await call('DELETE', path, { key })
    expect(reply.status).toBe(status)
  })
})

describe('one repository answered on its own and in a list', () => {
  // A create, read or update answers the repository as a text rendered apart from the lists'
  // (handlers/serialize/repository.ts, repositoryText); both must be the same bytes, keys in the
  // same order, with default settings and with settings of its own.
  const API = 'https://api.cloudsmith.io/v1'
  const send = (method: string, path: string, body?: unknown) =>
    fetch(`${API}${path}`, {
      method,
      headers: { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  const listed = async (slug: string) => {
    const list = (await (await send('GET', '/repos/acme/?page_size=100')).json()) as Repository[]
    return JSON.stringify(list.find((repo) => repo.slug === slug))
  }

  it('is the same text as its entry in the list, created, read and updated', async () => {
    const created = await send('POST', '/repos/acme/', {
      name: 'text-check',
      repository_type_str: 'Private',
    })
    expect(created.status).toBe(201)
    const createdText = await created.text()
    expect(createdText).toContain('"broadcast_state":"Off"')
    expect(createdText).toBe(await listed('text-check'))
    const read = await (await send('GET', '/repos/acme/text-check/')).text()
    expect(read).toBe(createdText)

    const updated = await send('PATCH', '/repos/acme/text-check/', {
      description: 'déjà ✓ "quoted"',
      index_files: true,
      broadcast_state: 'Internal',
    })
    expect(updated.status).toBe(200)
    const updatedText = await updated.text()
    expect(updatedText).toContain('"broadcast_state":"Internal"')
    expect(updatedText).toContain('"description":"déjà ✓ \\"quoted\\""')
    expect(updatedText).toBe(await listed('text-check'))
  })
})
