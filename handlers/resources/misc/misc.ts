/**
 * Small corners: user profiles (the dataset's users), package version badges (a shields.io
 * endpoint body: the document gives PackageVersionBadge no fields) and broadcast tokens (a
 * short-lived token for an organisation's entitlement token, `expires_in` seconds, default 3600).
 */
import { resourceGroup } from '../../../src/core/db/keys.ts'
import { errors } from '../../../src/core/errors.ts'
import { visibleRepo } from '../../access.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { ENTITLEMENT_FAMILY } from '../entitlements/entitlements.ts'
import { tokenOf } from '../schema-body.ts'
import { namespaceScope } from '../scopes.ts'

export const miscRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'users_profile_read',
    method: 'GET',
    path: '/users/profile/{slug}/',
    access: 'optional',
    handle(ctx) {
      const user = ctx.state.db.findNamespace(ctx.params.slug ?? '')
      if (!user || user.kind !== 'User') throw errors.notFound()
      const [first = user.name, ...rest] = user.name.split(' ')
      return {
        status: 200,
        body: {
          first_name: first,
          last_name: rest.join(' '),
          name: user.name,
          slug: user.slug,
          slug_perm: user.slug_perm,
          url: `https://cloudsmith.io/~${user.slug}/`,
          joined_at: new Date(ctx.state.clock.now() - 365 * 86_400_000).toISOString(),
          company: null,
          job_title: null,
          tagline: null,
        },
      }
    },
  }),
  defineRoute({
    operationId: 'badges_version_list',
    method: 'GET',
    path: '/badges/version/{owner}/{repo}/{package_format}/{package_name}/{package_version}/{package_identifiers}/',
    access: 'optional',
    handle(ctx) {
      const { repo } = visibleRepo(ctx, ctx.params.owner ?? '', ctx.params.repo ?? '')
      const { package_format: format, package_name: name, package_version: version } = ctx.params
      const pkgs = ctx.state.db.packages
        .group(`${repo.namespace}/${repo.slug}`)
        .filter((p) => p.format === format && p.name === name)
      const latest = ctx.query.get('show_latest') === 'true' || version === 'latest'
      const pkg = latest
        ? pkgs.sort((a, b) => b.uploaded_at - a.uploaded_at)[0]
        : pkgs.find((p) => p.version === version)
      if (!pkg) throw errors.notFound()
      return {
        status: 200,
        body: {
          schemaVersion: 1,
          label: ctx.query.get('label') ?? 'cloudsmith',
          message: pkg.version ?? 'latest',
          color: ctx.query.get('color') ?? 'green',
        },
      }
    },
  }),
  defineRoute({
    operationId: 'broadcasts_create_broadcast_token',
    method: 'POST',
    path: '/broadcasts/{org}/broadcast-token/',
    access: 'required',
    handle(ctx) {
      const { key } = namespaceScope.resolve(ctx, 'admin')
      const wanted = String(ctx.body.entitlement_token ?? '')
      const found = ctx.state.db.repositories
        .group(key)
        .flatMap((r) =>
          ctx.state.db.resources.group(
            resourceGroup(ENTITLEMENT_FAMILY, `${r.namespace}/${r.slug}`),
          ),
        )
        .find((t) => t.data.token === wanted)
      if (!found) throw errors.notFound()
      const seconds = typeof ctx.body.expires_in === 'number' ? ctx.body.expires_in : 3600
      return {
        status: 201,
        body: {
          token: tokenOf(`${ctx.state.seed}:broadcast:${found.key}:${ctx.state.clock.now()}`, 32),
          expires_at: new Date(ctx.state.clock.now() + seconds * 1000).toISOString(),
        },
      }
    },
  }),
]
