/** Namespaces: the caller's own and their organisations'; any namespace can be read by slug. */
import { errors } from '../src/core/errors.ts'
import { paginate, readPageRequest } from '../src/core/pagination.ts'
import { namespacesOf } from './access.ts'
import { defineRoute } from './define-route.ts'
import { serializeNamespace } from './serialize.ts'

export const namespaceRoutes = [
  defineRoute({
    operationId: 'namespaces_list',
    method: 'GET',
    path: '/namespaces/',
    access: 'required',
    handle(ctx) {
      const namespaces = namespacesOf(ctx.state, ctx.identity!)
        .map((slug) => ctx.state.db.namespaces.get(slug))
        .filter((ns) => ns !== undefined)
        .sort((a, b) => a.slug.localeCompare(b.slug))
      const { items, headers } = paginate(namespaces, readPageRequest(ctx.query), ctx.url)
      return { status: 200, body: items.map(serializeNamespace), headers }
    },
  }),
  defineRoute({
    operationId: 'namespaces_read',
    method: 'GET',
    path: '/namespaces/{slug}/',
    access: 'optional',
    handle(ctx) {
      const namespace = ctx.state.db.namespaces.get(ctx.params.slug!)
      if (!namespace) throw errors.notFound()
      return { status: 200, body: serializeNamespace(namespace) }
    },
  }),
]
