/**
 * The admin API under `/__mock/`: health, the scenario catalog and the active scenarios, reset,
 * the request journal, error-path coverage, the clock. JSON in and out; errors have Cloudsmith's shape.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { CloudsmithMock } from '../../create-mock.ts'
import { checkIntegrity } from '../../core/db/integrity.ts'
import { errors, OptionsError, toMockError } from '../../core/errors.ts'
import type { JournalFilter } from '../../core/journal.ts'
import { parseTime } from '../../core/options.ts'
import type { ScenarioDefinition } from '../../core/scenarios/types.ts'
import type { SaveHealth } from './durable-saves.ts'
import { errorResponse, jsonResponse } from './outgoing-response.ts'

export const ADMIN_PREFIX = '/__mock/'

export interface AdminContext {
  mock: CloudsmithMock
  /** When set, every admin call needs `Authorization: Bearer TOKEN` or `X-Admin-Token: TOKEN`. */
  token: string | undefined
  version: string
  /** Resolves once the state changed by an admin call is persisted (a no-op without --persist). */
  persist(): Promise<void>
  /** How saving goes with --persist (null without). */
  saves(): SaveHealth | null
}

type AdminHandler = (request: Request, url: URL, ctx: AdminContext) => Promise<Response> | Response

const digest = (value: string) => createHash('sha256').update(value).digest()

function authorised(request: Request, token: string): boolean {
  const bearer = /^\s*Bearer\s+(.+?)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1]
  const given = request.headers.get('x-admin-token') ?? bearer
  // Hashing first makes the comparison constant-time whatever the lengths.
  return given !== undefined && timingSafeEqual(digest(given), digest(token))
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** A request no browser sends cross-site without a preflight: a JSON type or X-Admin-Token. */
function preflighted(request: Request): boolean {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  return /^application\/(?:[\w.-]+\+)?json$/.test(type) || request.headers.has('x-admin-token')
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text()
  if (text.trim() === '') return {}
  try {
    return JSON.parse(text)
  } catch (error) {
    throw errors.malformedJson((error as Error).message)
  }
}

function integer(query: URLSearchParams, name: string, min: number): number | undefined {
  const raw = query.get(name)
  if (raw === null || raw === '') return undefined
  const value = Number(raw)
  if (!/^\d+$/.test(raw) || value < min || !Number.isSafeInteger(value))
    throw errors.invalid({ [name]: [`Expected an integer >= ${min}.`] })
  return value
}

/** `["name", {definition}]`, `{"scenarios": [...]}`, or one inline definition `{"rules": [...]}`. */
function scenarioItems(body: unknown): (string | ScenarioDefinition)[] {
  const list = Array.isArray(body)
    ? body
    : typeof body === 'object' && body !== null && 'scenarios' in body
      ? (body as { scenarios: unknown }).scenarios
      : typeof body === 'object' && body !== null && ('rules' in body || 'name' in body)
        ? [{ name: 'admin', ...body }]
        : null
  if (!Array.isArray(list))
    throw errors.badRequest(
      'Expected {"scenarios": [name or definition, ...]}, a list, or one definition {"rules": [...]}.',
      { scenarios: ['Expected a list of scenario names or definitions.'] },
    )
  return list as (string | ScenarioDefinition)[]
}

function applyScenarios(ctx: AdminContext, body: unknown, replace: boolean): void {
  const items = scenarioItems(body)
  try {
    if (replace) ctx.mock.scenarios.setRuntime(items)
    else ctx.mock.use(...items)
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    const valid = `Valid scenarios: ${ctx.mock.scenarios.names().join(', ')}.`
    throw errors.badRequest(detail.includes('Valid scenarios') ? detail : `${detail}. ${valid}`, {
      scenarios: [detail],
    })
  }
}

const scenarioState = (ctx: AdminContext) => ({
  active: ctx.mock.scenarios.active(),
  scenarios: ctx.mock.scenarios.list(),
})

const clockState = (ctx: AdminContext) => {
  const now = ctx.mock.clock.now()
  return { mode: ctx.mock.clock.mode, now: new Date(now).toISOString(), epochMs: now }
}

const routes: Record<string, Partial<Record<string, AdminHandler>>> = {
  health: {
    // 503 while changes cannot be saved (--persist): writes answer 503 too until a save succeeds.
    async GET(_request, _url, ctx) {
      // A failed save is retried here, so health turns ok once the disk has room again.
      if (ctx.saves()?.ok === false) await ctx.persist().catch(() => undefined)
      const persistence = ctx.saves()
      const failing = persistence !== null && !persistence.ok
      return jsonResponse(failing ? 503 : 200, {
        status: failing ? 'failing' : 'ok',
        ...(failing ? { detail: `Cannot save the state: ${persistence.error}` } : {}),
        version: ctx.version,
        seed: ctx.mock.seed,
        clock: clockState(ctx),
        active: ctx.mock.scenarios.active(),
        journal: { size: ctx.mock.journal.size, capacity: ctx.mock.journal.capacity },
        ...(persistence ? { persistence } : {}),
      })
    },
  },
  /** The dataset's consistency (src/core/db/integrity.ts): 200 when sound, 500 with the findings. */
  integrity: {
    GET(_request, _url, ctx) {
      const report = checkIntegrity(ctx.mock.db)
      return jsonResponse(report.ok ? 200 : 500, {
        detail: report.ok ? 'The data is consistent.' : report.problems.join('\n'),
        ...report,
      })
    },
  },
  scenarios: {
    GET: (_request, _url, ctx) => jsonResponse(200, scenarioState(ctx)),
    /** Replaces the runtime scenarios. */
    async PUT(request, _url, ctx) {
      applyScenarios(ctx, await readJson(request), true)
      return jsonResponse(200, scenarioState(ctx))
    },
    /** Adds scenarios above the ones already active. */
    async POST(request, _url, ctx) {
      applyScenarios(ctx, await readJson(request), false)
      return jsonResponse(200, scenarioState(ctx))
    },
    DELETE(_request, _url, ctx) {
      ctx.mock.scenarios.setRuntime([])
      return jsonResponse(200, scenarioState(ctx))
    },
  },
  reset: {
    async POST(_request, _url, ctx) {
      await ctx.mock.reset()
      await ctx.persist()
      return jsonResponse(200, { detail: 'Reset to the start state.', ...scenarioState(ctx) })
    },
  },
  journal: {
    GET(_request, url, ctx) {
      const query = url.searchParams
      const filter: JournalFilter = {}
      const operation = query.get('operation') ?? query.get('operationId')
      if (operation) filter.operationId = operation
      const status = integer(query, 'status', 0)
      if (status !== undefined) filter.status = status
      const since = integer(query, 'since', 0)
      if (since !== undefined) filter.since = since
      const limit = integer(query, 'limit', 1)
      if (limit !== undefined) filter.limit = limit
      const journal = ctx.mock.journal
      return jsonResponse(200, {
        entries: journal.entries(filter),
        size: journal.size,
        capacity: journal.capacity,
      })
    },
  },
  /** Error-path coverage since the start or the last reset (docs/coverage.md). */
  coverage: {
    GET: (_request, _url, ctx) => jsonResponse(200, ctx.mock.coverage()),
  },
  clock: {
    GET: (_request, _url, ctx) => jsonResponse(200, clockState(ctx)),
    async POST(request, _url, ctx) {
      const body = (await readJson(request)) as { advanceMs?: unknown; now?: unknown }
      const advance = body?.advanceMs
      const now = body?.now
      const valid = ['Expected {"advanceMs": ms >= 0} or {"now": ISO date or epoch ms}.']
      // `now` in the same forms as the `now` option (a Date arrives as its ISO string).
      const time = now === undefined ? undefined : parseTime(now)
      try {
        if (typeof advance === 'number' && Number.isFinite(advance) && advance >= 0)
          ctx.mock.clock.advance(advance)
        else if (time !== undefined) ctx.mock.clock.set(time)
        else if (now !== undefined)
          throw errors.invalid({
            now: [
              'Expected epoch ms or an ISO 8601 date-time such as "2026-02-01T00:00:00Z", in the years 1 to 9000.',
            ],
          })
        else throw errors.invalid({ advanceMs: valid })
      } catch (error) {
        // A time no Date can render would break every later answer: the clock refuses it.
        if (error instanceof RangeError) throw errors.invalid({ advanceMs: [error.message] })
        throw error
      }
      await ctx.persist()
      return jsonResponse(200, clockState(ctx))
    },
  },
}

/**
 * `POST /__mock/given/<entity>` with `{ fields, traits, count }`: the mock's factories
 * (docs/factories.md), answering 201 with what the API answers for the record(s). A bad entity,
 * field or trait is a 400 naming it and what is valid.
 */
async function given(request: Request, url: URL, ctx: AdminContext, entity: string) {
  if (request.method !== 'POST') throw errors.methodNotAllowed(request.method, ['POST'])
  const body = await readJson(request)
  try {
    const made = await ctx.mock
      .givenAt(url.origin, 'POST /__mock/given')
      .make(entity, body as Record<string, unknown>)
    await ctx.persist()
    return jsonResponse(201, made)
  } catch (error) {
    if (error instanceof OptionsError)
      throw errors.badRequest(error.message, { [error.option || 'body']: [error.reason] })
    throw error
  }
}

/** Answers a request under `/__mock/`. */
export async function handleAdmin(
  request: Request,
  url: URL,
  ctx: AdminContext,
): Promise<Response> {
  try {
    if (ctx.token !== undefined && !authorised(request, ctx.token)) throw errors.adminTokenRefused()
    const name = url.pathname.slice(ADMIN_PREFIX.length).replace(/\/$/, '')
    const entity = /^given\/([^/]+)$/.exec(name)?.[1]
    if (entity !== undefined) {
      if (!SAFE_METHODS.has(request.method) && !ctx.token && !preflighted(request))
        throw errors.adminNeedsJson()
      return await given(request, url, ctx, entity)
    }
    const route = Object.hasOwn(routes, name) ? routes[name] : undefined
    if (!route) throw errors.notFound()
    const handler = Object.hasOwn(route, request.method) ? route[request.method] : undefined
    if (!handler) throw errors.methodNotAllowed(request.method, Object.keys(route))
    // A page on any site can POST text/plain or a form without asking first (a CORS-simple
    // request); a JSON type or a custom header makes the browser ask, and the CORS policy answer.
    if (!SAFE_METHODS.has(request.method) && !ctx.token && !preflighted(request))
      throw errors.adminNeedsJson()
    return await handler(request, url, ctx)
  } catch (thrown) {
    // A bug in the admin API is logged and says it is the mock's fault, as the API's do.
    return errorResponse(toMockError(thrown, 'the admin API'))
  }
}
