/**
 * Upstreams: 20 formats x 6 operations (list, create, read, update, partial update, delete),
 * from one definition per format built by the same function. Each format's request and
 * response schemas are the document's (PythonUpstream, DebUpstream...), so a format's own
 * fields (distro_versions, include_sources...) are validated and shown without code here.
 */
import {
  upstreamFormats,
  type OperationId,
  type UpstreamFormat,
} from '../../../src/core/openapi/index.ts'
import { defineFamily, type ResourceFamily } from '../family.ts'
import { repositoryScope } from '../scopes.ts'

// The formats the document has upstream paths for, generated from it (src/generated).
export { upstreamFormats, type UpstreamFormat }

/** The family name of a format's upstreams (fixtures seed under it). */
export const upstreamFamilyName = (format: string) => `upstream.${format}`

function upstreamFamily(format: UpstreamFormat): ResourceFamily {
  const id = (role: string) => `repos_upstream_${format}_${role}` as OperationId
  return defineFamily({
    name: upstreamFamilyName(format),
    group: 'repos',
    scope: repositoryScope,
    list: id('list'),
    create: id('create'),
    read: id('read'),
    update: id('update'),
    partialUpdate: id('partial_update'),
    delete: id('delete'),
    // Upstream credentials are repository configuration: admins only, as the web app shows.
    levels: { read: 'admin', write: 'admin' },
    hooks: {
      beforeWrite(fields, _fc, existing) {
        if (existing) return fields
        // What the API fills in for a new upstream when the request leaves it out.
        return { is_active: true, verify_ssl: true, priority: 1, ...fields }
      },
      present: () => ({ available: true, pending_validation: false }),
    },
    summary: `${format} upstreams: list, create, read, update, partial update, delete`,
    relations: 'stored per repository; deleted with their repository',
  })
}

export const upstreamFamilies: readonly ResourceFamily[] = upstreamFormats.map(upstreamFamily)
