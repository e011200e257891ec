/**
 * The organisations themselves: the caller's organisations (orgs_list) and one organisation
 * (orgs_read), from the namespaces and memberships of the dataset.
 */
import type { Namespace } from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import { getSchema } from '../../../src/core/openapi/index.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { cachedAnswer } from '../../json-text.ts'
import { present } from '../schema-body.ts'
import { orgScope } from './org-scope.ts'

const organization = (namespace: Namespace) =>
  present(
    getSchema('Organization'),
    {
      name: namespace.name,
      slug: namespace.slug,
      slug_perm: namespace.slug_perm,
    },
    `org:${namespace.slug}`,
  )

export const organizationRoutes: readonly RouteDefinition[] = [
  defineRoute({
    operationId: 'orgs_list',
    method: 'GET',
    path: '/orgs/',
    access: 'required',
    handle(ctx: RouteContext) {
      if (!ctx.identity) throw errors.notAuthenticated()
      const user = ctx.identity.user
      return cachedAnswer(ctx, ['namespaces', 'memberships'], () => {
        const orgs = ctx.state.db.memberships
          .group(user)
          .map((m) => ctx.state.db.namespaces.get(m.org))
          .filter((ns): ns is Namespace => ns?.kind === 'Organization')
          .sort((a, b) => a.slug.localeCompare(b.slug))
        const { items, headers } = paginate(orgs, readPageRequest(ctx.query), ctx.url)
        return { status: 200, body: items.map(organization), headers }
      })
    },
  }),
  defineRoute({
    operationId: 'orgs_read',
    method: 'GET',
    path: '/orgs/{org}/',
    access: 'required',
    handle(ctx) {
      const { namespace } = orgScope.resolve(ctx, 'read')
      return { status: 200, body: organization(namespace!) }
    },
  }),
]
