/**
 * createMock(options): the whole mock, runtime-agnostic. Adapters (node, browser, server) only
 * connect `handle` or `handlers` to a transport.
 */
import { http, type HttpHandler } from 'msw'
import { buildPreset, DEFAULT_SEED, type PresetName } from '../../fixtures/index.ts'
import {
  buildRouter,
  handleRequest,
  replyTo,
  routes,
  statusesFor,
  type MockState,
  type Reply,
} from '../../handlers/index.ts'
import { createClock, type Clock } from './clock.ts'
import { createDatabase, parseDataset, type Database } from './db/database.ts'
import type { Dataset } from './db/schemas.ts'
import { createJournal, type Journal } from './journal.ts'
import { parseMockOptions, type MockOptions, type ParsedMockOptions } from './options.ts'
import { createRateLimiter } from './rate-limit.ts'
import { ScenarioEngine } from './scenarios/engine.ts'
import { createWriteQueue } from './write-queue.ts'
import type { ScenarioDefinition, ScenarioName } from './scenarios/types.ts'

export const DEFAULT_BASE_URL = 'https://api.cloudsmith.io'

export type { DatasetBuilderContext, MockOptions } from './options.ts'

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
  /** One MSW handler per base URL; dispatch happens in the mock's own route table. */
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
  /** The current state as plain data (a copy). */
  snapshot(): MockSnapshot
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

function resolveDataset(options: ParsedMockOptions, seed: number, now: number): Dataset {
  const preset = (name: PresetName) => buildPreset(name, { seed, now })
  if (typeof options.dataset === 'function') return parseDataset(options.dataset({ seed, preset }))
  if (options.dataset) return parseDataset(options.dataset)
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
  const clock = createClock(options.now)
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
    },
    counters: new Map(),
    writes: createWriteQueue(),
  }
  const router = buildRouter(routes)
  // The dataset is not kept: reset() undoes writes instead of reloading it.
  let loading = db.restore(resolveDataset(options, seed, clock.now()))
  // What reset() returns to besides the data: ids must keep counting past committed records.
  let baseline = { counters: new Map<string, number>(), now: clock.now() }

  const handle = async (request: Request) => {
    await loading
    return handleRequest(state, router, request)
  }
  const reply = async (request: Request) => {
    await loading
    return replyTo(state, router, request)
  }
  const baseUrls = [options.baseUrl ?? DEFAULT_BASE_URL].flat()
  const handlers = baseUrls.map((base) =>
    http.all(underBase(base), ({ request }) => handle(request)),
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
    snapshot: () => ({
      seed,
      now: clock.now(),
      counters: Object.fromEntries(state.counters),
      dataset: db.snapshot(),
    }),
    async restore(snapshot) {
      const dataset = parseDataset(snapshot.dataset)
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
