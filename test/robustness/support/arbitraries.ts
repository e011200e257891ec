/**
 * fast-check arbitraries for hostile requests: every route template of the mock filled with valid
 * and hostile values, unknown routes, broken credentials, odd and huge headers, malformed,
 * truncated, binary, deeply nested and prototype-polluting bodies, and broken query strings.
 * A request is plain data so the same one can go over a raw socket or through fetch.
 */
import { METHODS } from 'node:http'
import fc from 'fast-check'
import { buildDefaultDataset } from '../../../fixtures/index.ts'
import { routes } from '../../../handlers/index.ts'
import { builtInScenarioNames } from '../../../src/core/scenarios/types.ts'

export interface FuzzRequest {
  method: string
  /** Path and query as sent; characters above 0x7f stand for raw bytes on a socket. */
  target: string
  headers: [string, string][]
  body: Uint8Array | null
  /** It names a scenario or forced code that may answer 5xx or drop the connection. */
  mayFail: boolean
}

const dataset = buildDefaultDataset()

const hostile = [
  '..',
  '.',
  '%2e%2e',
  '%2E%2e%2F..',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  'a%00b',
  '%',
  '%zz',
  '%ff%fe',
  '%c0%ae%c0%ae',
  'x'.repeat(300),
  'y'.repeat(6000),
  'ünïcødé',
  encodeURIComponent('😀 ünï'),
  '\u00e9\u00ff',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '%5F%5Fproto%5F%5F',
  '*',
  '~',
  "'or'1'='1",
  '<script>',
  'CON',
  '-',
  '_',
]

/** Real addresses (a package with its repository, a repository with its owner), so that a
 * good share of requests reach a handler's logic instead of its 404. */
const realPackages = dataset.packages.filter((_, index) => index % 7 === 0)
const realRepos = [
  ...dataset.repositories.map((r) => [r.namespace, r.slug] as const),
  // Repositories are addressed by slug_perm too (the Terraform provider's id).
  ...dataset.repositories.map((r) => [r.namespace, r.slug_perm] as const),
  ['acme', 'fuzzed'] as const,
  ['nobody', 'nothing'] as const,
]
const uploadIds = ['deadbeefdeadbeef', '0000000000000000']

function realParams(path: string): fc.Arbitrary<Record<string, string>> {
  if (path.startsWith('/packages/'))
    return fc.tuple(fc.constantFrom(...realPackages), fc.boolean()).map(([p, bySlug]) => ({
      owner: p.namespace,
      repo: p.repository,
      identifier: bySlug ? p.slug : p.slug_perm,
    }))
  if (path.startsWith('/files/') || path.startsWith('/__uploads/'))
    return fc
      .tuple(fc.constantFrom(...realRepos), fc.constantFrom(...uploadIds))
      .map(([[owner, repo], identifier]) => ({ owner, repo, identifier }))
  if (path.startsWith('/namespaces/') || path.startsWith('/orgs/'))
    return fc
      .constantFrom('acme', 'demo', 'outsider', 'nobody')
      .map((slug) => ({ slug, org: slug, owner: slug, identifier: slug }))
  return fc
    .constantFrom(...realRepos)
    .map(([owner, repo]) => ({ owner, repo, identifier: repo, slug: owner }))
}

/** A parameter left real, or replaced by a hostile value (one in four). */
const paramValue = (real: string) =>
  fc.oneof(
    { weight: 9, arbitrary: fc.constant(real) },
    { weight: 2, arbitrary: fc.constantFrom(...hostile) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeURIComponent) },
  )

const templates = routes.map((route) => ({ method: route.method, path: route.path }))

// Sixty of the routes are the per-format upload pair: they get a share, not most of the runs.
const perFormat = (t: { path: string }) => /\/(validate-)?upload\//.test(t.path)
const template = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...templates.filter((t) => !perFormat(t))) },
  { weight: 1, arbitrary: fc.constantFrom(...templates.filter(perFormat)) },
)

const templatePath = template.chain((template) => {
  const names = [...template.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  return fc
    .tuple(realParams(template.path), fc.boolean())
    .chain(([real, prefixed]) =>
      fc.tuple(
        fc.tuple(...names.map((name) => paramValue(real[name] ?? 'x'))),
        fc.constant(prefixed),
      ),
    )
    .map(([values, prefixed]) => {
      let i = 0
      const path = template.path.replace(/\{\w+\}/g, () => values[i++]!)
      return { method: template.method, path: prefixed ? `/v1${path}` : path }
    })
})

const unknownPath = fc
  .array(fc.oneof(fc.constantFrom(...hostile), fc.constantFrom('v1', 'repos', 'x', '__mock')), {
    maxLength: 6,
  })
  .map((segments) => ({ method: 'GET', path: `/${segments.join('/')}` }))

const queryValue = fc.constantFrom(
  '-1',
  '0',
  '1',
  '2',
  '3',
  '500',
  '501',
  '99999999999999999999',
  '1e3',
  '1.5',
  '0x10',
  'NaN',
  'Infinity',
  'abc',
  '',
  '%',
  '__proto__',
)
const searchValue = fc.constantFrom(
  'name:',
  ':',
  'tag:^',
  '~',
  'NOT',
  'AND AND',
  'name:"unterminated',
  '*'.repeat(500) + 'a',
  '*a'.repeat(200) + 'b',
  'z'.repeat(2000),
  'format:raw AND status:completed',
  'constructor:x',
  '__proto__:1',
  'status:bogus',
  'version:^1.*$',
  '(',
  '\\',
  'repository_type:private',
  'name:^$',
)
const sortValue = fc.constantFrom('name', '-date', 'size', '__proto__', 'constructor', '-', '')
const queryPair = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('page', 'page_size'), queryValue) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('query'), searchValue) },
  { weight: 2, arbitrary: fc.tuple(fc.constant('sort'), sortValue) },
  {
    weight: 1,
    arbitrary: fc.tuple(
      fc.constantFrom('__scenario', '__code'),
      fc.constantFrom('upload-processing', 'not-found', '404', '422', 'x', ''),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('filename', 'part_number', '__proto__'), queryValue),
  },
)
const query = fc
  .oneof(
    { weight: 2, arbitrary: fc.constant([]) },
    { weight: 1, arbitrary: fc.array(fc.tuple(queryPair, fc.boolean()), { maxLength: 4 }) },
  )
  .map((pairs) =>
    pairs.length
      ? '?' +
        pairs
          .map(([[name, value], raw]) => `${name}=${raw ? value : encodeURIComponent(value)}`)
          .join('&')
      : '',
  )

const basic = (text: string) => `Basic ${Buffer.from(text, 'latin1').toString('base64')}`
const brokenAuth = fc.constantFrom<[string, string][]>(
  [['Authorization', 'Basic !!!']],
  [['Authorization', 'Token']],
  [['Authorization', 'Token ']],
  [['Authorization', 'Bearer']],
  [['Authorization', `Bearer ${'k'.repeat(4000)}`]],
  [['Authorization', basic(':')]],
  [['Authorization', basic('demo:demo-api-key')]],
  [['Authorization', basic('\u00ff\u00fe')]],
  [['Authorization', 'Digest x']],
  [['X-Api-Key', '']],
  [['X-Api-Key', '__proto__']],
  [['X-Api-Key', 'x'.repeat(8000)]],
)
const auth = fc.oneof(
  { weight: 6, arbitrary: fc.constant<[string, string][]>([['X-Api-Key', 'demo-api-key']]) },
  {
    weight: 3,
    arbitrary: fc.constantFrom<[string, string][]>(
      [['X-Api-Key', 'outsider-api-key']],
      [['Authorization', 'Token demo-api-key']],
      [['Authorization', basic('demo:demo-api-key')]],
      [],
    ),
  },
  { weight: 2, arbitrary: brokenAuth },
)
const oddContentType = fc.constantFrom(
  [],
  [['Content-Type', 'application/json; charset=utf-16']],
  [['Content-Type', 'text/plain']],
  [['Content-Type', 'multipart/form-data']],
  [['Content-Type', 'multipart/form-data; boundary=x']],
  [['Content-Type', 'application/x-www-form-urlencoded']],
  [['Content-Type', '']],
  [['Content-Type', '\u00ff/\u00fe']],
)
const contentType = fc.oneof(
  { weight: 4, arbitrary: fc.constant([['Content-Type', 'application/json']]) },
  { weight: 1, arbitrary: oddContentType },
)

const failing = ['server-error', 'bad-gateway', 'service-unavailable', 'network-error']
const scenarioNames = builtInScenarioNames.filter((name) => name !== 'slow')
const extraHeaders = fc.array(
  fc.oneof(
    fc
      .constantFrom(...scenarioNames, '__proto__', 'constructor', 'nope', '')
      .map((name) => ['X-Mock-Scenario', name]),
    fc
      .constantFrom('200', '404', '418', '500', '503', 'abc', '__proto__')
      .map((code) => ['Prefer', `code=${code}`]),
    fc.integer({ min: 1000, max: 20_000 }).map((size) => ['X-Padding', 'p'.repeat(size)]),
    fc
      .constantFrom('http://localhost:5173', 'null', '*', 'https://evil.example')
      .map((o) => ['Origin', o]),
    fc.constantFrom('x', 'y'.repeat(300)).map((id) => ['X-Request-Id', id]),
  ) as fc.Arbitrary<[string, string]>,
  { maxLength: 3 },
)
const extra = fc.oneof(
  { weight: 3, arbitrary: fc.constant([]) },
  { weight: 1, arbitrary: extraHeaders },
)

const hostileNames = [
  '../../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '/etc/shadow',
  'C:\\x.txt',
  '%2e%2e%2fx',
  'a\u0000b.tar.gz',
  '.',
  '',
  'ok-1.0.0.tar.gz',
  'ünï-1.0.zip',
  '__proto__',
]
const text = (value: string) => new TextEncoder().encode(value)
const slug = fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/)
const jsonBody = fc
  .oneof(
    fc.record({
      name: fc.oneof(slug, fc.constantFrom('fuzzed', 'x'.repeat(200), '..', '__proto__', '')),
      repository_type_str: fc.constantFrom('Public', 'Private', 'Open-Source', 'bogus'),
    }),
    fc.record({ name: slug, description: fc.string(), slug: fc.oneof(slug, fc.string()) }),
    fc.record({ filename: fc.constantFrom(...hostileNames) }),
    fc.record({ package_file: fc.constantFrom('deadbeef', '../x', '') }),
    fc.record({ destination: fc.constantFrom('platform', 'secret', 'releases', '..', '') }),
    fc.record({
      action: fc.constantFrom('add', 'Remove', 'clear', 'bogus'),
      tags: fc.array(fc.constantFrom('a', '__proto__', 'x'.repeat(100)), { maxLength: 3 }),
    }),
    fc.jsonValue({ maxDepth: 4 }),
  )
  .map((value) => JSON.stringify(value) ?? 'null')

const depth = fc.constantFrom(100, 100, 10_000, 10_000, 100_000)
const body = fc.oneof(
  { weight: 4, arbitrary: fc.constant(null) },
  { weight: 16, arbitrary: jsonBody.map(text) },
  {
    weight: 2,
    arbitrary: fc
      .constantFrom(
        '{',
        '{"name":',
        '[1,2',
        'nul',
        '"str"',
        '123',
        'null',
        '[]',
        'true',
        '{"__proto__":{"polluted":true},"name":"proto-1"}',
        '{"constructor":{"prototype":{"polluted":true}},"name":"proto-2"}',
        '{"name":"proto-3","settings":{"__proto__":{"polluted":true}}}',
        '{"prototype":{"polluted":true}}',
        '{"name":"\ud800"}',
      )
      .map(text),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(jsonBody, fc.nat())
      .map(([json, cut]) => text(json.slice(0, cut % Math.max(1, json.length)))),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  { weight: 1, arbitrary: depth.map((d) => text('['.repeat(d) + ']'.repeat(d))) },
  { weight: 1, arbitrary: depth.map((d) => text(`${'{"a":'.repeat(d)}1${'}'.repeat(d)}`)) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(100_000, 100_000, 100_000, 2_000_000)
      .map((n) => text(JSON.stringify({ name: 'n'.repeat(n), description: 'd'.repeat(n) }))),
  },
  {
    weight: 1,
    arbitrary: fc.constant(Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(...hostileNames).map((name) => {
      const boundary = 'fuzzboundary'
      return text(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\n` +
          `Content-Type: application/octet-stream\r\n\r\nbytes\r\n--${boundary}--\r\n`,
      )
    }),
  },
)

const otherMethod = fc.constantFrom('HEAD', 'OPTIONS', 'PROPFIND', 'FOO', 'get', 'TRACE', 'PATCH')

/** A request that fetch can also send (no TRACE, no raw bytes beyond Latin-1 headers). */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .record({
    route: fc.oneof({ weight: 6, arbitrary: templatePath }, { weight: 1, arbitrary: unknownPath }),
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: otherMethod },
    ),
    query,
    auth,
    contentType,
    extra,
    body,
  })
  .map(({ route, method, query, auth, contentType, extra, body }) => {
    const headers = [...auth, ...contentType, ...extra] as [string, string][]
    const chosen = method ?? route.method
    const target = `${route.path}${query}`
    const asked = [
      ...headers.filter(([name]) => /^(x-mock-scenario|prefer)$/i.test(name)).map(([, v]) => v),
      target,
    ].join(' ')
    const mayFail = failing.some((name) => asked.includes(name)) || /code=5\d\d/.test(asked)
    return {
      method: chosen,
      target,
      headers,
      body: chosen === 'GET' || chosen === 'HEAD' || chosen === 'get' ? null : body,
      mayFail,
    }
  })

const FETCH_NORMALISES = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'])

/**
 * Whether fetch can send this request AND msw's interceptor sees it. fetch refuses TRACE and
 * CONNECT; msw parses the outgoing bytes with node's HTTP parser, which knows only the methods
 * in `http.METHODS`, so `FOO` or a lower-case `patch` slips past msw to the real network (an msw
 * limitation, listed in docs/robustness.md; the standalone server answers them 405).
 */
export function fetchCanSend(request: FuzzRequest): boolean {
  const upper = request.method.toUpperCase()
  const method = FETCH_NORMALISES.has(upper) ? upper : request.method
  if (/^(TRACE|TRACK|CONNECT)$/i.test(method) || !METHODS.includes(method)) return false
  try {
    new Headers(request.headers)
    return true
  } catch {
    return false
  }
}
