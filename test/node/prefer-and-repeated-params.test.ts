/**
 * How the mock reads two things every client sends: the `Prefer` header (RFC 7240 §2: names are
 * case-insensitive, `=` may have whitespace around it, values may be quoted, one header holds
 * several preferences with parameters, the first instance of a preference counts), and repeated
 * query parameters (Cloudsmith runs Django REST framework, whose QueryDict.get answers the LAST
 * value: `?page=1&page=2` is page 2).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { API, call, DEMO_KEY, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const withPrefer = (prefer: string) =>
  call<ErrorReply>('GET', '/v1/user/self/', { headers: { Prefer: prefer } })

describe('Prefer: code= as RFC 7240 reads it', () => {
  it.each([
    ['code=404', 'the plain form'],
    ['CODE=404', 'preference names are case-insensitive (issue 14 saw 200)'],
    ['Code=404', 'preference names are case-insensitive'],
    ['code = 404', 'BWS around "=" (issue 14 saw 200)'],
    ['code\t=\t404', 'BWS is spaces or tabs'],
    ['code="404"', 'word = token / quoted-string (issue 14 saw 400)'],
    ['code=404, example=x; foo', 'several preferences, parameters after ";"'],
    ['code=404; foo=bar; baz', 'parameters of the code preference itself'],
    ['return=minimal, respond-async, code=404', 'code after other preferences'],
    ['example="a, b; c=d", code=404', 'a quoted comma does not split preferences'],
    ['code=404, code=500', 'only the first instance is considered'],
    [' ,, code=404 ,', 'empty list elements are allowed (1#preference)'],
  ])('Prefer: %s forces 404 (%s)', async (prefer) => {
    expect((await withPrefer(prefer)).status).toBe(404)
  })

  it('several Prefer header lines are one list (RFC 7230 §3.2.2): the first code counts', async () => {
    const headers = new Headers({ 'X-Api-Key': DEMO_KEY })
    headers.append('Prefer', 'respond-async')
    headers.append('Prefer', 'code=503')
    headers.append('Prefer', 'code=404')
    const response = await fetch(`${API}/v1/user/self/`, { headers })
    await response.body?.cancel()
    expect(response.status).toBe(503)
  })

  it.each([
    ['respond-async', 'no code preference'],
    ['codes=404', 'another preference whose name starts with code'],
    ['x-code=404', 'another preference whose name ends with code'],
    ['example=code=404', 'code= inside another preference value'],
  ])('Prefer: %s changes nothing (%s)', async (prefer) => {
    expect((await withPrefer(prefer)).status).toBe(200)
  })

  it.each([
    ['code=abc', '"abc"'],
    ['code', '""'],
    ['code=', '""'],
    ['CODE="4040"', '"4040"'],
  ])('Prefer: %s is a 400 naming the unusable code %s', async (prefer, shown) => {
    const reply = await withPrefer(prefer)
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toContain(`Invalid forced code ${shown}`)
    expect(Object.keys(reply.body.fields ?? {})).toEqual(['code'])
  })

  it('a code the operation cannot answer is still a 400 naming it, however it is written', async () => {
    const reply = await withPrefer('Code = "201"')
    expect(reply.status).toBe(400)
    expect(reply.body.fields).toEqual({ code: ['"201" is not a valid choice.'] })
  })
})

describe('repeated query parameters: the last value wins (DRF QueryDict.get)', () => {
  it('page and page_size', async () => {
    const reply = await call<unknown[]>(
      'GET',
      '/v1/packages/acme/platform/?page=1&page_size=50&page=2&page_size=2',
    )
    expect(reply.status).toBe(200)
    expect(reply.body).toHaveLength(2)
    expect(reply.headers.get('X-Pagination-Page')).toBe('2')
    expect(reply.headers.get('X-Pagination-PageSize')).toBe('2')
  })

  it('an invalid first value is not read when a later one is valid', async () => {
    const reply = await call<unknown[]>(
      'GET',
      '/v1/packages/acme/platform/?page_size=x&page_size=3',
    )
    expect(reply.status).toBe(200)
    expect(reply.body).toHaveLength(3)
  })

  it('query', async () => {
    const reply = await call<{ format: string }[]>(
      'GET',
      '/v1/packages/acme/platform/?page_size=500&query=format:deb&query=format:npm',
    )
    expect(reply.status).toBe(200)
    expect(reply.body.length).toBeGreaterThan(0)
    expect(new Set(reply.body.map((p) => p.format))).toEqual(new Set(['npm']))
  })

  it('sort, on packages and on repositories', async () => {
    const packages = await call<{ name: string }[]>(
      'GET',
      '/v1/packages/acme/platform/?page_size=500&sort=name&sort=-name',
    )
    const names = packages.body.map((p) => p.name)
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)))
    const repos = await call<{ name: string }[]>('GET', '/v1/repos/acme/?sort=name&sort=-name')
    const repoNames = repos.body.map((r) => r.name)
    expect(repoNames.length).toBeGreaterThan(1)
    expect(repoNames).toEqual([...repoNames].sort((a, b) => b.localeCompare(a)))
  })

  it('the mock’s own __code and __scenario', async () => {
    expect((await call('GET', '/v1/user/self/?__code=404&__code=503')).status).toBe(503)
    expect((await call('GET', '/v1/user/self/?__scenario=nope&__scenario=not-found')).status).toBe(
      404,
    )
  })
})
