/** Namespace records to Cloudsmith's Namespace shape. */
import type { Namespace } from '../../src/core/db/schemas.ts'
import type { Namespace as NamespaceShape } from '../../src/generated/types.ts'

export function serializeNamespace(namespace: Namespace): NamespaceShape {
  return {
    name: namespace.name,
    slug: namespace.slug,
    slug_perm: namespace.slug_perm,
    type_name: namespace.kind,
  }
}
