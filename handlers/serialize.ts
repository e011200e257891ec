/**
 * Records to Cloudsmith's API shapes (Repository, Package, PackageStatus, ...), with the real
 * field names: one file per shape in ./serialize/, gathered here for the routes.
 */
export { serializeNamespace } from './serialize/namespace.ts'
export { packageTypes, serializePackage } from './serialize/package.ts'
export { serializePackageStatus } from './serialize/package-status.ts'
export {
  formatSize,
  repositoryText,
  serializeRepository,
  writableRepositoryFields,
  type RepositoryStats,
} from './serialize/repository.ts'
export { serializeUploadedPackage } from './serialize/uploaded-package.ts'
