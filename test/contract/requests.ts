/**
 * A valid request for every route in the table, built against the default dataset through the
 * mock's own `handle(Request)` seam (no network). Routes that need a prior step (a package to
 * act on, an uploaded file) get it by real requests first, as a client would.
 */
import { routes, type RouteDefinition } from '../../handlers/index.ts'
import type { CloudsmithMock } from '../../src/index.ts'
import { getOperation, getSchema, isOperationId } from '../../src/core/openapi/index.ts'
import { notModelled } from '../../handlers/index.ts'

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

/** A documented operation the mock answers with 501 (handlers/resources/not-modelled.ts). */
export const isNotModelled = (route: RouteDefinition) =>
  Object.hasOwn(notModelled, route.operationId)

/**
 * Whether the scenario matrix runs on the route: every route but the operations not modelled
 * after the first of each group (their answer is the same 501 whatever the scenario says).
 */
export function runsScenarios(route: RouteDefinition): boolean {
  if (!isNotModelled(route)) return true
  const group = route.path.split('/')[1]
  return firstNotModelled.get(group!) === route.operationId
}

const firstNotModelled = new Map<string, string>()
for (const route of routes)
  if (isNotModelled(route) && !firstNotModelled.has(route.path.split('/')[1]!))
    firstNotModelled.set(route.path.split('/')[1]!, route.operationId)

/** The success status the document gives the operation (mock-only routes: what they answer). */
export function successStatus(route: RouteDefinition): number {
  if (route.operationId === 'mock_upload_post') return 204
  if (route.operationId === 'mock_upload_put') return 200
  if (route.operationId === 'mock_direct_upload') return 200
  if (route.operationId === 'mock_download') return 200
  if (!isOperationId(route.operationId)) throw new Error(`no document entry: ${route.operationId}`)
  if (isNotModelled(route)) return 501
  const codes = Object.keys(getOperation(route.operationId).responses).map(Number)
  const success = codes.filter((code) => code < 300)
  // A key create documents 200 and 201; creating answers 201.
  if (success.length === 2 && success.includes(201) && route.method === 'POST') return 201
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

/** A value for every path parameter of a route (the 501 routes look at none of them). */
function anyParams(route: RouteDefinition, known: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = { ...known }
  for (const [, name] of route.path.matchAll(/\{(\w+)\}/g)) out[name!] ??= 'contract-example'
  return out
}

/** A valid upstream of `format`: the request schema's required fields. */
function upstreamBody(format: string): Record<string, unknown> {
  const schema = getSchema(`${format[0]!.toUpperCase()}${format.slice(1)}UpstreamRequest`)
  const body: Record<string, unknown> = {
    name: `Contract ${format}`,
    upstream_url: `https://${format}.upstream.example`,
  }
  // Formats whose upstreams name the distribution they mirror (DebUpstreamRequest, Rpm...).
  if (format === 'deb') body.distro_versions = ['ubuntu/jammy']
  if (format === 'rpm') body.distro_version = 'el/9'
  for (const field of schema?.required ?? [])
    if (!(field in body)) throw new Error(`${format} upstream: no test value for "${field}"`)
  return body
}

/** Creates an upstream of `format` in the target repository (its slug_perm, or a missing one). */
async function createUpstream(
  mock: CloudsmithMock,
  target: Target,
  format: string,
  body: Record<string, unknown>,
): Promise<string> {
  const created = await call(
    mock,
    'POST',
    `/repos/${target.owner}/${target.repo}/upstream/${format}/`,
    body,
  )
  return created.status === 201 ? String(created.body.slug_perm) : 'no-such-upstream'
}

/** Path parameters and body for one route; setup requests are made with demo's key. */
async function prepare(
  mock: CloudsmithMock,
  route: RouteDefinition,
  target: Target,
): Promise<{ params: Record<string, string>; query?: string; body?: unknown; raw?: BodyInit }> {
  const params = { owner: target.owner, repo: target.repo, slug: target.owner }
  const op = route.operationId
  // Not modelled: any value reaches the 501.
  if (isNotModelled(route)) return { params: anyParams(route, params) }
  const rest = await prepareRest(mock, op, target, params)
  if (rest) return rest
  const upstream = /^repos_upstream_(\w+?)_(list|create|read|update|partial_update|delete)$/.exec(
    op,
  )
  if (upstream) {
    const base = { ...params, identifier: target.repo }
    const body = upstreamBody(upstream[1]!)
    if (upstream[2] === 'list') return { params: base }
    if (upstream[2] === 'create') return { params: base, body }
    const slug_perm = await createUpstream(mock, target, upstream[1]!, body)
    const member = { ...base, slug_perm }
    return {
      params: member,
      body: upstream[2] === 'read' || upstream[2] === 'delete' ? undefined : body,
    }
  }
  if (op.startsWith('repos_') || op.startsWith('repo_') || op === 'api_repos_geoip_status') {
    const base = { ...params, identifier: target.repo }
    const bodies: Record<string, unknown> = {
      repos_create: { name: 'Contract Repo' },
      repos_partial_update: { description: 'Updated by the contract tests.' },
      repos_gpg_create: { gpg_private_key: 'contract-gpg-key' },
      repos_rsa_create: { rsa_private_key: 'contract-rsa-key' },
      repos_ecdsa_create: { ecdsa_private_key: 'contract-ecdsa-key' },
      repos_geoip_update: {
        cidr: { allow: ['203.0.113.0/24'], deny: [] },
        country_code: { allow: [], deny: [] },
      },
      repos_geoip_partial_update: { cidr: { allow: [], deny: ['198.51.100.0/24'] } },
      repos_geoip_test: { addresses: ['203.0.113.5', '198.51.100.7'] },
      repos_privileges_update: { privileges: [{ privilege: 'Read', user: 'outsider' }] },
      repos_privileges_partial_update: { privileges: [{ privilege: 'Write', user: 'outsider' }] },
      repo_retention_partial_update: { retention_enabled: true, retention_count_limit: 5 },
      repos_transfer_region: { storage_region: 'default' },
    }
    return { params: base, body: bodies[op] }
  }
  if (op.startsWith('orgs_')) return orgsRequest(mock, op, params)
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
    const value = (params as Record<string, string | undefined>)[name]
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

/** The orgs group: acme's seeded records, or ones made first for a delete. */
async function orgsRequest(
  mock: CloudsmithMock,
  op: string,
  params: Record<string, string>,
): Promise<{ params: Record<string, string>; body?: unknown }> {
  const seeded = (family: string) =>
    mock.db.resources.all().find((r) => r.family === family && r.scope === 'acme')?.key ?? 'none'
  const made = async (path: string, body: unknown) =>
    String((await call(mock, 'POST', `/orgs/acme/${path}`, body)).body.slug_perm)
  const license = seeded('org-license-policy')
  const base = {
    ...params,
    org: params.owner!,
    member: 'demo',
    team: 'developers',
    service: 'ci-bot',
    slug_perm: seeded('org-invite'),
    policy_slug_perm: license,
  }
  const member = { members: [{ user: 'demo', role: 'Manager' }] }
  const oidc = {
    name: 'GitHub Actions',
    provider_url: 'https://token.actions.githubusercontent.com',
    enabled: true,
    claims: { repository_owner: 'acme' },
    service_accounts: ['ci-bot'],
  }
  const vulnerability = { name: 'No criticals', min_severity: 'Critical' }
  const deny = { name: 'No log4j', package_query_string: 'name:log4j' }
  const licenseBody = { name: 'MIT only', spdx_identifiers: ['MIT'] }
  switch (op) {
    case 'orgs_members_update_role':
      return { params: base, body: { role: 'Owner' } }
    case 'orgs_members_update_visibility':
      return { params: base, body: { visibility: 'Private' } }
    case 'orgs_members_partial_update':
      return { params: base, body: {} }
    case 'orgs_members_delete':
    case 'orgs_members_remove':
      await mock.db.memberships.insert({ org: 'acme', user: 'outsider', role: 'Read' })
      return { params: { ...base, member: 'outsider' } }
    case 'orgs_teams_create':
      return { params: base, body: { name: 'Contract Team' } }
    case 'orgs_teams_partial_update':
      return { params: base, body: { description: 'Updated by the contract tests.' } }
    case 'orgs_teams_members_create':
    case 'orgs_teams_members_update':
      return { params: base, body: member }
    case 'orgs_services_create':
      return { params: base, body: { name: 'Contract Bot' } }
    case 'orgs_services_partial_update':
      return { params: base, body: { description: 'Updated by the contract tests.' } }
    case 'orgs_invites_create':
      return { params: base, body: { email: 'contract@example.com', role: 'Member' } }
    case 'orgs_invites_partial_update':
      return { params: base, body: { role: 'Manager' } }
    case 'orgs_saml-authentication_partial_update':
      return { params: base, body: { saml_auth_enabled: true, saml_auth_enforced: false } }
    case 'orgs_saml-group-sync_create':
      return {
        params: base,
        body: { idp_key: 'group', idp_value: 'devs', organization: 'acme', team: 'developers' },
      }
    case 'orgs_saml-group-sync_delete': {
      const body = { idp_key: 'group', idp_value: 'ops', organization: 'acme', team: 'developers' }
      return { params: { ...base, slug_perm: await made('saml-group-sync/', body) } }
    }
    case 'orgs_openid-connect_create':
      return { params: base, body: oidc }
    case 'orgs_openid-connect_update':
    case 'orgs_openid-connect_partial_update':
    case 'orgs_openid-connect_read':
    case 'orgs_openid-connect_delete':
    case 'orgs_openid-connect_dynamic-mappings_list':
    case 'orgs_openid-connect_dynamic-mappings_read': {
      const mapped = {
        ...oidc,
        service_accounts: [],
        mapping_claim: 'repository',
        dynamic_mappings: [{ claim_value: 'acme/app', service_account: 'ci-bot' }],
      }
      const slug_perm = await made('openid-connect/', mapped)
      const write = op.endsWith('update') ? mapped : undefined
      return {
        params: { ...base, slug_perm, provider_setting: slug_perm, claim_value: 'acme/app' },
        body: write,
      }
    }
    case 'orgs_license-policy_create':
    case 'orgs_license-policy_update':
      return { params: { ...base, slug_perm: license }, body: licenseBody }
    case 'orgs_license-policy_partial_update':
      return { params: { ...base, slug_perm: license }, body: { description: 'Contract.' } }
    case 'orgs_license-policy_read':
    case 'orgs_license-policy_delete':
      return { params: { ...base, slug_perm: license } }
    case 'orgs_license-policy_evaluation_create':
      return { params: base, body: {} }
    case 'orgs_license-policy_evaluation_read':
      return {
        params: {
          ...base,
          slug_perm: await made(`license-policy/${license}/evaluation/`, {}),
        },
      }
    case 'orgs_vulnerability-policy_create':
      return { params: base, body: vulnerability }
    case 'orgs_deny-policy_create':
      return { params: base, body: deny }
  }
  const policy = /^orgs_(vulnerability|deny)-policy_(\w+)$/.exec(op)
  if (policy) {
    const slug_perm = await made(
      `${policy[1]}-policy/`,
      policy[1] === 'deny' ? deny : vulnerability,
    )
    if (op.includes('evaluation')) {
      const params2 = { ...base, policy_slug_perm: slug_perm }
      if (op.endsWith('_read'))
        return {
          params: {
            ...params2,
            slug_perm: await made(`vulnerability-policy/${slug_perm}/evaluation/`, {}),
          },
        }
      return { params: params2, body: op.endsWith('_create') ? {} : undefined }
    }
    const body = op.endsWith('_update') ? (policy[1] === 'deny' ? deny : vulnerability) : undefined
    return { params: { ...base, slug_perm }, body }
  }
  return { params: base }
}

type Prepared = { params: Record<string, string>; query?: string; body?: unknown }

/** A member of a list the demo user sees (its `field`), or `missing` when there is none. */
async function firstOf(mock: CloudsmithMock, path: string, field: string, missing: string) {
  const listed = await call(mock, 'GET', path)
  const items = (Array.isArray(listed.body) ? listed.body : []) as Record<string, unknown>[]
  return items.length ? String(items[0]![field]) : missing
}

/**
 * Requests of the groups beside repos (entitlements, webhooks, user tokens, quota, metrics,
 * audit log, recycle bin, vulnerabilities, package extras, catalogues...); undefined for others.
 */
async function prepareRest(
  mock: CloudsmithMock,
  op: string,
  target: Target,
  params: Record<string, string>,
): Promise<Prepared | undefined> {
  const repoPath = `${target.owner}/${target.repo}`
  if (op.startsWith('entitlements_')) {
    const bodies: Record<string, unknown> = {
      entitlements_create: { name: 'Contract token' },
      entitlements_partial_update: { name: 'Contract token (renamed)' },
      entitlements_refresh: {},
      entitlements_toggle_private_broadcasts: { access_private_broadcasts: true },
      entitlements_sync: { source: 'releases' },
    }
    const created = await call(mock, 'POST', `/entitlements/${repoPath}/`, { name: 'Contract' })
    const identifier = created.status === 201 ? String(created.body.slug_perm) : 'no-such-token'
    return { params: { ...params, identifier }, body: bodies[op] }
  }
  if (op.startsWith('webhooks_')) {
    const hook = {
      target_url: 'https://hooks.example.com/contract',
      events: ['package.created'],
      templates: [],
    }
    const created = await call(mock, 'POST', `/webhooks/${repoPath}/`, hook)
    const identifier = created.status === 201 ? String(created.body.slug_perm) : 'no-such-hook'
    const bodies: Record<string, unknown> = {
      webhooks_create: hook,
      webhooks_partial_update: { is_active: false },
    }
    return { params: { ...params, identifier }, body: bodies[op] }
  }
  if (op === 'user_tokens_refresh') {
    const listed = await call(mock, 'GET', '/user/tokens/')
    const results = (listed.body.results ?? []) as Record<string, unknown>[]
    const known = mock.db.namespaces.has(target.owner) ? results[0]?.slug_perm : undefined
    return { params: { slug_perm: String(known ?? 'no-such-key') } }
  }
  if (op === 'user_token_create')
    return { params, body: { email: 'demo@example.com', password: DEMO_KEY } }
  if (op === 'recycle-bin_action' || op === 'bulk_action') {
    const pkg = completedPackage(mock, target)
    if (op === 'recycle-bin_action') await call(mock, 'DELETE', `/packages/${repoPath}/${pkg}/`)
    const action = op === 'bulk_action' ? 'Quarantine' : 'restore'
    return { params, body: { action, identifiers: [pkg] } }
  }
  if (op === 'broadcasts_create_broadcast_token') {
    const token = await firstOf(mock, `/entitlements/${repoPath}/?show_tokens=true`, 'token', 'x')
    return { params: { ...params, org: target.owner }, body: { entitlement_token: token } }
  }
  if (op.startsWith('vulnerabilities_') || op === 'badges_version_list') {
    const pkg = mock.db.packages.get(completedPackage(mock, target))
    const slug = pkg?.slug_perm ?? 'no-such-package'
    const identifier = await firstOf(
      mock,
      `/vulnerabilities/${repoPath}/${slug}/`,
      'identifier',
      'no-such-scan',
    )
    return {
      params: {
        ...params,
        package: slug,
        identifier,
        package_format: pkg?.format ?? 'raw',
        package_name: pkg?.name ?? 'none',
        package_version: pkg?.version ?? 'none',
        package_identifiers: 'any',
      },
    }
  }
  if (op === 'packages_update_license')
    return {
      params: { ...params, identifier: completedPackage(mock, target) },
      body: { spdx_license: 'MIT' },
    }
  const slugs: Record<string, string> = {
    formats_read: 'python',
    distros_read: 'ubuntu',
    'storage-regions_read': 'default',
    users_profile_read: 'demo',
  }
  // A target that does not exist (the 404 cases) names a missing catalogue entry or profile.
  const real = mock.db.namespaces.has(target.owner)
  if (slugs[op]) return { params: { ...params, slug: real ? slugs[op]! : target.owner } }
  return undefined
}
