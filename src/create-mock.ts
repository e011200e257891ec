/**
 * createMock(options): the whole mock, runtime-agnostic. Adapters (node, browser, server) only
 * connect `handle` or `handlers` to a transport.
 */
import type { HttpHandler } from 'msw'
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
import { createDatabase, parseDataset, type Database } from './core/db/database.ts'
import type { Dataset } from './core/db/schemas.ts'
import { notMocked } from './core/hosts.ts'
import { mswHandlers } from './msw-handlers.ts'
import { applyGiven, createGiven, type Given } from '../handlers/given/index.ts'
import { countInRun, coverageReport, type CoverageReport } from './core/coverage.ts'
import { createJournal, type Journal } from './core/journal.ts'
import {
  parseMockOptions,
  type GivenEntry,
  type MockOptions,
  type ParsedMockOptions,
} from './core/options.ts'
import { createRateLimiter } from './core/rate-limit.ts'
import { createMockResponseCache } from './core/response-cache.ts'
import { ScenarioEngine } from './core/scenarios/engine.ts'
import { createSpool, DEFAULT_KEEP_BYTES } from './core/spool.ts'
import { createWriteQueue } from './core/write-queue.ts'
import type { ScenarioDefinition, ScenarioName } from './core/scenarios/types.ts'

export const DEFAULT_BASE_URL = 'https://api.cloudsmith.io'

export type { DatasetBuilderContext, GivenEntry, MockOptions } from './core/options.ts'

/** A snapshot taken between writes; `sequence` is the last write it holds (0: none). */
export interface Checkpoint {
  sequence: number
  snapshot: MockSnapshot
}

/**
 * What changed since the last `changes()` call, taken between writes (whole writes only): what
 * --persist appends to its log. `snapshot` is set when one was asked for or the data was loaded
 * anew since (restore, the first call); then `records` is empty.
 */
export interface ChangeSet {
  /** The last write it holds (0: none). */
  sequence: number
  /** The clock (epoch ms) and the id counters, whole: both are small. */
  now: number
  counters: Record<string, number>
  /** Per table, each changed record's key and its record now (null: deleted). */
  records: Partial<Record<keyof Dataset, [string, unknown][]>>
  snapshot: MockSnapshot | null
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
  /**
   * The records changed since the last call, taken like `checkpoint()` between writes; a whole
   * snapshot instead when `snapshot` is true or the data was loaded anew (the first call too).
   * @example
   * const { records } = await mock.changes() // { repositories: [['acme/web', {...}]] }
   */
  changes(options?: { snapshot?: boolean }): Promise<ChangeSet>
  /** Loads a snapshot (validated) and makes it the state `reset()` returns to. */
  restore(snapshot: MockSnapshot): Promise<void>
  /** Waits until the seeded data is loaded (every request awaits this too). */
  ready(): Promise<void>
  /**
   * Factories: coherent records stored as the API stores them (undone by `reset()`), each call
   * resolving to what the API answers for the record. Bad input throws an `OptionsError`
   * naming the field or trait and what is valid. docs/factories.md has recipes.
   * @example
   * await mock.given.repository({ namespace: 'acme', name: 'web' }, 'private')
   * await mock.given.package({ repository: 'acme/web', format: 'npm' }, 'quarantined')
   * await mock.given.packages(30, { repository: 'acme/web' })
   */
  readonly given: Given
  /**
   * The same factories with URLs for another origin (the standalone server's own) and errors
   * naming `entry` as where the call came from.
   */
  givenAt(origin: string, entry?: string): Given
  /**
   * Error-path coverage since the start or the last `reset()`: for each operation that got a
   * request, the statuses it was answered with against those the document says it can send.
   * Counts every request, not only those still in the journal's ring (docs/coverage.md).
   * @example
   * const row = mock.coverage().operations.find((o) => o.operationId === 'repos_create')
   * row?.untested // e.g. [400, 401, 402, 403, 404, 422, 429, 500, 503]
   */
  coverage(): CoverageReport
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

/**
 * The start dataset, and the factory uses its builder asked for (made once it is loaded).
 * `owned`: built for this mock alone (a preset), so its tables may store it on first use.
 */
function resolveDataset(
  options: Pick<ParsedMockOptions, 'dataset' | 'preset'>,
  seed: number,
  now: number,
): { dataset: Dataset; given: GivenEntry[]; owned: boolean } {
  const preset = (name: PresetName) => buildPreset(name, { seed, now })
  if (typeof options.dataset === 'function') {
    const given: GivenEntry[] = []
    const dataset = checkedDataset(
      options.dataset({
        seed,
        preset,
        given: (entity, use = {}) => void given.push({ ...use, entity }),
      }),
    )
    return { dataset, given, owned: false }
  }
  if (options.dataset) return { dataset: checkedDataset(options.dataset), given: [], owned: false }
  return { dataset: preset(options.preset ?? 'default'), given: [], owned: true }
}

/**
 * Creates a mock of the Cloudsmith v1 API. Throws an `OptionsError` for a bad option.
 * @example
 * const mock = createMock({ seed: 1, scenarios: ['upload-processing'] })
 * const response = await mock.handle(new Request('https://api.cloudsmith.io/v1/user/self/'))
 */
/** Drops kept bytes whose upload or file is gone (after reset): the spool holds only live ones. */
function pruneSpool(state: MockState): void {
  const keys = state.spool.keys()
  if (!keys.length) return
  const live = new Set<string>()
  for (const pkg of state.db.packages.all()) for (const file of pkg.files) live.add(file.slug_perm)
  for (const key of keys) if (!live.has(key) && !state.db.uploads.get(key)) state.spool.delete(key)
}

export function createMock(input: MockOptions = {}): CloudsmithMock {
  // The dataset apart: `options` lives as long as the mock (closures below read it), and kept
  // there the caller's dataset stayed alive beside the stored copy, doubling the memory of a
  // large one (bench/NOTES.md, memory).
  const { dataset: datasetOption, ...options } = parseMockOptions(input)
  const seed = options.seed ?? DEFAULT_SEED
  const clock = createClock(options.now, { mode: options.clock ?? 'frozen' })
  const db = createDatabase()
  const scenarios = new ScenarioEngine({
    routes: routes.map((r) => ({ operationId: r.operationId, method: r.method, template: r.path })),
    statusesFor,
  })
  for (const definition of options.customScenarios ?? []) scenarios.define(definition)
  scenarios.setStartup(options.scenarios ?? [])
  // The run's tally outlives resets: the coverage reporters read it (docs/coverage.md).
  const journal = createJournal(options.journalSize ?? 1000, { countAlso: countInRun })
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
    spool: createSpool(options.keepBytes ?? DEFAULT_KEEP_BYTES, options.spoolStorage),
  }
  const router = buildRouter(routes)
  // Relative in a browser (resolved against the page), else absolute.
  const baseUrls = [options.baseUrl ?? DEFAULT_BASE_URL].flat()
  const apiOrigin = new URL(baseUrls[0]!, globalThis.location?.href ?? DEFAULT_BASE_URL).origin
  // What reset() returns to besides the data: ids must keep counting past committed records.
  let baseline = { counters: new Map<string, number>(), now: clock.now() }
  // The dataset is not kept: reset() undoes writes instead of reloading it. Records of the
  // `given` option join it before any request, and become part of what reset() returns to.
  // The clock's start, not its reading: a real clock may have moved a millisecond already, and
  // the same options must build the same data (and match the CLI's prebuilt snapshot).
  const start = resolveDataset(
    { dataset: datasetOption, preset: options.preset },
    seed,
    options.now ?? DEFAULT_EPOCH,
  )
  // Trusted: resolveDataset's data passed parseDataset or was built by the fixtures. A preset
  // is stored table by table on first use: the first request waits only for what it reads.
  let loading = db.restore(start.dataset, { trusted: true, lazy: start.owned }).then(async () => {
    if (!start.given.length && !options.given?.length) return
    await applyGiven(state, apiOrigin, start.given, 'dataset.given')
    await applyGiven(state, apiOrigin, options.given ?? [])
    db.commit()
    baseline = { ...baseline, counters: new Map(state.counters) }
  })
  /** `loading` has resolved: a request then starts at once, not a turn of the microtask queue later. */
  let loaded = false
  const track = () => {
    const current = loading
    loaded = false
    current.then(
      () => (loaded = loading === current),
      () => undefined,
    )
  }
  track()
  // A bad `given` entry rejects ready() and every request; marked handled so that a mock nobody
  // asks does not end the process with an unhandled rejection.
  loading.catch(() => undefined)

  const snapshot = (): MockSnapshot => ({
    seed,
    now: clock.now(),
    counters: Object.fromEntries(state.counters),
    dataset: db.snapshot(),
  })

  const handle = (request: Request) =>
    loaded
      ? handleRequest(state, router, request)
      : loading.then(() => handleRequest(state, router, request))
  const reply = (request: Request) =>
    loaded ? replyTo(state, router, request) : loading.then(() => replyTo(state, router, request))
  let handlers: HttpHandler[] | undefined
  const buildHandlers = () =>
    mswHandlers({
      baseUrls,
      handle,
      refuse: async (refused) => {
        await loading
        return handleRequest(state, router, refused, notMocked(refused, baseUrls))
      },
    })

  const givenAt = (origin: string, entry?: string) =>
    createGiven(state, { origin, entry, ready: () => loading })

  return {
    get handlers() {
      return (handlers ??= buildHandlers())
    },
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
        track()
        await loading
        state.counters.clear()
        for (const [kind, count] of baseline.counters) state.counters.set(kind, count)
        clock.set(baseline.now)
        limiter.reset()
        scenarios.reset()
        journal.clear()
        pruneSpool(state)
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
    changes: (wanted = {}) =>
      state.writes.between(async (sequence) => {
        await loading
        const { replaced, changes } = db.takeChanges()
        const whole = replaced || wanted.snapshot === true
        return {
          sequence,
          now: clock.now(),
          counters: Object.fromEntries(state.counters),
          records: whole ? {} : changes,
          snapshot: whole ? snapshot() : null,
        }
      }),
    async restore(snapshot) {
      const dataset = checkedDataset(snapshot.dataset)
      await state.writes.run(async () => {
        await loading
        loading = db.restore(dataset, { trusted: true })
        track()
        await loading
        state.counters.clear()
        for (const [kind, count] of Object.entries(snapshot.counters))
          state.counters.set(kind, count)
        clock.set(snapshot.now)
        baseline = { counters: new Map(state.counters), now: snapshot.now }
      })
    },
    ready: () => loading,
    given: givenAt(apiOrigin),
    givenAt,
    coverage: () => coverageReport(journal.tally(), statusesFor),
  }
}
