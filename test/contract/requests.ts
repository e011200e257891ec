/**
 * A valid request for every route in the table, built against the default dataset through the
 * mock's own `handle(Request)` seam (no network). Routes that need a prior step (a package to
 * act on, an uploaded file) get it by real requests first, as a client would.
 */
import { routes, type RouteDefinition } from '../../handlers/index.ts'
import type { CloudsmithMock } from '../../src/index.ts'
import { getOperation, getSchema, isOperationId } from '../../src/core/openapi/index.ts'

export const API = 'https://api.cloudsmith.io'
export const DEMO_KEY = 'demo-api-key'
export const OUTSIDER_KEY = 'outsider-api-key'

/** Where a request points: owner/repo of the path, and whose key it carries (null: none). */
export interface Target {
  owner: string
  repo: string
  key: string | null
}

/** acme/platform is Private and holds every fixture format; demo owns acme. */
export const DEMO: Target = { owner: 'acme', repo: 'platform', key: DEMO_KEY }

export interface ContractRequest {
  method: string
  /** Path and query, relative to the API origin. */
  path: string
  body?: BodyInit
  headers: Record<string, string>
}

export const isMockOnly = (route: RouteDefinition) => route.operationId.startsWith('mock_')

/** The success status the document gives the operation (mock-only routes: what they answer). */
export function successStatus(route: RouteDefinition): number {
  if (route.operationId === 'mock_upload_post') return 204
  if (route.operationId === 'mock_upload_put') return 200
  if (route.operationId === 'mock_direct_upload') return 200
  if (route.operationId === 'mock_download') return 200
  if (!isOperationId(route.operationId)) throw new Error(`no document entry: ${route.operationId}`)
  const codes = Object.keys(getOperation(route.operationId).responses).map(Number)
  const success = codes.filter((code) => code < 300)
  if (success.length !== 1) throw new Error(`${route.operationId}: success codes ${success}`)
  return success[0]!
}

const json = (body: unknown) => JSON.stringify(body)

async function call(
  mock: CloudsmithMock,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await mock.handle(
    new Request(`${API}${path}`, {
      method,
      headers: { 'X-Api-Key': DEMO_KEY, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : json(body),
    }),
  )
  const text = await response.text()
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  }
}

/** An upload as `files_create` answers it, optionally with its bytes already sent. */
export async function createUpload(
  mock: CloudsmithMock,
  target: Target,
  options: { method?: 'post' | 'put_parts'; send?: boolean; filename?: string } = {},
): Promise<string> {
  const filename = options.filename ?? 'contract-tool-1.0.0.tar.gz'
  const created = await call(mock, 'POST', `/files/${target.owner}/${target.repo}/`, {
    filename,
    method: options.method ?? 'post',
  })
  // The target repository may be missing on purpose (404 variants): any identifier will do.
  if (created.status !== 202) return 'no-such-upload'
  const identifier = String(created.body.identifier)
  if (options.send) {
    const form = new FormData()
    form.set('file', new Blob(['contract test bytes\n']), filename)
    const sent = await mock.handle(
      new Request(String(created.body.upload_url), { method: 'POST', body: form }),
    )
    if (sent.status !== 204) throw new Error(`upload of ${identifier} failed: ${sent.status}`)
  }
  return identifier
}

/** A fully synchronised package of the target repository (slug_perm), or a missing one. */
function completedPackage(mock: CloudsmithMock, target: Target): string {
  const found = mock.db.packages
    .group(`${target.owner}/${target.repo}`)
    .find((pkg) => pkg.sync.outcome === 'completed' && !pkg.quarantined)
  return found?.slug_perm ?? 'no-such-package'
}

/**
 * Values for required upload fields other than `package_file`, by field name. A format whose
 * schema gains a required field without a value here fails loudly rather than sending junk.
 */
const uploadFieldValues: Record<string, string> = {
  distribution: 'ubuntu/jammy',
  filepath: 'tools/contract-tool-1.0.0.tar.gz',
  name: 'contract-tool',
  version: '1.0.0',
  scope: 'acme',
  provider: 'virtualbox',
}

const schemaName = (ref: string | undefined) => ref?.replace('#/schemas/', '')

async function uploadBody(mock: CloudsmithMock, route: RouteDefinition, target: Target) {
  const op = isOperationId(route.operationId) ? getOperation(route.operationId) : undefined
  const schema = getSchema(schemaName(op?.requestBody?.schema.$ref) ?? '')
  if (!schema) throw new Error(`${route.operationId}: no request schema`)
  const body: Record<string, string> = {
    package_file: await createUpload(mock, target, { send: true }),
  }
  for (const field of schema.required ?? []) {
    if (field === 'package_file') continue
    // Companion files (conan's info/manifest/metadata) are uploads of their own.
    if (field.endsWith('_file')) body[field] = await createUpload(mock, target, { send: true })
    else if (uploadFieldValues[field] !== undefined) body[field] = uploadFieldValues[field]
    else throw new Error(`${route.operationId}: no test value for required field "${field}"`)
  }
  return body
}

/** Path parameters and body for one route; setup requests are made with demo's key. */
async function prepare(
  mock: CloudsmithMock,
  route: RouteDefinition,
  target: Target,
): Promise<{ params: Record<string, string>; query?: string; body?: unknown; raw?: BodyInit }> {
  const params = { owner: target.owner, repo: target.repo, slug: target.owner }
  const op = route.operationId
  if (op.startsWith('repos_')) {
    const base = { ...params, identifier: target.repo }
    if (op === 'repos_create') return { params: base, body: { name: 'Contract Repo' } }
    if (op === 'repos_partial_update')
      return { params: base, body: { description: 'Updated by the contract tests.' } }
    return { params: base }
  }
  if (op.startsWith('packages_upload_') || op.startsWith('packages_validate-upload_'))
    return { params, body: await uploadBody(mock, route, target) }
  if (op.startsWith('packages_')) {
    const base = { ...params, identifier: completedPackage(mock, target) }
    const bodies: Record<string, unknown> = {
      packages_copy: { destination: 'releases' },
      packages_move: { destination: 'releases' },
      packages_tag: { action: 'Add', tags: ['contract'] },
      packages_quarantine: {},
    }
    return { params: base, body: bodies[op] }
  }
  if (op === 'files_create' || op === 'files_validate')
    return { params, body: { filename: 'contract-tool-1.0.0.tar.gz', method: 'post' } }
  if (op === 'files_info') {
    const identifier = await createUpload(mock, target, { method: 'put_parts' })
    return {
      params: { ...params, identifier },
      query: 'filename=contract-tool-1.0.0.tar.gz&part_number=1',
    }
  }
  if (op === 'files_complete' || op === 'files_abort') {
    const identifier = await createUpload(mock, target, { send: op === 'files_complete' })
    return { params: { ...params, identifier }, body: { filename: 'contract-tool-1.0.0.tar.gz' } }
  }
  if (op === 'mock_upload_post') {
    const identifier = await createUpload(mock, target)
    const form = new FormData()
    form.set('file', new Blob(['contract test bytes\n']), 'contract-tool-1.0.0.tar.gz')
    return { params: { identifier }, raw: form }
  }
  if (op === 'mock_upload_put') {
    const identifier = await createUpload(mock, target, { method: 'put_parts' })
    return { params: { identifier }, query: 'part_number=1', raw: 'contract test bytes\n' }
  }
  if (op === 'mock_direct_upload')
    return {
      params: { ...params, filename: 'contract-tool-1.0.0.tar.gz' },
      raw: 'contract bytes\n',
    }
  if (op === 'mock_download') {
    const pkg = mock.db.packages.get(completedPackage(mock, target))
    const file = pkg?.files[0]
    return {
      params: {
        ...params,
        access: 'basic',
        format: pkg?.format ?? 'raw',
        file: file?.slug_perm ?? 'no-such-file',
        filename: file?.filename ?? 'no-such-file',
      },
    }
  }
  return { params }
}

/** A request the real API would accept for `route`, against `target`. */
export async function buildRequest(
  mock: CloudsmithMock,
  route: RouteDefinition,
  target: Target = DEMO,
): Promise<ContractRequest> {
  const { params, query, body, raw } = await prepare(mock, route, target)
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name as keyof typeof params]
    if (value === undefined) throw new Error(`${route.operationId}: no value for {${name}}`)
    return encodeURIComponent(value)
  })
  const headers: Record<string, string> = {}
  // The upload target takes no API credentials (S3 in real life); the other mock-only routes do.
  if (target.key !== null && (!isMockOnly(route) || route.access !== 'public'))
    headers['X-Api-Key'] = target.key
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  return {
    method: route.method,
    path: query ? `${path}?${query}` : path,
    body: raw ?? (body === undefined ? undefined : json(body)),
    headers,
  }
}

export const toRequest = (request: ContractRequest, extra: Record<string, string> = {}) =>
  new Request(`${API}${request.path}`, {
    method: request.method,
    headers: { ...request.headers, ...extra },
    body: request.body,
  })

export { routes }
