import { beforeAll, describe, expect, it } from 'vitest'
import {
  getOperation,
  listOperations,
  validateQuery,
  validateRequestBody,
  validateResponse,
} from '../../src/core/openapi/index.ts'
import { createMock } from '../../src/index.ts'

// A whole repository as the mock serves it: responses must carry every field the API always
// sends (scripts/generate-openapi.ts), far too many to write out here.
let repository: Record<string, unknown>
beforeAll(async () => {
  const response = await createMock({ seed: 1 }).handle(
    new Request('https://api.cloudsmith.io/v1/repos/acme/', {
      headers: { 'X-Api-Key': 'demo-api-key' },
    }),
  )
  repository = ((await response.json()) as Record<string, unknown>[])[0]!
})

describe('spec access', () => {
  it('exposes operations exactly as the spec declares them', () => {
    const op = getOperation('repos_create')
    expect(op.method).toBe('POST')
    expect(op.path).toBe('/repos/{owner}/')
    expect(op.requestBody?.schema).toEqual({ $ref: '#/schemas/RepositoryCreateRequest' })
    expect(listOperations().some((o) => o.operationId === 'packages_upload_raw')).toBe(true)
  })
})

describe('validateRequestBody', () => {
  it('accepts a minimal valid repos_create body', () => {
    expect(validateRequestBody('repos_create', { name: 'My Repo' })).toBeNull()
  })

  it('reports a missing repos_create name', () => {
    expect(validateRequestBody('repos_create', {})).toEqual({ name: ['This field is required.'] })
  })

  it('reports a too long name and an invalid repository_type_str choice', () => {
    const body = { name: 'x'.repeat(51), repository_type_str: 'Secret' }
    expect(validateRequestBody('repos_create', body)).toEqual({
      name: ['Ensure this field has no more than 50 characters.'],
      repository_type_str: ['"Secret" is not a valid choice.'],
    })
  })

  it('uses DRF messages for wrong types, null and blank values', () => {
    const body = { name: '', index_files: 'yes please', broadcast_state: null, slug: 7 }
    expect(validateRequestBody('repos_create', body)).toEqual({
      name: ['This field may not be blank.'],
      index_files: ['Must be a valid boolean.'],
      broadcast_state: ['This field may not be null.'],
      slug: ['Not a valid string.'],
    })
  })

  it('honours nullable, including nullable fields', () => {
    const body = { name: 'My Repo', open_source_license: null, open_source_project_url: null }
    expect(validateRequestBody('repos_create', body)).toBeNull()
  })

  it('puts a non-object body under non_field_errors', () => {
    expect(validateRequestBody('repos_create', ['x'])).toEqual({
      non_field_errors: ['Invalid data. Expected a dictionary, but got list.'],
    })
  })

  it('ignores readOnly and unknown properties, e.g. a GET result sent back as a PATCH', () => {
    expect(validateRequestBody('repos_partial_update', repository)).toBeNull()
    expect(validateRequestBody('repos_create', { name: 'My Repo', whatever: 1 })).toBeNull()
  })

  it('reports a missing files_create filename', () => {
    expect(validateRequestBody('files_create', { md5_checksum: 'a'.repeat(32) })).toEqual({
      filename: ['This field is required.'],
    })
  })

  it('reports a missing package_file for a raw upload', () => {
    expect(validateRequestBody('packages_upload_raw', { name: 'thing' })).toEqual({
      package_file: ['This field is required.'],
    })
    expect(validateRequestBody('packages_upload_raw', { package_file: 'abc123' })).toBeNull()
  })

  it('reports a missing distribution for a deb upload', () => {
    expect(validateRequestBody('packages_upload_deb', { package_file: 'abc123' })).toEqual({
      distribution: ['This field is required.'],
    })
  })

  it('returns null for operations without a body', () => {
    expect(validateRequestBody('packages_resync', { anything: true })).toBeNull()
  })
})

describe('validateQuery', () => {
  it('rejects a non-numeric page and page_size', () => {
    expect(validateQuery('repos_namespace_list', new URLSearchParams('page=abc'))).toEqual({
      page: ['A valid integer is required.'],
    })
    expect(validateQuery('packages_list', new URLSearchParams('page_size=ten'))).toEqual({
      page_size: ['A valid integer is required.'],
    })
  })

  it('accepts an oversized page_size, which the mock clamps', () => {
    const params = new URLSearchParams('page=2&page_size=1000&query=name:foo&unknown=x')
    expect(validateQuery('packages_list', params)).toBeNull()
  })

  it('accepts a query that sends none of the parameters when none is required', () => {
    expect(validateQuery('packages_list', new URLSearchParams())).toBeNull()
    expect(validateQuery('repos_namespace_list', new URLSearchParams('unknown=x'))).toBeNull()
  })

  it('checks booleans and required parameters', () => {
    expect(
      validateQuery('packages_groups_list', new URLSearchParams('hide_subcomponents=maybe')),
    ).toEqual({ hide_subcomponents: ['Must be a valid boolean.'] })
    expect(
      validateQuery('packages_groups_list', new URLSearchParams('hide_subcomponents=true')),
    ).toBeNull()
    expect(validateQuery('files_info', new URLSearchParams())).toEqual({
      filename: ['This field is required.'],
    })
  })
})

describe('validateResponse', () => {
  it('holds undocumented error statuses to ErrorDetail', () => {
    expect(validateResponse('repos_create', 401, { detail: 'Invalid token.' })).toBeNull()
    expect(validateResponse('repos_create', 401, {})).toEqual([
      "(body) must have required property 'detail'",
    ])
    expect(validateResponse('packages_list', 503, { detail: '' })).not.toBeNull()
  })

  it('accepts readOnly properties and enforces formats and enums', () => {
    expect(validateResponse('repos_read', 200, repository)).toBeNull()
    const bad = {
      ...repository,
      created_at: 'yesterday',
      self_url: 'nope',
      repository_type_str: 'X',
    }
    const errors = validateResponse('repos_read', 200, bad)
    expect(errors).toHaveLength(3)
    expect(errors?.join('\n')).toMatch(/\/created_at must match format "date-time"/)
    expect(errors?.join('\n')).toMatch(/\/self_url must match format "uri"/)
    expect(errors?.join('\n')).toMatch(/\/repository_type_str must be equal to one of/)
  })

  it('holds a response to every field the API always sends, null only where nullable', () => {
    const withoutSlugPerm = { ...repository }
    delete withoutSlugPerm.slug_perm
    expect(validateResponse('repos_read', 200, withoutSlugPerm)).toEqual([
      "(body) must have required property 'slug_perm'",
    ])
    expect(validateResponse('repos_read', 200, { ...repository, cdn_url: null })).toBeNull()
    expect(validateResponse('repos_read', 200, { ...repository, self_url: null })).toEqual([
      '/self_url must be string',
    ])
  })

  it('validates list responses item by item', () => {
    expect(validateResponse('repos_namespace_list', 200, [repository])).toBeNull()
    expect(
      validateResponse('repos_namespace_list', 200, [repository, { ...repository, slug: 1 }]),
    ).toEqual(['/1/slug must be string'])
  })

  it('checks bodiless and undocumented success statuses', () => {
    expect(validateResponse('packages_delete', 204, undefined)).toBeNull()
    expect(validateResponse('packages_delete', 204, { detail: 'x' })).not.toBeNull()
    expect(validateResponse('repos_read', 201, repository)?.[0]).toMatch(/not documented/)
  })
})
