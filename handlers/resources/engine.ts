/**
 * Turns a resource family (./family.ts) into ordinary routes: one defineRoute per operation, so
 * authentication, scenarios, the rate limit, request validation, the journal and CORS apply as
 * to any other route. Records live in the `resources` table (src/core/db), so reset(), undo,
 * snapshots, persistence and the integrity check cover them.
 */
import { resourceGroup, resourceKey } from '../../src/core/db/keys.ts'
import type { ResourceRecord } from '../../src/core/db/schemas.ts'
import { errors } from '../../src/core/errors.ts'
import { getOperation, type OperationId } from '../../src/core/openapi/index.ts'
import { paginate, readPageRequest } from '../../src/core/pagination.ts'
import type { Level } from '../access.ts'
import { nextId, type RouteContext, type RouteResult } from '../context.ts'
import { defineRoute, type RouteDefinition } from '../define-route.ts'
import { cachedAnswer } from '../json-text.ts'
import type { FamilyAction, FamilyContext, Fields, ResourceFamily } from './family.ts'
import { present, resolveSchema, responseSchema, tokenOf, writableFields } from './schema-body.ts'

/** The key of a one-per-scope family's record. */
export const SINGLETON_KEY = 'default'

/**
 * The documented success status of an operation: its only 2xx, or where it lists two (a key
 * create documents 200 and 201) 201 for a POST that creates, else 200.
 * @example
 * successStatus('repos_upstream_python_delete') // 204
 */
export function successStatus(operationId: OperationId, creates = false): number {
  const codes = Object.keys(getOperation(operationId).responses)
    .map(Number)
    .filter((code) => code >= 200 && code < 300)
  if (codes.length === 1) return codes[0]!
  if (creates && codes.includes(201)) return 201
  return codes.includes(200) ? 200 : (codes[0] ?? 200)
}

const keyFieldOf = (family: ResourceFamily) => family.keyField ?? 'slug_perm'

/** The record's answer through the operation's response schema for `status`. */
export function presentRecord(
  fc: FamilyContext,
  record: ResourceRecord,
  status: number,
): Fields | undefined {
  const schema = responseSchema(fc.ctx.operationId, status)
  if (!schema) return undefined
  const resolved = resolveSchema(schema)
  const itemSchema = resolved?.type === 'array' ? resolveSchema(resolved.items) : resolved
  const computed = fc.family.hooks?.present?.(record, fc) ?? {}
  const seed = `${record.family}:${record.scope}:${record.key}`
  return present(itemSchema, { ...record.data, ...computed }, seed)
}

function context(ctx: RouteContext, family: ResourceFamily, level: Level): FamilyContext {
  return { ctx, family, scope: family.scope.resolve(ctx, level) }
}

/** Records of the family in the scope, in creation order (seeded ones first, by key). */
export function listRecords(fc: FamilyContext): ResourceRecord[] {
  return fc.ctx.state.db.resources
    .group(resourceGroup(fc.family.name, fc.scope.key))
    .sort((a, b) => (a.created_seq ?? 0) - (b.created_seq ?? 0) || a.key.localeCompare(b.key))
}

/** The record `key` of the family in the scope, or the 404 the API answers for a missing one. */
export function requireRecord(fc: FamilyContext, key: string): ResourceRecord {
  const found = fc.ctx.state.db.resources.get(resourceKey(fc.family.name, fc.scope.key, key))
  if (!found) throw errors.notFound()
  return found
}

/** A one-per-scope family's record: the stored one, or its defaults (nothing stored). */
function singleton(fc: FamilyContext): ResourceRecord {
  const key = resourceKey(fc.family.name, fc.scope.key, SINGLETON_KEY)
  return (
    fc.ctx.state.db.resources.get(key) ?? {
      family: fc.family.name,
      scope_kind: fc.scope.kind,
      scope: fc.scope.key,
      key: SINGLETON_KEY,
      data: {},
    }
  )
}

/** The defaults every record starts with, then what the family's own identity hook adds. */
function identity(fc: FamilyContext, key: string): Fields {
  const now = new Date(fc.ctx.state.clock.now()).toISOString()
  const fields: Fields = { created_at: now, updated_at: now }
  if (!fc.family.singleton) fields[keyFieldOf(fc.family)] = key
  return { ...fields, ...fc.family.hooks?.identity?.(key, fc) }
}

/**
 * Stores `fields` as the record `key` of the family (created when absent), through the table's
 * insert or update so versions, undo and persistence see it; runs the family's afterWrite.
 */
export async function storeRecord(
  fc: FamilyContext,
  key: string,
  fields: Fields,
): Promise<ResourceRecord> {
  const table = fc.ctx.state.db.resources
  const id = resourceKey(fc.family.name, fc.scope.key, key)
  const before = table.get(id)
  let after: ResourceRecord | undefined
  if (before)
    after = await table.update(id, (draft) => {
      draft.data = fields
    })
  else
    after = await table.insert({
      family: fc.family.name,
      scope_kind: fc.scope.kind,
      scope: fc.scope.key,
      key,
      data: fields,
    })
  await fc.family.hooks?.afterWrite?.({ before, after }, fc)
  return after!
}

function requestSchemaOf(operationId: OperationId) {
  return getOperation(operationId).requestBody?.schema
}

/** The fields a write stores: the writable ones sent, over `base`, checked by the family. */
function written(fc: FamilyContext, base: Fields, existing: ResourceRecord | undefined): Fields {
  const sent = writableFields(requestSchemaOf(fc.ctx.operationId as OperationId), fc.ctx.body)
  const fields = { ...base, ...sent }
  if ('updated_at' in base) fields.updated_at = new Date(fc.ctx.state.clock.now()).toISOString()
  return fc.family.hooks?.beforeWrite?.(fields, fc, existing) ?? fields
}

function answer(fc: FamilyContext, record: ResourceRecord, status: number): RouteResult {
  const body = presentRecord(fc, record, status)
  return body === undefined ? { status } : { status, body }
}

/** The key a member route names (its one path parameter that is not the scope's). */
function memberKey(ctx: RouteContext, family: ResourceFamily): string {
  return ctx.params[keyFieldOf(family)] ?? ''
}

const levels = (family: ResourceFamily) => ({
  read: family.levels?.read ?? 'read',
  write: family.levels?.write ?? 'admin',
})

function route(
  operationId: OperationId,
  family: ResourceFamily,
  handle: RouteDefinition['handle'],
  writes?: boolean,
): RouteDefinition {
  const op = getOperation(operationId)
  const method = op.method as RouteDefinition['method']
  const isWrite = writes ?? method !== 'GET'
  const reads = method === 'GET' && levels(family).read === 'read' && family.scope.kind !== 'user'
  return defineRoute({
    operationId,
    method,
    path: op.path,
    access: reads ? 'optional' : 'required',
    ...(isWrite ? {} : { writes: false }),
    handle,
  })
}

function listRoute(family: ResourceFamily, operationId: OperationId): RouteDefinition {
  return route(operationId, family, (ctx) => {
    const fc = context(ctx, family, levels(family).read)
    const status = successStatus(operationId)
    const schema = resolveSchema(responseSchema(operationId, status))
    // Some "lists" of the document answer one object (a repository's current GPG key).
    if (family.singleton || schema?.type !== 'array') {
      const records = family.singleton ? [singleton(fc)] : listRecords(fc)
      const current = records.at(-1)
      if (!current) throw errors.notFound()
      return answer(fc, current, status)
    }
    return cachedAnswer(ctx, ['resources', ...family.scope.reads], () => {
      const { items, headers } = paginate(listRecords(fc), readPageRequest(ctx.query), ctx.url)
      return { status, body: items.map((r) => presentRecord(fc, r, status)), headers }
    })
  })
}

/**
 * What a family's create does with `fc.ctx.body` (its request body, already valid): a new key
 * from the seed and the family's counter, the record's identity, the writable fields sent, the
 * family's beforeWrite and afterWrite. handlers/given stores records through it too.
 */
export async function createRecord(fc: FamilyContext): Promise<ResourceRecord> {
  const { family, ctx } = fc
  const number = nextId(ctx.state, `resources:${family.name}`)
  const key = family.singleton
    ? SINGLETON_KEY
    : tokenOf(`${ctx.state.seed}:${family.name}:${fc.scope.key}:${number}`)
  const existing = family.singleton ? singleton(fc) : undefined
  const base = existing?.data ?? identity(fc, key)
  return storeRecord(fc, key, written(fc, { ...identity(fc, key), ...base }, undefined))
}

function createRoute(family: ResourceFamily, operationId: OperationId): RouteDefinition {
  return route(operationId, family, async (ctx) => {
    const fc = context(ctx, family, levels(family).write)
    const record = await createRecord(fc)
    return answer(fc, record, successStatus(operationId, true))
  })
}

function readRoute(family: ResourceFamily, operationId: OperationId): RouteDefinition {
  return route(operationId, family, (ctx) => {
    const fc = context(ctx, family, levels(family).read)
    const record = family.singleton ? singleton(fc) : requireRecord(fc, memberKey(ctx, family))
    return answer(fc, record, successStatus(operationId))
  })
}

function updateRoute(
  family: ResourceFamily,
  operationId: OperationId,
  partial: boolean,
): RouteDefinition {
  return route(operationId, family, async (ctx) => {
    const fc = context(ctx, family, levels(family).write)
    const existing = family.singleton ? singleton(fc) : requireRecord(fc, memberKey(ctx, family))
    // A full update keeps what the record is (its key, its times), not what was written before.
    const kept = partial ? existing.data : pickIdentity(existing.data, fc, existing.key)
    const base = { ...(family.singleton ? {} : identity(fc, existing.key)), ...kept }
    const record = await storeRecord(fc, existing.key, written(fc, base, existing))
    return answer(fc, record, successStatus(operationId))
  })
}

function pickIdentity(data: Fields, fc: FamilyContext, key: string): Fields {
  const out: Fields = {}
  for (const name of Object.keys(identity(fc, key))) if (name in data) out[name] = data[name]
  return out
}

function deleteRoute(family: ResourceFamily, operationId: OperationId): RouteDefinition {
  return route(operationId, family, async (ctx) => {
    const fc = context(ctx, family, levels(family).write)
    const record = family.singleton ? singleton(fc) : requireRecord(fc, memberKey(ctx, family))
    const before = ctx.state.db.resources.remove(resourceKey(family.name, fc.scope.key, record.key))
    await family.hooks?.afterWrite?.({ before, after: undefined }, fc)
    return { status: successStatus(operationId) }
  })
}

function actionRoute(
  family: ResourceFamily,
  operationId: OperationId,
  action: FamilyAction,
): RouteDefinition {
  const op = getOperation(operationId)
  const keyed = op.path.includes(`{${keyFieldOf(family)}}`)
  return route(
    operationId,
    family,
    async (ctx) => {
      const fc = context(ctx, family, action.level ?? levels(family).write)
      const record = keyed
        ? requireRecord(fc, memberKey(ctx, family))
        : family.singleton
          ? singleton(fc)
          : listRecords(fc).at(-1)
      if (action.handle) return action.handle(fc, record)
      if (!record) throw errors.notFound()
      const change = typeof action.set === 'function' ? action.set(record.data, fc) : action.set
      const updated = change
        ? await storeRecord(fc, record.key, { ...record.data, ...change })
        : record
      return answer(fc, updated, successStatus(operationId))
    },
    op.method !== 'GET',
  )
}

/**
 * Every route of a family, in the document's terms.
 * @example
 * routes.push(...familyRoutes(retentionFamily))
 */
export function familyRoutes(family: ResourceFamily): RouteDefinition[] {
  const out: RouteDefinition[] = []
  if (family.list) out.push(listRoute(family, family.list))
  if (family.create) out.push(createRoute(family, family.create))
  if (family.read) out.push(readRoute(family, family.read))
  if (family.update) out.push(updateRoute(family, family.update, false))
  if (family.partialUpdate) out.push(updateRoute(family, family.partialUpdate, true))
  if (family.delete) out.push(deleteRoute(family, family.delete))
  for (const [id, action] of Object.entries(family.actions ?? {}))
    if (action) out.push(actionRoute(family, id as OperationId, action))
  return out
}

/** The operation ids a family serves. */
export function familyOperations(family: ResourceFamily): OperationId[] {
  const roles = [
    family.list,
    family.create,
    family.read,
    family.update,
    family.partialUpdate,
    family.delete,
  ]
  return [
    ...roles.filter((id): id is OperationId => id !== undefined),
    ...(Object.keys(family.actions ?? {}) as OperationId[]),
  ]
}
