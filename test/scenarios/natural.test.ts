/**
 * The eight codes of the seed (200, 201, 202, 401, 403, 404, 422, 429) reached naturally, with
 * no scenario: by who asks, what exists and what is sent. Expected bodies: API-NOTES.md §2-§6.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMock, type CloudsmithMock } from '../../src/index.ts'
import { OUTSIDER_KEY, send, uploadRawPackage, type Reply } from './support.ts'

const mock = createMock()
let releasesPackage = ''
let webPackage = ''
beforeAll(async () => {
  await mock.ready()
  releasesPackage = mock.db.packages.group('acme/releases')[0]!.slug_perm
  webPackage = mock.db.packages.group('acme/web-assets')[0]!.slug_perm
})
beforeEach(() => mock.reset())

interface Case {
  code: number
  name: string
  run(mock: CloudsmithMock): Promise<Reply<unknown>>
}

const cases: Record<'repos' | 'packages' | 'uploads', Case[]> = {
  repos: [
    {
      code: 200,
      name: 'demo reads acme/web-assets',
      run: (m) => send(m, 'GET', '/v1/repos/acme/web-assets/'),
    },
    {
      code: 201,
      name: 'demo creates a repository in acme',
      run: (m) => send(m, 'POST', '/v1/repos/acme/', { json: { name: 'New Repo' } }),
    },
    {
      code: 401,
      name: 'anonymous lists its repositories',
      run: (m) => send(m, 'GET', '/v1/repos/', { key: null }),
    },
    {
      code: 403,
      name: 'outsider (Read on acme/releases) renames acme/releases',
      run: (m) =>
        send(m, 'PATCH', '/v1/repos/acme/releases/', {
          key: OUTSIDER_KEY,
          json: { description: 'x' },
        }),
    },
    {
      code: 404,
      name: 'outsider reads the private acme/platform',
      run: (m) => send(m, 'GET', '/v1/repos/acme/platform/', { key: OUTSIDER_KEY }),
    },
    {
      code: 422,
      name: 'a repository without a name',
      run: (m) => send(m, 'POST', '/v1/repos/acme/', { json: { description: 'no name' } }),
    },
  ],
  packages: [
    {
      code: 200,
      name: 'demo lists acme/web-assets',
      run: (m) => send(m, 'GET', '/v1/packages/acme/web-assets/'),
    },
    {
      code: 201,
      name: 'demo uploads a raw package',
      run: (m) => uploadRawPackage(m, 'notes-1.0.0.txt'),
    },
    {
      code: 401,
      name: 'anonymous lists the private acme/platform',
      run: (m) => send(m, 'GET', '/v1/packages/acme/platform/', { key: null }),
    },
    {
      code: 403,
      name: 'outsider (Read) deletes a package of acme/releases',
      run: (m) =>
        send(m, 'DELETE', `/v1/packages/acme/releases/${releasesPackage}/`, { key: OUTSIDER_KEY }),
    },
    {
      code: 404,
      name: 'a package that does not exist',
      run: (m) => send(m, 'GET', '/v1/packages/acme/web-assets/NoSuchPackage/'),
    },
    {
      code: 422,
      name: 'a copy without a destination',
      run: (m) => send(m, 'POST', `/v1/packages/acme/web-assets/${webPackage}/copy/`, { json: {} }),
    },
  ],
  uploads: [
    {
      code: 200,
      name: 'the parts of a multipart upload',
      async run(m) {
        const created = await send(m, 'POST', '/v1/files/acme/web-assets/', {
          json: { filename: 'big.bin', method: 'put_parts' },
        })
        return send(
          m,
          'GET',
          `/v1/files/acme/web-assets/${String(created.body.identifier)}/info/?filename=big.bin&part_number=1`,
        )
      },
    },
    {
      code: 201,
      name: 'a raw package from an uploaded file',
      run: (m) => uploadRawPackage(m, 'tool-2.0.0.tar.gz'),
    },
    {
      code: 202,
      name: 'demo requests an upload',
      run: (m) => send(m, 'POST', '/v1/files/acme/web-assets/', { json: { filename: 'a.txt' } }),
    },
    {
      code: 401,
      name: 'anonymous requests an upload',
      run: (m) =>
        send(m, 'POST', '/v1/files/acme/web-assets/', { key: null, json: { filename: 'a.txt' } }),
    },
    {
      code: 403,
      name: 'outsider (Read) requests an upload to acme/releases',
      run: (m) =>
        send(m, 'POST', '/v1/files/acme/releases/', {
          key: OUTSIDER_KEY,
          json: { filename: 'a.txt' },
        }),
    },
    {
      code: 404,
      name: 'an upload to a repository that does not exist',
      run: (m) => send(m, 'POST', '/v1/files/acme/no-such-repo/', { json: { filename: 'a.txt' } }),
    },
    {
      code: 422,
      name: 'a package from a file that was never uploaded',
      run: (m) =>
        send(m, 'POST', '/v1/packages/acme/web-assets/upload/raw/', {
          json: { package_file: 'nosuchfile1' },
        }),
    },
  ],
}

/** API-NOTES §2/§3. */
const errorDetails: Record<number, string> = {
  401: 'Authentication credentials were not provided.',
  403: 'You do not have permission to perform this action.',
  404: 'Not found.',
  422: 'Invalid input.',
}

describe.each(Object.entries(cases))('%s, no scenario', (_, table) => {
  it.for(table.map((c) => [`${c.name} -> ${c.code}`, c] as const))('%s', async ([, c]) => {
    const reply = await c.run(mock)
    expect(reply.status, reply.text).toBe(c.code)
    expect(mock.journal.entries().at(-1)?.scenario ?? null).toBeNull()
    const body = reply.body as { detail?: string }
    if (c.code >= 400) expect(body.detail).toBe(errorDetails[c.code])
    if (c.code === 422) expect(body).toMatchObject({ code: 'invalid' })
  })

  it('reaches 429 once a one-request window is spent', async () => {
    const limited = createMock({ rateLimit: { limit: 1 } })
    expect((await send(limited, 'GET', '/v1/user/self/')).status).toBe(200)
    // The group's simplest success: one request.
    const probe = table.find((c) => c.code === 202) ?? table.find((c) => c.code === 200)!
    const second = await probe.run(limited)
    expect(second.status).toBe(429)
    expect(second.headers.get('X-RateLimit-Remaining')).toBe('0')
    expect(second.headers.get('Retry-After')).toBe('3600')
    expect(second.body).toEqual({
      detail: 'Request was throttled. Expected available in 3600.0 seconds.',
    })
  })
})

describe('natural field errors', () => {
  it('names the missing field of a repository create', async () => {
    const reply = await send(mock, 'POST', '/v1/repos/acme/', { json: {} })
    expect(reply.status).toBe(422)
    expect(Object.keys(reply.body.fields as object)).toContain('name')
  })
})
