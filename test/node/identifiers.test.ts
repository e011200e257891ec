/**
 * Every route that takes an owner or a repository answers the same whether each is named by its
 * slug or by its slug_perm (issue 14, point 3).
 *
 * Source: the official Terraform provider (cloudsmith-io/terraform-provider-cloudsmith,
 * cloudsmith/resource_repository.go) keeps a repository's slug_perm as the resource id
 * (`d.SetId(repository.GetSlugPerm())`) and reads, updates and deletes the repository with it
 * (`ReposRead(pc.Auth, namespace, d.Id())`, `ReposPartialUpdate`, `ReposDelete`); its read also
 * notes that "namespace returned from the API is always the user-facing slug, but the resource may
 * have been created in terraform with the slug_perm instead": the namespace is accepted as a
 * slug_perm too, and answers carry the slugs. Expected statuses are API-NOTES.md's (§6.3-6.7).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package, PackageFileUpload, Repository } from '../../src/index.ts'
import { API, call, OUTSIDER_KEY, uploadFile, type ErrorReply } from './support.ts'

/** The Namespace fields read here (API-NOTES.md §6.3). */
type Namespace = { slug: string; slug_perm: string }

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
afterEach(() => mock.reset())
afterAll(() => mock.close())

/** acme's slug_perm, acme/platform's (private; demo owns acme), and demo/sandbox's. */
const perm = { acme: '', platform: '', sandbox: '' }
/** A completed package of acme/platform: copy and move accept only those. */
let pkg = ''

beforeAll(async () => {
  mock.listen()
  perm.acme = (await call<Namespace>('GET', '/v1/namespaces/acme/')).body.slug_perm!
  perm.platform = (await call<Repository>('GET', '/v1/repos/acme/platform/')).body.slug_perm!
  perm.sandbox = (await call<Repository>('GET', '/v1/repos/demo/sandbox/')).body.slug_perm!
  const list = await call<Package[]>('GET', '/v1/packages/acme/platform/?page_size=100')
  pkg = list.body.find((p) => p.is_sync_completed)!.slug_perm!
  // Both forms must be real and distinct, or every comparison below would be trivially equal.
  expect(perm.acme).toMatch(/^\w+$/)
  expect(perm.acme).not.toBe('acme')
  expect(perm.platform).not.toBe('platform')
})

/** What a request needs made first (an upload), made by slug with demo's key. */
type Prepared = { upload?: string }

interface Row {
  operation: string
  method: string
  /** The path with the owner and the repository named as given. */
  path: (owner: string, repo: string, prepared: Prepared) => string
  json?: (prepared: Prepared) => unknown
  prepare?: () => Promise<Prepared>
  /** Only the owner in the path: namespaces_read, repos_namespace_list, repos_create. */
  ownerOnly?: boolean
  /** For demo, who owns acme (API-NOTES.md). */
  status: number
  /** For the outsider, who may not see acme/platform. */
  outsider: number
}

async function multipartUpload(send: boolean): Promise<Prepared> {
  const created = await call<PackageFileUpload>('POST', '/v1/files/acme/platform/', {
    json: { filename: 'big.bin', method: 'put_parts' },
  })
  const upload = created.body.identifier!
  if (send) {
    const part = await fetch(`${created.body.upload_url}?upload_id=${upload}&part_number=1`, {
      method: 'PUT',
      headers: { 'X-Api-Key': 'demo-api-key' },
      body: 'part one',
    })
    expect(part.status).toBe(200)
  }
  return { upload }
}

const pkgPath = (o: string, r: string, action = '') => `/v1/packages/${o}/${r}/${pkg}/${action}`

const rows: Row[] = [
  {
    operation: 'namespaces_read',
    method: 'GET',
    path: (o) => `/v1/namespaces/${o}/`,
    ownerOnly: true,
    status: 200,
    outsider: 200,
  },
  {
    operation: 'repos_namespace_list',
    method: 'GET',
    path: (o) => `/v1/repos/${o}/`,
    ownerOnly: true,
    status: 200,
    outsider: 200,
  },
  {
    operation: 'repos_create',
    method: 'POST',
    path: (o) => `/v1/repos/${o}/`,
    json: () => ({ name: 'made-by-terraform' }),
    ownerOnly: true,
    status: 201,
    outsider: 403,
  },
  {
    operation: 'repos_read',
    method: 'GET',
    path: (o, r) => `/v1/repos/${o}/${r}/`,
    status: 200,
    outsider: 404,
  },
  {
    operation: 'repos_partial_update',
    method: 'PATCH',
    path: (o, r) => `/v1/repos/${o}/${r}/`,
    json: () => ({ description: 'managed by terraform' }),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'repos_delete',
    method: 'DELETE',
    path: (o, r) => `/v1/repos/${o}/${r}/`,
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_list',
    method: 'GET',
    path: (o, r) => `/v1/packages/${o}/${r}/`,
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_read',
    method: 'GET',
    path: (o, r) => pkgPath(o, r),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_delete',
    method: 'DELETE',
    path: (o, r) => pkgPath(o, r),
    status: 204,
    outsider: 404,
  },
  {
    operation: 'packages_copy',
    method: 'POST',
    path: (o, r) => pkgPath(o, r, 'copy/'),
    json: () => ({ destination: 'releases' }),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_move',
    method: 'POST',
    path: (o, r) => pkgPath(o, r, 'move/'),
    json: () => ({ destination: 'releases' }),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_resync',
    method: 'POST',
    path: (o, r) => pkgPath(o, r, 'resync/'),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_tag',
    method: 'POST',
    path: (o, r) => pkgPath(o, r, 'tag/'),
    json: () => ({ action: 'Add', tags: ['by-id'] }),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_status',
    method: 'GET',
    path: (o, r) => pkgPath(o, r, 'status/'),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_quarantine',
    method: 'POST',
    path: (o, r) => pkgPath(o, r, 'quarantine/'),
    json: () => ({}),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'packages_upload_raw',
    method: 'POST',
    path: (o, r) => `/v1/packages/${o}/${r}/upload/raw/`,
    prepare: async () => ({ upload: await uploadFile('acme', 'platform', 'notes.txt') }),
    json: (p) => ({ package_file: p.upload, name: 'notes', version: '1.0.0' }),
    status: 201,
    outsider: 404,
  },
  {
    operation: 'packages_validate-upload_raw',
    method: 'POST',
    path: (o, r) => `/v1/packages/${o}/${r}/validate-upload/raw/`,
    json: () => ({ package_file: 'notes.txt' }),
    status: 204,
    outsider: 404,
  },
  {
    operation: 'files_create',
    method: 'POST',
    path: (o, r) => `/v1/files/${o}/${r}/`,
    json: () => ({ filename: 'notes.txt' }),
    status: 202,
    outsider: 404,
  },
  {
    operation: 'files_validate',
    method: 'POST',
    path: (o, r) => `/v1/files/${o}/${r}/validate/`,
    json: () => ({ filename: 'notes.txt' }),
    status: 204,
    outsider: 404,
  },
  {
    operation: 'files_info',
    method: 'GET',
    path: (o, r, p) => `/v1/files/${o}/${r}/${p.upload}/info/?filename=big.bin&part_number=2`,
    prepare: () => multipartUpload(false),
    status: 200,
    outsider: 404,
  },
  {
    operation: 'files_complete',
    method: 'POST',
    path: (o, r, p) => `/v1/files/${o}/${r}/${p.upload}/complete/`,
    prepare: () => multipartUpload(true),
    json: (p) => ({ upload_id: p.upload, complete: true }),
    status: 201,
    outsider: 404,
  },
  {
    operation: 'files_abort',
    method: 'POST',
    path: (o, r, p) => `/v1/files/${o}/${r}/${p.upload}/abort/`,
    prepare: () => multipartUpload(false),
    json: (p) => ({ upload_id: p.upload }),
    status: 204,
    outsider: 404,
  },
]

type Form = 'slug' | 'slug_perm'
const forms: [Form, Form][] = [
  ['slug', 'slug'],
  ['slug', 'slug_perm'],
  ['slug_perm', 'slug'],
  ['slug_perm', 'slug_perm'],
]

function names(owner: Form, repo: Form): [string, string] {
  return [owner === 'slug' ? 'acme' : perm.acme, repo === 'slug' ? 'platform' : perm.platform]
}

/** From the seeded start, the row's request with the names given. */
async function send(row: Row, owner: string, repo: string, key?: string) {
  await mock.reset()
  const prepared = (await row.prepare?.()) ?? {}
  return call<unknown>(row.method, row.path(owner, repo, prepared), {
    key,
    json: row.json?.(prepared),
  })
}

describe('owner and repository by slug or slug_perm (Terraform provider: id = slug_perm)', () => {
  it.each(rows)('$operation: same status and body by either form', async (row) => {
    const seen = new Set<string>()
    const answers = []
    for (const [owner, repo] of forms) {
      const path = row.ownerOnly ? names(owner, 'slug')[0] : names(owner, repo).join('/')
      if (seen.has(path)) continue
      seen.add(path)
      const reply = await send(row, ...names(owner, repo))
      answers.push({ form: `${owner}/${repo}`, status: reply.status, body: reply.body })
    }
    const [first, ...others] = answers
    expect(first!.status).toBe(row.status)
    for (const answer of others) {
      expect(answer.status, answer.form).toBe(first!.status)
      expect(answer.body, answer.form).toEqual(first!.body)
    }
  })

  it.each(rows)(
    '$operation: the outsider gets the same answer by slug and by slug_perm',
    async (row) => {
      const bySlug = await send(row, 'acme', 'platform', OUTSIDER_KEY)
      const byPerm = await send(row, perm.acme, perm.platform, OUTSIDER_KEY)
      expect(bySlug.status).toBe(row.outsider)
      expect(byPerm.status).toBe(row.outsider)
      expect(byPerm.body).toEqual(bySlug.body)
    },
  )

  it.each(rows)(
    '$operation: an unknown slug_perm is a 404, for the repository and for the owner',
    async (row) => {
      const pairs: [string, string][] = row.ownerOnly
        ? [['NoSuchPerm12', 'platform']]
        : [
            ['acme', 'NoSuchPerm12'],
            ['NoSuchPerm12', 'platform'],
            ['NoSuchPerm12', perm.platform],
          ]
      for (const [owner, repo] of pairs) {
        const reply = await send(row, owner, repo)
        expect(reply.status, `${owner}/${repo}`).toBe(404)
        expect(reply.body).toEqual({ detail: 'Not found.' })
      }
    },
  )

  it.each(rows.filter((row) => !row.ownerOnly))(
    "$operation: a repository's slug_perm under another namespace is a 404",
    async (row) => {
      // demo owns both namespaces: only the pairing is wrong.
      for (const [owner, repo] of [
        ['acme', perm.sandbox],
        ['demo', perm.platform],
        [perm.acme, perm.sandbox],
      ] as const) {
        const reply = await send(row, owner, repo)
        expect(reply.status, `${owner}/${repo}`).toBe(404)
      }
    },
  )

  it('anonymous callers get 401 for a private repository by either form, as by slug', async () => {
    for (const path of ['/v1/repos/acme/platform/', `/v1/repos/${perm.acme}/${perm.platform}/`]) {
      const reply = await call<ErrorReply>('GET', path, { key: null })
      expect(reply.status, path).toBe(401)
    }
  })

  // URL forms as in API-NOTES.md §6.4's Repository example: `self_url` names the slugs.
  it('answers by slug_perm carry the slugs: slug, namespace, self_url, namespace_url', async () => {
    const reply = await call<Repository>('GET', `/v1/repos/${perm.acme}/${perm.platform}/`)
    expect(reply.status).toBe(200)
    expect(reply.body).toMatchObject({
      slug: 'platform',
      slug_perm: perm.platform,
      namespace: 'acme',
      self_url: `${API}/repos/acme/platform/`,
      namespace_url: `${API}/namespaces/acme/`,
    })
    const namespace = await call<Namespace>('GET', `/v1/namespaces/${perm.acme}/`)
    expect(namespace.body).toMatchObject({ slug: 'acme', slug_perm: perm.acme })
  })

  it("the Terraform provider's repository lifecycle, addressed by slug_perm throughout", async () => {
    // resourceRepositoryCreate: ReposCreate(namespace), then d.SetId(GetSlugPerm()) and a read.
    const created = await call<Repository>('POST', `/v1/repos/${perm.acme}/`, {
      json: { name: 'tf-managed', repository_type_str: 'Private' },
    })
    expect(created.status).toBe(201)
    expect(created.body.namespace).toBe('acme')
    const id = created.body.slug_perm!
    const at = `/v1/repos/${perm.acme}/${id}/`
    expect((await call<Repository>('GET', at)).body).toEqual(created.body)
    // resourceRepositoryUpdate: ReposPartialUpdate(namespace, d.Id()).
    const updated = await call<Repository>('PATCH', at, { json: { description: 'from tf' } })
    expect(updated.status).toBe(200)
    expect(updated.body).toMatchObject({ slug: 'tf-managed', description: 'from tf' })
    // resourceRepositoryDelete: ReposDelete, then wait_for_deletion polls ReposRead for a 404.
    expect((await call('DELETE', at)).status).toBe(200)
    expect((await call<ErrorReply>('GET', at)).status).toBe(404)
    expect((await call<ErrorReply>('GET', '/v1/repos/acme/tf-managed/')).status).toBe(404)
  })

  it('the slug_perm index follows writes: a changed slug_perm, a deleted repository, reset()', async () => {
    const old = `/v1/repos/acme/${perm.platform}/`
    await mock.db.repositories.update('acme/platform', (draft) => {
      draft.slug_perm = 'ReplacedPerm'
    })
    expect((await call('GET', old)).status).toBe(404)
    expect((await call('GET', '/v1/repos/acme/ReplacedPerm/')).status).toBe(200)
    expect((await call('DELETE', '/v1/repos/acme/ReplacedPerm/')).status).toBe(200)
    expect((await call('GET', '/v1/repos/acme/ReplacedPerm/')).status).toBe(404)
    await mock.reset()
    expect((await call('GET', old)).status).toBe(200)
    expect((await call('GET', '/v1/repos/acme/ReplacedPerm/')).status).toBe(404)
  })

  // The mock's own rule (no public source either way): a slug is the documented identifier
  // (API-NOTES.md §6.4), so it wins over a slug_perm that happens to be spelled the same.
  it("a repository whose slug is another's slug_perm is found by that slug", async () => {
    const twin = await call<Repository>('POST', '/v1/repos/acme/', {
      json: { name: 'twin', slug: perm.platform },
    })
    expect(twin.status).toBe(201)
    const reply = await call<Repository>('GET', `/v1/repos/acme/${perm.platform}/`)
    expect(reply.body).toMatchObject({ name: 'twin', slug: perm.platform })
    expect(reply.body.slug_perm).not.toBe(perm.platform)
  })
})
