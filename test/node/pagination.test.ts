import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import type { Package, Repository } from '../../src/index.ts'
import { call, linkPages, type ErrorReply } from './support.ts'

const mock = setupMockServer({ seed: 1, onUnhandledFrame: 'error' })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const platform = '/v1/packages/acme/platform/'
const total = () => mock.db.packages.groupSize('acme/platform')

describe('pagination', () => {
  it('answers 30 items by default with the four X-Pagination headers', async () => {
    const reply = await call<Package[]>('GET', platform)
    expect(total()).toBeGreaterThan(30)
    expect(reply.body).toHaveLength(30)
    expect(reply.headers.get('X-Pagination-Count')).toBe(String(total()))
    expect(reply.headers.get('X-Pagination-Page')).toBe('1')
    expect(reply.headers.get('X-Pagination-PageSize')).toBe('30')
    expect(reply.headers.get('X-Pagination-PageTotal')).toBe(String(Math.ceil(total() / 30)))
  })

  it('clamps page_size=1000 (the CLI --page-all) to 500 instead of refusing it', async () => {
    const reply = await call<Package[]>('GET', `${platform}?page_size=1000`)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('X-Pagination-PageSize')).toBe('500')
    expect(reply.body).toHaveLength(Math.min(total(), 500))
  })

  it.each([
    ['page=0', '?page=0'],
    ['page=-3', '?page=-3'],
  ])('treats %s as the first page', async (_case, search) => {
    const reply = await call<Package[]>('GET', `${platform}${search}`)
    expect(reply.status).toBe(200)
    expect(reply.headers.get('X-Pagination-Page')).toBe('1')
  })

  it('puts the remainder on the last page', async () => {
    const last = Math.ceil(total() / 10)
    const reply = await call<Package[]>('GET', `${platform}?page_size=10&page=${last}`)
    expect(reply.body).toHaveLength(total() - 10 * (last - 1))
  })

  it('walks every item exactly once, page by page', async () => {
    const seen: string[] = []
    for (let page = 1; page <= Math.ceil(total() / 25); page++) {
      const reply = await call<Package[]>('GET', `${platform}?page_size=25&page=${page}`)
      seen.push(...reply.body.map((p) => p.slug_perm!))
    }
    expect(seen).toHaveLength(total())
    expect(new Set(seen).size).toBe(total())
  })

  it('responds 404 "Invalid page." past the last page', async () => {
    const past = Math.ceil(total() / 30) + 1
    const reply = await call<ErrorReply>('GET', `${platform}?page=${past}`)
    expect(reply.status).toBe(404)
    expect(reply.body).toEqual({ detail: 'Invalid page.' })
  })

  it('links first, prev, next and last from a middle page, keeping the other parameters', async () => {
    const last = Math.ceil(total() / 10)
    const reply = await call('GET', `${platform}?page_size=10&page=2&sort=name`)
    expect(linkPages(reply.headers.get('Link'))).toEqual({ first: 1, prev: 1, next: 3, last })
    for (const part of reply.headers.get('Link')!.split(',')) {
      const url = new URL(/<([^>]+)>/.exec(part)![1]!)
      expect(url.origin + url.pathname).toBe(`https://api.cloudsmith.io${platform}`)
      expect(url.searchParams.get('page_size')).toBe('10')
      expect(url.searchParams.get('sort')).toBe('name')
    }
  })

  it('links only first, next and last from page 1, and first, prev and last from the last page', async () => {
    const last = Math.ceil(total() / 10)
    const first = await call('GET', `${platform}?page_size=10`)
    expect(linkPages(first.headers.get('Link'))).toEqual({ first: 1, next: 2, last })
    const end = await call('GET', `${platform}?page_size=10&page=${last}`)
    expect(linkPages(end.headers.get('Link'))).toEqual({ first: 1, prev: last - 1, last })
  })

  it('sends no Link on page 1 of 1', async () => {
    const count = mock.db.packages.groupSize('demo/sandbox')
    expect(count).toBeGreaterThan(0)
    expect(count).toBeLessThanOrEqual(30)
    const reply = await call<Package[]>('GET', '/v1/packages/demo/sandbox/')
    expect(reply.body).toHaveLength(count)
    expect(reply.headers.get('X-Pagination-PageTotal')).toBe('1')
    expect(reply.headers.get('Link')).toBeNull()
  })

  it.each([
    ['a repository without packages', 'fresh'],
    ['a search that matches nothing', 'platform?query=name:no-package-has-this-name'],
  ])('answers [] without X-Pagination headers for %s', async (_case, target) => {
    await call('POST', '/v1/repos/acme/', { json: { name: 'fresh' } })
    const [repo, search] = target.split('?')
    const reply = await call<Package[]>(
      'GET',
      `/v1/packages/acme/${repo}/${search ? `?${search}` : ''}`,
    )
    expect(reply.status).toBe(200)
    expect(reply.body).toEqual([])
    for (const name of ['Count', 'Page', 'PageTotal', 'PageSize'])
      expect(reply.headers.get(`X-Pagination-${name}`)).toBeNull()
    expect(reply.headers.get('Link')).toBeNull()
  })

  it('pages repository lists the same way', async () => {
    const reply = await call<Repository[]>('GET', '/v1/repos/acme/?page_size=4&page=2')
    expect(reply.body).toHaveLength(2)
    expect(reply.headers.get('X-Pagination-Count')).toBe('6')
    expect(reply.headers.get('X-Pagination-PageTotal')).toBe('2')
    expect(linkPages(reply.headers.get('Link'))).toEqual({ first: 1, prev: 1, last: 2 })
  })
})
