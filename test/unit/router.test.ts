/**
 * The route table (src/core/router.ts): templates as the OpenAPI document writes them
 * (`/repos/{owner}/{identifier}/`), matched segment by segment, a fixed segment before a
 * parameter, each route naming its own parameters.
 */
import { expect, it } from 'vitest'
import { buildRouter, defineRoute } from '../../handlers/define-route.ts'
import { Router } from '../../src/core/router.ts'

function table() {
  const router = new Router<string>()
  router.add('GET', '/repos/{owner}/', 'repos_namespace_list')
  router.add('GET', '/repos/{owner}/{identifier}/', 'repos_read')
  router.add('PATCH', '/repos/{owner}/{identifier}/', 'repos_partial_update')
  router.add('GET', '/repos/{owner}/{repo}/retention/', 'repo_retention_read')
  router.add('GET', '/user/self/', 'user_self')
  router.add('GET', '/packages/{owner}/{repo}/upload/{format}/', 'packages_upload')
  router.add('GET', '/packages/{owner}/{repo}/upload/npm/', 'packages_upload_npm')
  return router
}

it('matches parameters by each route’s own names, decoded', () => {
  const router = table()
  expect(router.match('GET', '/repos/acme/web%20assets/')).toEqual({
    route: 'repos_read',
    params: { owner: 'acme', identifier: 'web assets' },
    template: '/repos/{owner}/{identifier}/',
    path: '/repos/acme/web%20assets/',
  })
  expect(router.match('GET', '/repos/acme/web/retention/')).toEqual({
    route: 'repo_retention_read',
    params: { owner: 'acme', repo: 'web' },
    template: '/repos/{owner}/{repo}/retention/',
    path: '/repos/acme/web/retention/',
  })
  expect(router.match('GET', '/user/self/')).toMatchObject({ route: 'user_self', params: {} })
})

it('prefers a fixed segment, and falls back to a parameter', () => {
  const router = table()
  expect(router.match('GET', '/packages/acme/web/upload/npm/')).toMatchObject({
    route: 'packages_upload_npm',
  })
  expect(router.match('GET', '/packages/acme/web/upload/pypi/')).toMatchObject({
    route: 'packages_upload',
    params: { owner: 'acme', repo: 'web', format: 'pypi' },
  })
})

it('tells a path served for other methods (405) from no path (404); HEAD is a GET', () => {
  const router = table()
  expect(router.match('DELETE', '/repos/acme/web/')).toEqual({ allowed: ['GET', 'PATCH'] })
  expect(router.match('GET', '/repos/')).toBeNull()
  expect(router.match('GET', '/nothing/here/')).toBeNull()
  expect(router.match('GET', '/repos/acme/%E0%A4%A/')).toBeNull()
  expect(router.match('HEAD', '/user/self/')).toMatchObject({ route: 'user_self' })
})

it('refuses the same method and path twice', () => {
  const router = table()
  expect(() => router.add('GET', '/repos/{owner}/{name}/', 'again')).toThrow(
    'Duplicate route GET /repos/{owner}/{name}/',
  )
})

it('buildRouter: one table per route list, a new list gets its own', () => {
  const self = defineRoute({
    operationId: 'user_self',
    method: 'GET',
    path: '/user/self/',
    access: 'optional',
    handle: () => ({ status: 200, body: null }),
  })
  const limits = { ...self, operationId: 'rates_limits_list', path: '/rates/limits/' }
  const one = [self]
  expect(buildRouter(one).match('GET', '/rates/limits/')).toBeNull()
  expect(buildRouter([self, limits]).match('GET', '/rates/limits/')).toMatchObject({
    route: limits,
  })
  expect(buildRouter(one).match('GET', '/user/self/')).toMatchObject({ route: self })
})

it('answers a path asked again with the same frozen match, until a route is added', () => {
  const router = table()
  const first = router.match('GET', '/repos/acme/web/')
  expect(router.match('GET', '/repos/acme/web/')).toBe(first)
  expect(Object.isFrozen(first)).toBe(true)
  expect(first && 'params' in first && Object.isFrozen(first.params)).toBe(true)
  // A fixed segment added later takes the path the parameter took.
  router.add('GET', '/repos/acme/web/', 'fixed')
  expect(router.match('GET', '/repos/acme/web/')).toMatchObject({ route: 'fixed', params: {} })
})

it('reads each path through readPath, and reports the path as read', () => {
  const router = new Router<string>({ readPath: (path) => path.replace(/^\/v1\//, '/') })
  router.add('GET', '/user/self/', 'user_self')
  expect(router.match('GET', '/v1/user/self/')).toMatchObject({
    route: 'user_self',
    path: '/user/self/',
  })
  expect(router.match('GET', '/user/self/')).toMatchObject({ route: 'user_self' })
})

it('keeps matching correctly past the paths it remembers', () => {
  const router = table()
  for (let i = 0; i < 3000; i++)
    expect(router.match('GET', `/repos/acme/r${i}/`)).toMatchObject({
      params: { owner: 'acme', identifier: `r${i}` },
    })
  expect(router.match('GET', '/repos/acme/r0/')).toMatchObject({ params: { identifier: 'r0' } })
})

it('remembers the matches of reads only: writes name new paths (a DELETE per created slug)', () => {
  const router = table()
  expect(router.match('PATCH', '/repos/acme/web/')).not.toBe(
    router.match('PATCH', '/repos/acme/web/'),
  )
  expect(router.match('PATCH', '/repos/acme/web/')).toEqual(
    router.match('PATCH', '/repos/acme/web/'),
  )
  expect(router.match('HEAD', '/user/self/')).toBe(router.match('HEAD', '/user/self/'))
})
