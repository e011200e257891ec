/**
 * What the fuzzing and the concurrency runs found, one case each, through setupMockServer and
 * real fetch: each answered 500, hung the event loop, corrupted the data or leaked access before
 * its fix. Case names read input -> result.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { checkIntegrity, type PackageFileUpload, type Package } from '../../src/index.ts'
import { call, DEMO_KEY, OUTSIDER_KEY, uploadFile, type ErrorReply } from '../node/support.ts'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(async () => {
  expect(checkIntegrity(mock.db).problems).toEqual([])
  await mock.reset()
})
afterAll(() => mock.close())

describe('lookups by a request value reach only own keys', () => {
  it.each([
    ['/v1/repos/acme/?sort=__proto__', 'sort'],
    ['/v1/repos/acme/?sort=constructor', 'sort'],
    ['/v1/repos/?sort=toString', 'sort'],
    ['/v1/packages/acme/web-assets/?sort=__proto__', 'sort'],
    ['/v1/packages/acme/web-assets/?sort=-constructor', 'sort'],
    ['/v1/packages/acme/web-assets/?query=constructor:x', 'query'],
    ['/v1/packages/acme/web-assets/?query=__proto__:x', 'query'],
    ['/v1/packages/acme/web-assets/?query=hasOwnProperty:x', 'query'],
  ])('%s -> 422 naming %s', async (path, field) => {
    const reply = await call<ErrorReply>('GET', path)
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields ?? {})).toEqual([field])
  })
})

describe('package search wildcards', () => {
  it('500 wildcards before a letter no package name ends in -> 200 [] (a regex backtracked for minutes)', async () => {
    const query = encodeURIComponent(`name:${'*'.repeat(500)}~`)
    const reply = await call<Package[]>('GET', `/v1/packages/acme/web-assets/?query=${query}`)
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual([])
  })

  it('name:*a*a*...*b over every package -> 200, matching what a regex would', async () => {
    const pattern = `${'*a'.repeat(200)}*b`
    const reply = await call<Package[]>(
      'GET',
      `/v1/packages/acme/platform/?page_size=500&query=${encodeURIComponent(`name:${pattern}`)}`,
    )
    expect(reply.status).toBe(200)
    const names = reply.body.map((p) => p.name)
    // No generated name holds two hundred a's: the answer is empty, but it comes.
    expect(names).toEqual([])
  })

  it.each([
    ['name:^fo*o$', ['foo', 'fo-o', 'fooo'], ['xfoo', 'foox']],
    ['name:*ar$', ['bar', 'car', 'ar'], ['bark']],
    ['name:*ar', ['bar', 'bark', 'ar'], ['ra']],
    ['name:^b*r', ['bar', 'br', 'bear-r', 'barx'], ['abar']],
    ['name:b*r*k', ['bark', 'brk', 'xbyrzk'], ['bra', 'kbr']],
  ])('%s matches %j, not %j', async (query, matching, other) => {
    // A fresh repository, so only these names are searched.
    await call('POST', '/v1/repos/demo/', { json: { name: 'glob' } })
    for (const name of [...matching, ...other]) {
      const id = await uploadFile('demo', 'glob', `${name}-1.0.0.tar.gz`)
      const created = await call('POST', '/v1/packages/demo/glob/upload/raw/', {
        json: { package_file: id, name },
      })
      expect(created.status).toBe(201)
    }
    const reply = await call<Package[]>(
      'GET',
      `/v1/packages/demo/glob/?page_size=100&query=${encodeURIComponent(query)}`,
    )
    expect(reply.body.map((p) => p.name).sort()).toEqual([...matching].sort())
  })
})

describe('very long URLs (msw answered 500 with its stack trace past 8,192 characters)', () => {
  it.each([
    ['a 9,000-character repository slug', `/v1/repos/acme/${'y'.repeat(9000)}/`, 404],
    ['a 9,000-character query', `/v1/packages/acme/web-assets/?query=${'z'.repeat(9000)}`, 422],
  ])('%s -> %i with a detail', async (_label, path, status) => {
    const reply = await call<ErrorReply>('GET', path)
    expect(reply.status).toBe(status)
    expect(typeof reply.body.detail).toBe('string')
  })
})

describe('concurrent writes', () => {
  it('five creates of one slug at once -> one 201, four 422, one record', async () => {
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', '/v1/repos/acme/', { json: { name: 'twin' } })),
    )
    expect(replies.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422])
    expect(mock.db.repositories.collection.count()).toBe(mock.db.repositories.size)
  })

  it('ten tags added at once to one package -> all ten kept', async () => {
    const pkg = mock.db.packages.group('acme/web-assets')[0]!
    const tags = Array.from({ length: 10 }, (_, i) => `t${i}`)
    const replies = await Promise.all(
      tags.map((tag) =>
        call('POST', `/v1/packages/acme/web-assets/${pkg.slug_perm}/tag/`, {
          json: { action: 'add', tags: [tag] },
        }),
      ),
    )
    expect(replies.map((r) => r.status)).toEqual(tags.map(() => 200))
    const read = await call<Package>('GET', `/v1/packages/acme/web-assets/${pkg.slug_perm}/`)
    expect(read.body.tags).toMatchObject({ info: expect.arrayContaining(tags) })
  })

  it('a move and a delete of one package at once -> 200 and 404 or 204 and 404, never 500', async () => {
    const pkg = mock.db.packages.group('acme/web-assets')[0]!
    const path = `/v1/packages/acme/web-assets/${pkg.slug_perm}/`
    const [moved, deleted] = await Promise.all([
      call('POST', `${path}move/`, { json: { destination: 'python-libs' } }),
      call('DELETE', path),
    ])
    // Whichever reaches the write queue first wins; the other finds no package.
    expect([
      [200, 404],
      [404, 204],
    ]).toContainEqual([moved.status, deleted.status])
  })

  it('one uploaded file turned into a package twice at once -> one 201, one 422', async () => {
    const id = await uploadFile('acme', 'web-assets', 'once-1.0.0.tar.gz')
    const replies = await Promise.all(
      [1, 2].map(() =>
        call('POST', '/v1/packages/acme/web-assets/upload/raw/', { json: { package_file: id } }),
      ),
    )
    expect(replies.map((r) => r.status).sort()).toEqual([201, 422])
  })
})

describe('access after a repository is deleted', () => {
  it('acme/releases deleted and created again -> outsider, whose Read was on the old one, gets 404', async () => {
    expect((await call('GET', '/v1/repos/acme/releases/', { key: OUTSIDER_KEY })).status).toBe(200)
    expect((await call('DELETE', '/v1/repos/acme/releases/')).status).toBe(200)
    const created = await call('POST', '/v1/repos/acme/', {
      json: { name: 'releases', repository_type_str: 'Private' },
    })
    expect(created.status).toBe(201)
    expect((await call('GET', '/v1/repos/acme/releases/', { key: OUTSIDER_KEY })).status).toBe(404)
  })
})

describe('abandoned uploads', () => {
  it('1,100 uploads requested and never sent -> at most 1,000 kept, the newest still usable', async () => {
    let last: PackageFileUpload | null = null
    // Straight to the core (mock.handle): through msw's interceptor each request costs ~5 ms.
    for (let i = 0; i < 1100; i++) {
      const response = await mock.handle(
        new Request('https://api.cloudsmith.io/v1/files/acme/web-assets/', {
          method: 'POST',
          headers: { 'X-Api-Key': DEMO_KEY, 'Content-Type': 'application/json' },
          body: JSON.stringify({ filename: `abandoned-${i}.txt` }),
        }),
      )
      expect(response.status).toBe(202)
      last = (await response.json()) as PackageFileUpload
    }
    expect(mock.db.uploads.size).toBe(1000)
    const form = new FormData()
    form.append('file', new Blob(['bytes']), 'abandoned-1099.txt')
    const sent = await fetch(last!.upload_url!, { method: 'POST', body: form })
    expect(sent.status).toBe(204)
  })

  it('an upload requested over an hour (clock time) before the next one -> dropped', async () => {
    const old = await call<PackageFileUpload>('POST', '/v1/files/acme/web-assets/', {
      json: { filename: 'old.txt' },
    })
    mock.clock.advance(60 * 60 * 1000 + 1)
    await call('POST', '/v1/files/acme/web-assets/', { json: { filename: 'new.txt' } })
    expect(mock.db.uploads.get(old.body.identifier!)).toBeUndefined()
    const form = new FormData()
    form.append('file', new Blob(['late']), 'old.txt')
    expect((await fetch(old.body.upload_url!, { method: 'POST', body: form })).status).toBe(404)
  })
})
