/**
 * The repository of the entitlement and webhook paths, `/{group}/{owner}/{repo}/{identifier}/`:
 * named by `{repo}`, because `{identifier}` there names the token or webhook, not the repository
 * (repositoryScope reads `{identifier}` first).
 */
import { repoKey } from '../../../src/core/db/keys.ts'
import { repoWithLevel, visibleRepo } from '../../access.ts'
import { hexOf } from '../schema-body.ts'
import type { Scope } from '../scopes.ts'

/**
 * A token's or webhook's two ids: the slug_perm `key`, and the number the API also gives it,
 * derived from that key (the same every run).
 * @example numberedIds('Ab12Cd34Ef56') // { slug_perm: 'Ab12Cd34Ef56', identifier: 1234567 }
 */
export function numberedIds(key: string): { slug_perm: string; identifier: number } {
  return { slug_perm: key, identifier: parseInt(hexOf(key, 6), 16) }
}

export const repoParamScope: Scope = {
  kind: 'repository',
  params: ['owner', 'repo'],
  reads: ['namespaces', 'repositories', 'memberships', 'repoPrivileges'],
  resolve(ctx, level) {
    const owner = ctx.params.owner ?? ''
    const slug = ctx.params.repo ?? ''
    const repo =
      level === 'read' ? visibleRepo(ctx, owner, slug).repo : repoWithLevel(ctx, owner, slug, level)
    return { kind: 'repository', key: repoKey(repo.namespace, repo.slug), repo }
  },
}
