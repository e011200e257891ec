/** A repository's retention rules: read and partial update (one record per repository). */
import { defineFamily, type ResourceFamily } from '../family.ts'
import { repositoryScope } from '../scopes.ts'

export const retentionFamily: ResourceFamily = defineFamily({
  name: 'repo-retention',
  group: 'repos',
  scope: repositoryScope,
  singleton: true,
  read: 'repo_retention_read',
  partialUpdate: 'repo_retention_partial_update',
  summary: 'retention rules: read, partial update',
  relations: 'one per repository; stored, not applied to packages (nothing is deleted by age)',
})
