/**
 * Moving a repository to another storage region: the repository's `storage_region` (shown by
 * repos_read) becomes the region asked for. The regions are the storage-regions group's.
 */
import { repoKey } from '../../../src/core/db/keys.ts'
import { errors } from '../../../src/core/errors.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { repositoryScope } from '../scopes.ts'

/** Region slugs a repository may move to (the storage-regions group lists the same). */
export const storageRegions = ['default', 'us-ohio', 'eu-frankfurt', 'ap-sydney'] as const

export const transferRegionRoute: RouteDefinition = defineRoute({
  operationId: 'repos_transfer_region',
  method: 'POST',
  path: '/repos/{owner}/{repo}/transfer-region/',
  access: 'required',
  async handle(ctx) {
    const { repo } = repositoryScope.resolve(ctx, 'admin')
    const region = typeof ctx.body.storage_region === 'string' ? ctx.body.storage_region : 'default'
    if (!(storageRegions as readonly string[]).includes(region))
      throw errors.invalid({
        storage_region: [
          `"${region.slice(0, 50)}" is not a valid choice. Valid: ${storageRegions.join(', ')}.`,
        ],
      })
    await ctx.state.db.repositories.update(repoKey(repo!.namespace, repo!.slug), (draft) => {
      draft.settings = { ...draft.settings, storage_region: region }
    })
    return { status: 200 }
  },
})
