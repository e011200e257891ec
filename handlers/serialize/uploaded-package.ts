/** The answer to an upload: Package plus the fields the format's `<Format>PackageUpload` adds. */
import type { PackageRecord } from '../../src/core/db/schemas.ts'
import { getOperation, getSchema } from '../../src/core/openapi/index.ts'
import type { Package } from '../../src/generated/types.ts'
import { serializePackage } from './package.ts'

const packageProperties = new Set(Object.keys(getSchema('Package')?.properties ?? {}))
const uploadExtras = new Map<string, string[]>()

/**
 * Properties a format's upload response adds to Package (swift's `scope`, vagrant's `provider`,
 * maven's `group_id`...), as the document lists them. SwiftPackageUpload and
 * VagrantPackageUpload even require theirs.
 */
function uploadOnlyFields(format: string): string[] {
  let fields = uploadExtras.get(format)
  if (fields === undefined) {
    const ref = getOperation(`packages_upload_${format}`)?.responses['201']?.$ref
    const schema = ref ? getSchema(ref.replace('#/schemas/', '')) : undefined
    fields = Object.keys(schema?.properties ?? {}).filter((name) => !packageProperties.has(name))
    uploadExtras.set(format, fields)
  }
  return fields
}

/** The `<Format>PackageUpload` answer: the new package plus the format's own fields, as sent. */
export function serializeUploadedPackage(
  pkg: PackageRecord,
  origin: string,
  now: number,
  body: Record<string, unknown>,
): Package & Record<string, unknown> {
  const extra: Record<string, unknown> = {}
  for (const name of uploadOnlyFields(pkg.format))
    if (body[name] !== undefined) extra[name] = body[name]
  return { ...serializePackage(pkg, origin, now), ...extra }
}
