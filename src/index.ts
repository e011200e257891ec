/** cloudsmith-mock: a deterministic mock of the Cloudsmith v1 API, usable in any runtime. */
export { createMock, DEFAULT_BASE_URL } from './create-mock.ts'
export type {
  CloudsmithMock,
  MockOptions,
  MockSnapshot,
  DatasetBuilderContext,
} from './create-mock.ts'
export { trait, factories as givenFactories, MAX_GIVEN_COUNT } from '../handlers/given/index.ts'
export type {
  Given,
  GivenEntity,
  GivenFields,
  GivenRequest,
  GivenResult,
  GivenTrait,
} from '../handlers/given/index.ts'
export { MockError, OptionsError, errors, type ErrorBody, type FieldErrors } from './core/errors.ts'
export type { Clock } from './core/clock.ts'
export type { Journal, JournalEntry, JournalFilter, JsonValue } from './core/journal.ts'
export type { CoverageCounts, CoverageReport, OperationCoverage } from './core/coverage.ts'
export type { Database } from './core/db/database.ts'
export { checkIntegrity, type IntegrityReport } from './core/db/integrity.ts'
export type {
  Dataset,
  RepositoryRecord,
  PackageRecord,
  UploadRecord,
  Membership,
  ApiKey,
  RepoPrivilege,
} from './core/db/schemas.ts'
export { ScenarioEngine, parseScenario } from './core/scenarios/engine.ts'
export { parseScenarioConfig, type ScenarioConfig } from './core/scenarios/config.ts'
export { builtInScenarios } from './core/scenarios/catalog.ts'
export { builtInScenarioNames } from './core/scenarios/types.ts'
export type {
  BuiltInScenarioName,
  ScenarioName,
  ScenarioDefinition,
  ScenarioRule,
  SyncBehaviour,
} from './core/scenarios/types.ts'
export type { OperationId, PackageFormat } from './core/openapi/index.ts'
export { operationIds, packageFormats } from './core/openapi/index.ts'
export type {
  Repository,
  Package,
  PackageStatus,
  PackageFileUpload,
  UserBrief,
  ErrorDetail,
  RepositoryCreateRequest,
  RepositoryRequestPatch,
  ResourcesRateCheck,
  StatusBasic,
} from './generated/types.ts'
export type { Namespace as NamespaceRecord } from './core/db/schemas.ts'
export {
  buildPreset,
  buildDefaultDataset,
  defaultCredentials,
  presetNames,
} from '../fixtures/index.ts'
export type { PresetName, DatasetOptions } from '../fixtures/index.ts'
