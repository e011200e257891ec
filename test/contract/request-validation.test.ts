/**
 * Request validation mirrors the document: bodies and queries the real API would reject are
 * rejected by the mock's pipeline with 422 and `fields` naming the fields, in DRF's words.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { routes } from '../../handlers/index.ts'
import { getOperation, getSchema, isOperationId } from '../../src/core/openapi/index.ts'
import { createMock } from '../../src/index.ts'
import { contractProblems } from './overrides.ts'
import { API, DEMO_KEY, isNotModelled } from './requests.ts'

const mock = createMock()
beforeEach(() => mock.reset())

async function send(method: string, path: string, body?: unknown) {
  const response = await mock.handle(
    new Request(`${API}${path}`, {
      method,
      headers: { 'X-Api-Key': DEMO_KEY, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    }),
  )
  const text = await response.text()
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as ErrorBody }
}

interface ErrorBody {
  detail: string
  code?: string
  fields?: Record<string, string[]>
}

const REQUIRED = 'This field is required.'
const pkg = () =>
  mock.db.packages.group('acme/platform').find((p) => p.sync.outcome === 'completed')!.slug_perm

interface Case {
  name: string
  operationId: string
  method: string
  path: () => string
  body?: unknown
  /** Field → DRF message; a `RegExp` when only the field matters. */
  fields: Record<string, string | RegExp>
}

// DRF's standard messages (rest_framework/fields.py), as Cloudsmith's API sends them.
const cases: Case[] = [
  // repos_create: RepositoryCreateRequest
  {
    name: 'repos_create without name',
    operationId: 'repos_create',
    method: 'POST',
    path: () => '/repos/acme/',
    body: {},
    fields: { name: REQUIRED },
  },
  {
    name: 'repos_create with a 51-character name',
    operationId: 'repos_create',
    method: 'POST',
    path: () => '/repos/acme/',
    body: { name: 'x'.repeat(51) },
    fields: { name: 'Ensure this field has no more than 50 characters.' },
  },
  {
    name: 'repos_create with a name outside the pattern',
    operationId: 'repos_create',
    method: 'POST',
    path: () => '/repos/acme/',
    body: { name: '-starts with a dash' },
    fields: { name: /./ },
  },
  {
    name: 'repos_create with an unknown repository_type_str and a non-boolean index_files',
    operationId: 'repos_create',
    method: 'POST',
    path: () => '/repos/acme/',
    body: { name: 'Good Name', repository_type_str: 'Secret', index_files: 'yes please' },
    fields: {
      repository_type_str: '"Secret" is not a valid choice.',
      index_files: 'Must be a valid boolean.',
    },
  },
  {
    name: 'repos_create with a number for name and a bad project URL',
    operationId: 'repos_create',
    method: 'POST',
    path: () => '/repos/acme/',
    body: { name: 42, open_source_project_url: 'not a url' },
    fields: { name: 'Not a valid string.', open_source_project_url: 'Enter a valid URL.' },
  },
  // repos_partial_update: RepositoryRequestPatch (everything optional, still typed)
  {
    name: 'repos_partial_update with a blank name',
    operationId: 'repos_partial_update',
    method: 'PATCH',
    path: () => '/repos/acme/platform/',
    body: { name: '' },
    fields: { name: 'This field may not be blank.' },
  },
  {
    name: 'repos_partial_update with unknown privileges',
    operationId: 'repos_partial_update',
    method: 'PATCH',
    path: () => '/repos/acme/platform/',
    body: { default_privilege: 'God', copy_packages: 'Everyone' },
    fields: {
      default_privilege: '"God" is not a valid choice.',
      copy_packages: '"Everyone" is not a valid choice.',
    },
  },
  {
    name: 'repos_partial_update with a null enum and a non-slug in distributes',
    operationId: 'repos_partial_update',
    method: 'PATCH',
    path: () => '/repos/acme/platform/',
    body: { broadcast_state: null, distributes: ['not a slug!'] },
    fields: { broadcast_state: 'This field may not be null.', distributes: /./ },
  },
  // files_create: PackageFileUploadRequest
  {
    name: 'files_create without filename',
    operationId: 'files_create',
    method: 'POST',
    path: () => '/files/acme/platform/',
    body: { md5_checksum: 'd41d8cd98f00b204e9800998ecf8427e' },
    fields: { filename: REQUIRED },
  },
  {
    name: 'files_create with an unknown method and a short md5_checksum',
    operationId: 'files_create',
    method: 'POST',
    path: () => '/files/acme/platform/',
    body: { filename: 'a.tgz', method: 'ftp', md5_checksum: 'abc' },
    fields: {
      method: '"ftp" is not a valid choice.',
      md5_checksum: 'Ensure this field has at least 32 characters.',
    },
  },
  {
    name: 'files_validate with a blank filename',
    operationId: 'files_validate',
    method: 'POST',
    path: () => '/files/acme/platform/validate/',
    body: { filename: '' },
    fields: { filename: 'This field may not be blank.' },
  },
  // packages_copy / packages_move / packages_tag
  {
    name: 'packages_copy without destination',
    operationId: 'packages_copy',
    method: 'POST',
    path: () => `/packages/acme/platform/${pkg()}/copy/`,
    body: { republish: true },
    fields: { destination: REQUIRED },
  },
  {
    name: 'packages_copy with a non-boolean republish',
    operationId: 'packages_copy',
    method: 'POST',
    path: () => `/packages/acme/platform/${pkg()}/copy/`,
    body: { destination: 'releases', republish: 'maybe' },
    fields: { republish: 'Must be a valid boolean.' },
  },
  {
    name: 'packages_move with a blank destination',
    operationId: 'packages_move',
    method: 'POST',
    path: () => `/packages/acme/platform/${pkg()}/move/`,
    body: { destination: '' },
    fields: { destination: 'This field may not be blank.' },
  },
  {
    name: 'packages_move without destination',
    operationId: 'packages_move',
    method: 'POST',
    path: () => `/packages/acme/platform/${pkg()}/move/`,
    body: {},
    fields: { destination: REQUIRED },
  },
  {
    name: 'packages_tag with an unknown action',
    operationId: 'packages_tag',
    method: 'POST',
    path: () => `/packages/acme/platform/${pkg()}/tag/`,
    body: { action: 'Explode', tags: ['x'] },
    fields: { action: '"Explode" is not a valid choice.' },
  },
  {
    name: 'packages_tag with tags as a string and a non-boolean is_immutable',
    operationId: 'packages_tag',
    method: 'POST',
    path: () => `/packages/acme/platform/${pkg()}/tag/`,
    body: { tags: 'latest', is_immutable: 'sure' },
    fields: {
      tags: 'Expected a list of items but got type "str".',
      is_immutable: 'Must be a valid boolean.',
    },
  },
  {
    name: 'packages_tag with a 256-character tag',
    operationId: 'packages_tag',
    method: 'POST',
    path: () => `/packages/acme/platform/${pkg()}/tag/`,
    body: { action: 'Add', tags: ['t'.repeat(256)] },
    fields: { tags: 'Ensure this field has no more than 255 characters.' },
  },
  // uploads: one schema per format, all from the document
  {
    name: 'packages_upload_raw with a 201-character name and a blank tags string',
    operationId: 'packages_upload_raw',
    method: 'POST',
    path: () => '/packages/acme/platform/upload/raw/',
    body: { package_file: 'abc123', name: 'n'.repeat(201), tags: '' },
    fields: {
      name: 'Ensure this field has no more than 200 characters.',
      tags: 'This field may not be blank.',
    },
  },
  {
    name: 'packages_upload_deb without distribution',
    operationId: 'packages_upload_deb',
    method: 'POST',
    path: () => '/packages/acme/platform/upload/deb/',
    body: { package_file: 'abc123' },
    fields: { distribution: REQUIRED },
  },
  {
    name: 'packages_upload_npm with a 256-character npm_dist_tag',
    operationId: 'packages_upload_npm',
    method: 'POST',
    path: () => '/packages/acme/platform/upload/npm/',
    body: { package_file: 'abc123', npm_dist_tag: 'd'.repeat(256) },
    fields: { npm_dist_tag: 'Ensure this field has no more than 255 characters.' },
  },
  {
    name: 'packages_upload_python with a number for package_file',
    operationId: 'packages_upload_python',
    method: 'POST',
    path: () => '/packages/acme/platform/upload/python/',
    body: { package_file: 7, republish: 'yes please' },
    fields: { package_file: 'Not a valid string.', republish: 'Must be a valid boolean.' },
  },
  {
    name: 'packages_upload_conan without its companion files',
    operationId: 'packages_upload_conan',
    method: 'POST',
    path: () => '/packages/acme/platform/upload/conan/',
    body: { package_file: 'abc123' },
    fields: { info_file: REQUIRED, manifest_file: REQUIRED, metadata_file: REQUIRED },
  },
  {
    name: 'packages_upload_swift without name, scope and version',
    operationId: 'packages_upload_swift',
    method: 'POST',
    path: () => '/packages/acme/platform/upload/swift/',
    body: { package_file: 'abc123' },
    fields: { name: REQUIRED, scope: REQUIRED, version: REQUIRED },
  },
  {
    name: 'packages_upload_vagrant without provider',
    operationId: 'packages_upload_vagrant',
    method: 'POST',
    path: () => '/packages/acme/platform/upload/vagrant/',
    body: { package_file: 'abc123', name: 'box', version: '1.0.0' },
    fields: { provider: REQUIRED },
  },
  {
    name: 'packages_validate-upload_rpm without distribution (the CLI sends a local path)',
    operationId: 'packages_validate-upload_rpm',
    method: 'POST',
    path: () => '/packages/acme/platform/validate-upload/rpm/',
    body: { package_file: '/home/me/dist/tool-1.0.0-1.x86_64.rpm' },
    fields: { distribution: REQUIRED },
  },
  {
    name: 'packages_validate-upload_generic without filepath',
    operationId: 'packages_validate-upload_generic',
    method: 'POST',
    path: () => '/packages/acme/platform/validate-upload/generic/',
    body: { package_file: 'tool.bin' },
    fields: { filepath: REQUIRED },
  },
  // query parameters
  {
    name: 'repos_namespace_list with page=abc',
    operationId: 'repos_namespace_list',
    method: 'GET',
    path: () => '/repos/acme/?page=abc',
    fields: { page: 'A valid integer is required.' },
  },
  {
    name: 'repos_user_list with page=1.5',
    operationId: 'repos_user_list',
    method: 'GET',
    path: () => '/repos/?page=1.5',
    fields: { page: 'A valid integer is required.' },
  },
  {
    name: 'packages_list with page_size=ten',
    operationId: 'packages_list',
    method: 'GET',
    path: () => '/packages/acme/platform/?page_size=ten',
    fields: { page_size: 'A valid integer is required.' },
  },
  {
    name: 'files_info without filename, with a non-integer part_number',
    operationId: 'files_info',
    method: 'GET',
    path: () => '/files/acme/platform/abc123/info/?part_number=first',
    fields: { filename: REQUIRED, part_number: 'A valid integer is required.' },
  },
]

describe('rejected requests -> 422 naming the fields', () => {
  it.for(cases.map((c) => [c.name, c] as const))('%s', async ([, c]) => {
    const path = c.path()
    const before = mock.db.snapshot()
    const answer = await send(c.method, path, c.body)
    expect(answer.status, JSON.stringify(answer.body)).toBe(422)
    expect(answer.body.detail).toBe('Invalid input.')
    expect(answer.body.code).toBe('invalid')
    expect(Object.keys(answer.body.fields ?? {}).sort()).toEqual(Object.keys(c.fields).sort())
    for (const [field, message] of Object.entries(c.fields)) {
      const got = answer.body.fields![field]!
      if (typeof message === 'string') expect(got, field).toEqual([message])
      else expect(got.join(' '), field).toMatch(message)
    }
    expect(contractProblems(c.operationId, 422, answer.body)).toBeNull()
    // A rejected write changes nothing.
    expect(mock.db.snapshot()).toEqual(before)
  })
})

describe('accepted requests', () => {
  it('ignores unknown and read-only fields, as DRF serializers do', async () => {
    const created = await send('POST', '/repos/acme/', {
      name: 'Good Name',
      whatever: 1,
      slug_perm: 'ignored',
      package_count: 'not even a number',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'Good Name' })
  })

  it('accepts a PATCH with no fields, since every field is optional', async () => {
    expect((await send('PATCH', '/repos/acme/platform/', {})).status).toBe(200)
  })

  it('accepts nullable fields sent as null', async () => {
    const answer = await send('POST', `/packages/acme/platform/${pkg()}/tag/`, {
      action: null,
      tags: ['kept'],
    })
    expect(answer.status).toBe(200)
  })

  it('accepts lower-case tag actions, as the CLI sends them', async () => {
    const answer = await send('POST', `/packages/acme/platform/${pkg()}/tag/`, {
      action: 'add',
      tags: ['lower'],
    })
    expect(answer.status).toBe(200)
  })

  it('clamps an oversized page_size instead of rejecting it (the CLI asks for 1000)', async () => {
    expect((await send('GET', '/packages/acme/platform/?page_size=1000')).status).toBe(200)
  })
})

describe('malformed bodies -> 400', () => {
  it('answers invalid JSON with a JSON parse error', async () => {
    const answer = await send('POST', '/repos/acme/', '{"name": ')
    expect(answer.status).toBe(400)
    expect(answer.body.detail).toMatch(/^JSON parse error - /)
    expect(contractProblems('repos_create', 400, answer.body)).toBeNull()
  })

  it('answers a JSON list with "Expected a dictionary"', async () => {
    const answer = await send('POST', '/files/acme/platform/', '["a.tgz"]')
    expect(answer.status).toBe(400)
    expect(answer.body.fields).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    })
    expect(contractProblems('files_create', 400, answer.body)).toBeNull()
  })
})

/**
 * The pipeline applies the document to every route: an empty body is rejected with exactly the
 * schema's required fields. files_complete and files_abort are exempt on purpose: the CLI
 * completes multipart uploads with {"upload_id", "complete"}, without the schema-required
 * filename (cloudsmith/API-NOTES.md §6.7).
 */
describe('every route with required body fields rejects an empty body', () => {
  const exempt = new Set(['files_complete', 'files_abort'])
  const schemaOf = (id: string) => {
    if (!isOperationId(id)) return undefined
    const ref = getOperation(id).requestBody?.schema.$ref
    return ref ? getSchema(ref.replace('#/schemas/', '')) : undefined
  }
  // Operations not modelled answer 501 without reading the body (handlers/resources/not-modelled.ts).
  const withRequired = routes.filter(
    (route) => !isNotModelled(route) && (schemaOf(route.operationId)?.required ?? []).length,
  )

  it('covers the upload formats, files and package actions', () => {
    const ids = withRequired.map((route) => route.operationId)
    expect(ids).toEqual(expect.arrayContaining(['repos_create', 'files_create', 'packages_copy']))
    expect(ids.filter((id) => id.startsWith('packages_upload_')).length).toBeGreaterThan(25)
  })

  it.for(withRequired.map((route) => [route.operationId, route] as const))(
    '%s',
    async ([id, route]) => {
      const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === 'owner' ? 'acme' : name === 'repo' ? 'platform' : pkg(),
      )
      const answer = await send(route.method, path, {})
      if (exempt.has(id)) {
        expect(answer.status).not.toBe(422)
        return
      }
      const required = [...(schemaOf(id)?.required ?? [])].sort()
      expect(answer.status).toBe(422)
      expect(Object.keys(answer.body.fields ?? {}).sort()).toEqual(required)
      for (const field of required) expect(answer.body.fields![field]).toEqual([REQUIRED])
    },
  )
})
