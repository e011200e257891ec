/** Namespaces: the caller's own and their organisations'; any namespace can be read by slug or slug_perm. */
import { paginate, readPageRequest } from '../src/core/pagination.ts'
import { namespacesOf, requireNamespace } from './access.ts'
import { defineRoute } from './define-route.ts'
import { serializeNamespace } from './serialize.ts'

export const namespaceRoutes = [
  defineRoute({
    operationId: 'namespaces_list',
    method: 'GET',
    path: '/namespaces/',
    access: 'required',
    handle(ctx) {
      const namespaces = namespacesOf(ctx.state, ctx.identity)
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
      const namespace = requireNamespace(ctx, ctx.params.slug)
      return { status: 200, body: serializeNamespace(namespace) }
    },
  }),
]
