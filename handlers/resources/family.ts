/**
 * A resource family: one definition that yields the routes of a plain-CRUD corner of the API
 * (an upstream format, a repository's signing keys, an organisation's teams...). Paths, methods,
 * request and response schemas come from the document through the operation ids; the family
 * says which operation plays which role, what the records hang off (its scope), who may read and
 * write, and where the API has behaviour, a small hook.
 */
import type { ResourceRecord } from '../../src/core/db/schemas.ts'
import type { OperationId } from '../../src/core/openapi/index.ts'
import type { Level } from '../access.ts'
import type { RouteContext, RouteResult } from '../context.ts'
import type { Scope, ScopeTarget } from './scopes.ts'

/** What a hook sees: the request, the family, and the scope the request resolved to. */
export interface FamilyContext {
  ctx: RouteContext
  family: ResourceFamily
  scope: ScopeTarget
}

/** The API fields a record holds of its own (see ResourceRecord.data). */
export type Fields = Record<string, unknown>

/**
 * An operation beyond CRUD (enable, disable, regenerate, test, sync...). With `set` it changes
 * the record's fields and answers the operation's documented success (the record, if the
 * document gives that status a body); with `handle` it does whatever it says.
 */
export interface FamilyAction {
  /** Fields to set on the record (created from defaults first, for a one-per-scope family). */
  set?: Fields | ((record: Fields, fc: FamilyContext) => Fields)
  /** Full control: the record (undefined for a collection action without one) and its key. */
  handle?: (
    fc: FamilyContext,
    record: ResourceRecord | undefined,
  ) => RouteResult | Promise<RouteResult>
  /** Level needed in the scope (default: the family's write level). */
  level?: Level
}

export interface FamilyHooks {
  /**
   * Checks and completes what a create or update stores (`fields`: the writable fields sent,
   * laid over the stored ones for an update). Throw `errors.invalid({...})` to refuse.
   */
  beforeWrite?: (fields: Fields, fc: FamilyContext, existing: ResourceRecord | undefined) => Fields
  /** Fields computed when answering (counts from other tables, URLs): laid over the stored. */
  present?: (record: ResourceRecord, fc: FamilyContext) => Fields
  /** Runs after a record is created, updated or deleted (changes to other tables). */
  afterWrite?: (
    change: { before: ResourceRecord | undefined; after: ResourceRecord | undefined },
    fc: FamilyContext,
  ) => void | Promise<void>
  /**
   * Fields a new record starts with besides the defaults (its key field, created_at,
   * updated_at), which these may override.
   */
  identity?: (key: string, fc: FamilyContext) => Fields
}

export interface ResourceFamily {
  /** The records' `family` in the resources table; seeds in fixtures/ use the same name. */
  name: string
  /** The API group the docs list it under (`repos`, `orgs`...). */
  group: string
  scope: Scope
  /** Operation ids by role: the document gives each one's method and path. */
  list?: OperationId
  create?: OperationId
  read?: OperationId
  update?: OperationId
  partialUpdate?: OperationId
  delete?: OperationId
  actions?: Partial<Record<OperationId, FamilyAction>>
  /**
   * One record per scope (a repository's GeoIP rules, retention, GPG key): read and update
   * address the collection path itself, and reading one never written answers the defaults.
   */
  singleton?: boolean
  /** The field holding a member's key, also its path parameter's name (default `slug_perm`). */
  keyField?: string
  /** Level needed to read (default `read`) and to write (default `admin`). */
  levels?: { read?: Level; write?: Level }
  hooks?: FamilyHooks
  /** One line for docs/operations.md: what is modelled. */
  summary: string
  /** How its state relates to the rest of the mock (docs/operations.md). */
  relations?: string
}

/**
 * Declares a family (identity: the type is the point).
 * @example
 * defineFamily({ name: 'retention', group: 'repos', scope: repositoryScope, singleton: true,
 *   read: 'repo_retention_read', partialUpdate: 'repo_retention_partial_update', summary: '...' })
 */
export function defineFamily(family: ResourceFamily): ResourceFamily {
  return family
}
