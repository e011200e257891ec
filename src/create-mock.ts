/**
 * createMock(options): the whole mock, runtime-agnostic. Adapters (node, browser, server) only
 * connect `handle` or `handlers` to a transport.
 */
import { http, type HttpHandler } from 'msw'
import { ZodError } from 'zod'
import { buildPreset, DEFAULT_SEED, type PresetName } from '../fixtures/index.ts'
import {
  buildRouter,
  handleRequest,
  replyTo,
  routes,
  statusesFor,
  type MockState,
  type Reply,
} from '../handlers/index.ts'
import { createClock, DEFAULT_EPOCH, type Clock } from './core/clock.ts'
import { createCorsPolicy, documentOrigin, withCors } from './core/cors.ts'
import { createDatabase, parseDataset, type Database } from './core/db/database.ts'
import type { Dataset } from './core/db/schemas.ts'
import { httpTwin, isCloudsmithHost, notMocked } from './core/hosts.ts'
import { hostHandlers } from './served-hosts.ts'
import { createJournal, type Journal } from './core/journal.ts'
import { parseMockOptions, type MockOptions, type ParsedMockOptions } from './core/options.ts'
import { createRateLimiter } from './core/rate-limit.ts'
import { createMockResponseCache } from './core/response-cache.ts'
import { ScenarioEngine } from './core/scenarios/engine.ts'
import { createWriteQueue } from './core/write-queue.ts'
import type { ScenarioDefinition, ScenarioName } from './core/scenarios/types.ts'

export const DEFAULT_BASE_URL = 'https://api.cloudsmith.io'

/**
 * Any page origin, and also `null`: a test document without a URL (jsdom's `about:blank`, a
 * sandboxed frame) sends `Origin: null`, and nothing in a test process needs keeping out.
 */
const IN_PROCESS_CORS = { origins: ['*', 'null'] } as const

export type { DatasetBuilderContext, MockOptions } from './core/options.ts'

/** A snapshot taken between writes; `sequence` is the last write it holds (0: none). */
export interface Checkpoint {
  sequence: number
  snapshot: MockSnapshot
}

/** Everything needed to continue a run later (what `--persist` writes): data, id counters, clock. */
export interface MockSnapshot {
  seed: number
  /** The mock's clock, epoch ms. */
  now: number
  /** Counters behind the ids of records created at run time, so new ids never collide. */
  counters: Record<string, number>
  dataset: Dataset
}

export interface CloudsmithMock {
  /**
   * One MSW handler per base URL (and the http twin of an https Cloudsmith one), then a last one
   * that answers any other Cloudsmith host with a 501 `not_mocked` error instead of letting it
   * reach the network. Put your own handlers before these when you spread them into your server.
   */
  readonly handlers: HttpHandler[]
  /** The core: answers one request. Every runtime goes through here. */
  handle(request: Request): Promise<Response>
  /**
   * The same answer as plain data (status, lower-case headers, body), or null for a dropped
   * connection: for a transport that is not fetch, such as the standalone server's node:http,
   * which writes it without building a Response and reading its body stream back.
   */
  reply(request: Request): Promise<Reply | null>
  readonly db: Database
  readonly scenarios: ScenarioEngine
  readonly journal: Journal
  readonly clock: Clock
  readonly seed: number
  /** Activates scenarios at run time (highest after the request's own); undone by `reset()`. */
  use(...scenarios: (ScenarioName | ScenarioDefinition)[]): void
  /** Back to the seeded start: data, counters, rate windows, clock, runtime scenarios, journal. */
  reset(): Promise<void>
  /** Makes the current data the state `reset()` returns to (used by --persist). */
  commit(): void
  /**
   * The current state as plain data (a copy). Taken at once, it may hold a write halfway (a
   * package created, its upload not yet consumed); `checkpoint()` never does.
   */
  snapshot(): MockSnapshot
  /**
   * The state once every write queued so far has finished, taken before any later write starts:
   * whole writes only (what --persist saves).
   * @example
   * const { sequence, snapshot } = await mock.checkpoint()
   */
  checkpoint(): Promise<Checkpoint>
  /** Loads a snapshot (validated) and makes it the state `reset()` returns to. */
  restore(snapshot: MockSnapshot): Promise<void>
  /** Waits until the seeded data is loaded (every request awaits this too). */
  ready(): Promise<void>
}

/**
 * What the handler for `base` answers. An absolute base is a plain prefix test: msw's path
 * patterns refuse URLs over 8,192 characters with a 500 and a stack trace of their own. A
 * relative base (resolved against the page in a browser) or one with a wildcard keeps the pattern.
 */
function underBase(base: string): string | ((args: { request: Request }) => boolean) {
  const trimmed = base.replace(/\/+$/, '')
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return `${trimmed}/*`
  }
  if (/[*:]/.test(url.pathname) || url.hostname.includes('*')) return `${trimmed}/*`
  const root = `${url.origin}${url.pathname.replace(/\/+$/, '')}`
  return ({ request }) =>
    request.url.startsWith(`${root}/`) || request.url === root || request.url.startsWith(`${root}?`)
}

/**
 * parseDataset, its findings as one message naming each path (`Invalid dataset:
 * packages.3.repository: no repository acme/x`): a ZodError's own message is a JSON dump.
 * The error stays a ZodError, so callers that describe issues themselves (the CLI) still can.
 */
function checkedDataset(input: unknown): Dataset {
  try {
    return parseDataset(input)
  } catch (error) {
    if (!(error instanceof ZodError)) throw error
    const shown = error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    const more = error.issues.length > 5 ? ` (and ${error.issues.length - 5} more)` : ''
    Object.defineProperty(error, 'message', {
      value: `Invalid dataset: ${shown.join('; ')}${more}`,
    })
    throw error
  }
}

function resolveDataset(options: ParsedMockOptions, seed: number, now: number): Dataset {
  const preset = (name: PresetName) => buildPreset(name, { seed, now })
  if (typeof options.dataset === 'function')
    return checkedDataset(options.dataset({ seed, preset }))
  if (options.dataset) return checkedDataset(options.dataset)
  return preset(options.preset ?? 'default')
}

/**
 * Creates a mock of the Cloudsmith v1 API. Throws an `OptionsError` for a bad option.
 * @example
 * const mock = createMock({ seed: 1, scenarios: ['upload-processing'] })
 * const response = await mock.handle(new Request('https://api.cloudsmith.io/v1/user/self/'))
 */
export function createMock(input: MockOptions = {}): CloudsmithMock {
  const options = parseMockOptions(input)
  const seed = options.seed ?? DEFAULT_SEED
  const clock = createClock(options.now, { mode: options.clock ?? 'frozen' })
  const db = createDatabase()
  const scenarios = new ScenarioEngine({
    routes: routes.map((r) => ({ operationId: r.operationId, method: r.method, template: r.path })),
    statusesFor,
  })
  for (const definition of options.customScenarios ?? []) scenarios.define(definition)
  scenarios.setStartup(options.scenarios ?? [])
  const journal = createJournal(options.journalSize ?? 1000)
  const limiter = createRateLimiter(options.rateLimit)
  const state: MockState = {
    seed,
    db,
    clock,
    journal,
    scenarios,
    limiter,
    latency: options.latency ?? 0,
    sync: {
      steps: options.sync?.steps ?? 1,
      outcome: options.sync?.outcome ?? 'completed',
      reason: options.sync?.reason ?? null,
      durationMs: options.sync?.durationMs ?? null,
    },
    counters: new Map(),
    writes: createWriteQueue(),
    afterWrite: options.afterWrite,
    responses: createMockResponseCache(db, clock),
  }
  const router = buildRouter(routes)
  // The dataset is not kept: reset() undoes writes instead of reloading it.
  // The clock's start, not its reading: a real clock may have moved a millisecond already, and
  // the same options must build the same data (and match the CLI's prebuilt snapshot).
  let loading = db.restore(resolveDataset(options, seed, options.now ?? DEFAULT_EPOCH))
  // What reset() returns to besides the data: ids must keep counting past committed records.
  let baseline = { counters: new Map<string, number>(), now: clock.now() }

  const snapshot = (): MockSnapshot => ({
    seed,
    now: clock.now(),
    counters: Object.fromEntries(state.counters),
    dataset: db.snapshot(),
  })

  const handle = async (request: Request) => {
    await loading
    return handleRequest(state, router, request)
  }
  const reply = async (request: Request) => {
    await loading
    return replyTo(state, router, request)
  }
  const baseUrls = [options.baseUrl ?? DEFAULT_BASE_URL].flat()
  // DOM test environments (jsdom, happy-dom) enforce CORS like a browser: every handler answers
  // preflights and adds the same headers as the standalone server, from the same policy.
  const cors = createCorsPolicy(IN_PROCESS_CORS)
  const answer = (request: Request, respond: (request: Request) => Promise<Response>) =>
    withCors(cors, request, respond, { pageOrigin: documentOrigin })
  const handlers = baseUrls.map((base) =>
    http.all(underBase(base), ({ request }) => answer(request, handle)),
  )
  for (const base of baseUrls) {
    const twin = httpTwin(base)
    if (twin && !baseUrls.includes(twin))
      handlers.push(
        http.all(underBase(twin), ({ request }) =>
          answer(request, (plain) =>
            handle(new Request(`https:${plain.url.slice('http:'.length)}`, plain)),
          ),
        ),
      )
  }
  // Cloudsmith's download and upload hosts, served by the mock's own routes for them.
  handlers.push(...hostHandlers(answer, handle))
  // Last: a Cloudsmith host none of the above answers never reaches the network (nor the key).
  handlers.push(
    http.all(
      ({ request }) => isCloudsmithHost(new URL(request.url).hostname),
      ({ request }) =>
        answer(request, async (refused) => {
          await loading
          return handleRequest(state, router, refused, notMocked(refused, baseUrls))
        }),
    ),
  )

  return {
    handlers,
    handle,
    reply,
    db,
    scenarios,
    journal,
    clock,
    seed,
    use: (...items) => scenarios.use(...items),
    // Queued like a write, so no request is halfway through a change while the data is swapped.
    reset: () =>
      state.writes.run(async () => {
        await loading
        loading = db.rollback()
        await loading
        state.counters.clear()
        for (const [kind, count] of baseline.counters) state.counters.set(kind, count)
        clock.set(baseline.now)
        limiter.reset()
        scenarios.reset()
        journal.clear()
      }),
    commit() {
      db.commit()
      baseline = { ...baseline, counters: new Map(state.counters) }
    },
    snapshot,
    checkpoint: () =>
      state.writes.between(async (sequence) => {
        await loading
        return { sequence, snapshot: snapshot() }
      }),
    async restore(snapshot) {
      const dataset = checkedDataset(snapshot.dataset)
      await state.writes.run(async () => {
        await loading
        loading = db.restore(dataset)
        await loading
        state.counters.clear()
        for (const [kind, count] of Object.entries(snapshot.counters))
          state.counters.set(kind, count)
        clock.set(snapshot.now)
        baseline = { counters: new Map(state.counters), now: snapshot.now }
      })
    },
    ready: () => loading,
  }
}
