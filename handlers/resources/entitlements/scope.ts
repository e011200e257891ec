/**
 * The repository of the entitlement and webhook paths, `/{group}/{owner}/{repo}/{identifier}/`:
 * named by `{repo}`, because `{identifier}` there names the token or webhook, not the repository
 * (repositoryScope reads `{identifier}` first).
 */
import { repoKey } from '../../../src/core/db/keys.ts'
import { repoWithLevel, visibleRepo } from '../../access.ts'
import type { Scope } from '../scopes.ts'

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
