/**
 * Errors the mock sends on its own (no scenario): bad credentials, no credentials, missing
 * resources, missing privileges, malformed JSON, a page past the end. Each has the status
 * cloudsmith/API-NOTES.md gives it and a body that validates against the document.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import type { RouteDefinition } from '../../handlers/index.ts'
import { getOperation, isOperationId } from '../../src/core/openapi/index.ts'
import { createMock } from '../../src/index.ts'
import {
  buildRequest,
  DEMO,
  DEMO_KEY,
  isMockOnly,
  isNotModelled,
  OUTSIDER_KEY,
  routes,
  successStatus,
  type Target,
} from './requests.ts'
import { expectConformant, send } from './support.ts'

const mock = createMock()
beforeEach(() => mock.reset())

const cases = (list: readonly RouteDefinition[]) => list.map((r) => [r.operationId, r] as const)
const api = routes.filter((route) => !isMockOnly(route))
/** Operations the mock models: the others answer 501 past authentication (tested below). */
const modelled = routes.filter((route) => !isNotModelled(route))
const modelledApi = api.filter((route) => !isNotModelled(route))
const hasParams = (route: RouteDefinition) => route.path.includes('{')

describe('an unknown API key -> 401 "Invalid token." (§2)', () => {
  const checked = routes.filter((route) => route.access !== 'public')
  it.for(cases(checked))('%s', async ([, route]) => {
    const answer = await send(mock, await buildRequest(mock, route, { ...DEMO, key: 'nope' }))
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({ detail: 'Invalid token.' })
    expectConformant(route, answer)
  })
})

/**
 * Anonymous callers may read what is public (§2: /user/self/ answers authenticated: false, the
 * status check is open); acme/platform is Private, so everything addressing it is a 401.
 */
const anonymousAllowed = new Set([
  'status_check_basic',
  'user_self',
  'rates_limits_list',
  'namespaces_read',
  'repos_namespace_list',
  // Service catalogues, user profiles and logging in need no credentials (POST /user/token/ is
  // what gets one).
  'formats_list',
  'formats_read',
  'distros_list',
  'distros_read',
  'storage-regions_list',
  'storage-regions_read',
  'users_profile_read',
  'user_token_create',
])

describe('no credentials on acme/platform (Private)', () => {
  it.for(cases(modelledApi))('%s', async ([id, route]) => {
    const answer = await send(mock, await buildRequest(mock, route, { ...DEMO, key: null }))
    if (anonymousAllowed.has(id)) expect(answer.status).toBe(successStatus(route))
    else {
      expect(answer.status).toBe(401)
      expect(answer.body).toMatchObject({
        detail: 'Authentication credentials were not provided.',
      })
    }
    expectConformant(route, answer)
  })
})

describe('a missing owner, repository, package or upload -> 404 "Not found."', () => {
  const missing: Target = { owner: 'no-such-owner', repo: 'no-such-repo', key: DEMO_KEY }
  it.for(cases(modelled.filter(hasParams)))('%s', async ([, route]) => {
    const answer = await send(mock, await buildRequest(mock, route, missing))
    expect(answer.status).toBe(404)
    expect(answer.body).toMatchObject({ detail: 'Not found.' })
    expectConformant(route, answer)
  })
})

/** outsider has Read on acme/releases only (the default dataset): writes there are a 403 (§2). */
describe('outsider writing to acme/releases -> 403', () => {
  const outsider: Target = { owner: 'acme', repo: 'releases', key: OUTSIDER_KEY }
  // Operations on the whole namespace (quota, audit log, recycle bin...) are for its members:
  // outsider is none of acme's, so they answer 404 (handlers/resources/scopes.ts namespaceScope).
  const namespaceWide =
    /^\/(quota|metrics|audit-log|recycle-bin|vulnerabilities|bulk-action)\/(oss\/|history\/|oss\/history\/|entitlements\/)?\{owner\}\/(action\/)?$/
  const writes = modelledApi.filter(
    (route) =>
      route.access === 'required' &&
      route.path.includes('{owner}') &&
      !namespaceWide.test(route.path),
  )
  it.for(cases(writes))('%s', async ([, route]) => {
    const answer = await send(mock, await buildRequest(mock, route, outsider))
    expect(answer.status).toBe(403)
    expect(answer.body).toMatchObject({
      detail: 'You do not have permission to perform this action.',
    })
    expectConformant(route, answer)
  })

  it('while reads there succeed', async () => {
    const read = routes.find((route) => route.operationId === 'packages_list')!
    const answer = await send(mock, await buildRequest(mock, read, outsider))
    expect(answer.status).toBe(200)
    expectConformant(read, answer)
  })
})

describe('malformed JSON -> 400 "JSON parse error" (§3)', () => {
  const withBody = modelledApi.filter(
    (route) => route.method === 'POST' || route.method === 'PATCH',
  )
  it.for(cases(withBody))('%s', async ([, route]) => {
    const request = await buildRequest(mock, route)
    const answer = await send(mock, {
      ...request,
      body: '{"broken": ',
      headers: { ...request.headers, 'Content-Type': 'application/json' },
    })
    expect(answer.status).toBe(400)
    expect((answer.body as { detail: string }).detail).toMatch(/^JSON parse error - /)
    expectConformant(route, answer)
  })
})

describe('a page past the end -> 404 "Invalid page." (§4)', () => {
  // Lists only: an operation that takes `page` but answers one object (the metrics) has no page
  // to be past the end of.
  const lists = modelledApi.filter(
    (route) =>
      isOperationId(route.operationId) &&
      getOperation(route.operationId).parameters.some((p) => p.name === 'page') &&
      getOperation(route.operationId).responses['200']?.type === 'array',
  )
  it('covers every paginated operation', () => {
    expect(lists.map((route) => route.operationId).sort()).toEqual(
      expect.arrayContaining(['namespaces_list', 'packages_list', 'repos_namespace_list']),
    )
  })
  it.for(cases(lists))('%s', async ([, route]) => {
    const request = await buildRequest(mock, route)
    const first = await send(mock, request)
    const answer = await send(mock, { ...request, path: `${request.path}?page=9999` })
    if (Array.isArray(first.body) && first.body.length === 0) {
      // "Empty datasets are never paginated" (API-NOTES §4, D1): any page of nothing is `[]`.
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual([])
    } else {
      expect(answer.status).toBe(404)
      expect(answer.body).toMatchObject({ detail: 'Invalid page.' })
    }
    expectConformant(route, answer)
  })
})

describe('an operation not modelled -> 501 saying so, for anyone, whatever it addresses', () => {
  const stubs = routes.filter(isNotModelled)
  const anonymous: Target = { owner: 'no-such-owner', repo: 'no-such-repo', key: null }
  it.for(cases(stubs))('%s', async ([id, route]) => {
    for (const target of [DEMO, anonymous]) {
      const answer = await send(mock, await buildRequest(mock, route, target))
      expect(answer.status).toBe(501)
      expect((answer.body as { detail: string }).detail).toContain(`${id} is an operation`)
      expectConformant(route, answer)
    }
  })
})

describe('the upload target (mock-only) answers JSON errors', () => {
  const targets = routes.filter(isMockOnly)
  it.for(cases(targets))('%s with an unknown identifier -> 404', async ([, route]) => {
    const request = await buildRequest(mock, route)
    const answer = await send(mock, {
      ...request,
      path: request.path
        .replace(/\/__uploads\/[^/]+\//, '/__uploads/no-such-upload/')
        .replace(/^(\/__downloads\/(?:[^/]+\/){4})[^/]+/, '$1no-such-file')
        .replace(/^(\/__upload-host\/[^/]+\/)[^/]+/, '$1no-such-repo'),
    })
    expect(answer.status).toBe(404)
    expectConformant(route, answer)
  })

  it('mock_upload_post without a file field -> 400', async () => {
    const route = targets.find((r) => r.operationId === 'mock_upload_post')!
    const request = await buildRequest(mock, route)
    const form = new FormData()
    form.set('not-file', 'x')
    const answer = await send(mock, { ...request, body: form })
    expect(answer.status).toBe(400)
    expectConformant(route, answer)
  })
})

describe('a forcing choice the mock cannot honour -> 400 listing what is valid', () => {
  it.for(cases(api))('%s', async ([, route]) => {
    const request = await buildRequest(mock, route)
    const code = await send(mock, request, { Prefer: 'code=418' })
    expect(code.status).toBe(400)
    expectConformant(route, code)
    const scenario = await send(mock, request, { 'X-Mock-Scenario': 'no-such-scenario' })
    expect(scenario.status).toBe(400)
    expect((scenario.body as { detail: string }).detail).toMatch(/rate-limited/)
    expectConformant(route, scenario)
  })
})
