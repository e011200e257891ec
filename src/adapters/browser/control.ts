/**
 * `window.cloudsmithMock`: what a developer types in the console (or the devtools panel calls)
 * to change the mocked world while looking at the page.
 */
import type { CloudsmithMock } from '../../create-mock.ts'
import type { Given } from '../../../handlers/given/index.ts'
import { isoTime } from '../../core/clock.ts'
import type { JournalEntry, JournalFilter } from '../../core/journal.ts'
import type { ScenarioDefinition, ScenarioName } from '../../core/scenarios/types.ts'
import { saveForce, saveScenarios, type ForcedStatus } from './scenario-memory.ts'

/**
 * The scenario behind `force()`: named once, so the journal and the panel's log show it and
 * `scenarios()` / `active()` can leave it out (it is the control's own, not a user's choice).
 */
export const FORCED_SCENARIO = 'forced-status'

export interface ScenarioSummary {
  name: string
  description: string
}

export interface CloudsmithMockControl {
  /**
   * Switches to these scenarios, replacing the previous choice, and remembers them for reloads
   * of this tab. `use()` or `use('happy')` returns to natural behaviour. Startup scenarios
   * (`options.scenarios`) stay beneath the choice. An unknown name throws and lists valid ones.
   */
  use(...scenarios: (ScenarioName | ScenarioDefinition)[]): void
  /** Scenario names in force, highest first (`['happy']` when none). */
  active(): string[]
  /** Every scenario that `use()` accepts. */
  scenarios(): ScenarioSummary[]
  /**
   * Answers the next `times` requests (default 1) with `status`, above any scenario, then goes
   * back to what was there; remembered across reloads until spent. Only operations that can send
   * the status are forced (and counted): the others answer as before. `force(null)` cancels.
   * Throws when no operation the mock serves can send the status.
   * @example
   * cloudsmithMock.force(503, 2) // the next two requests get a 503
   */
  force(status: number | null, times?: number): void
  /** The pending forced status and how many requests it still applies to, or null. */
  forced(): ForcedStatus | null
  /** Requests the mock answered, oldest first. */
  journal(filter?: JournalFilter): JournalEntry[]
  /** Calls `listener` with each request the mock answers from now on; returns the unsubscribe. */
  onRequest(listener: (entry: JournalEntry) => void): () => void
  /** Moves the mock's clock forward (sync progress, rate-limit windows) instead of waiting. */
  advance(ms: number): void
  /** The mock's current time, ISO 8601. */
  now(): string
  /** Back to the seeded data, natural behaviour and an empty journal; forgets the tab's choice. */
  reset(): Promise<void>
  /**
   * The mock's factories (docs/factories.md): `await cloudsmithMock.given.packages(30, {
   * repository: 'acme/web-assets' })` in the console fills a page; `reset()` takes it away.
   */
  readonly given: Given
}

/** Builds the control over a mock; `reset` is the adapter's, so msw overrides go too. */
export function createControl(
  mock: CloudsmithMock,
  reset: () => Promise<void>,
): CloudsmithMockControl {
  let chosen: string[] = []
  let pending: ForcedStatus | null = null

  // The forced scenario sits above the choice; re-applying restarts its count, so it is
  // redefined with what is left of it each time.
  const apply = () => {
    const forced = pending
      ? [
          mock.scenarios.define({
            name: FORCED_SCENARIO,
            description: `Status ${pending.status} for the next ${pending.remaining} requests`,
            rules: [{ status: pending.status, times: pending.remaining }],
          }).name,
        ]
      : []
    mock.scenarios.setRuntime([...forced, ...chosen])
  }

  mock.journal.subscribe((entry) => {
    if (!pending || entry.scenario !== FORCED_SCENARIO) return
    pending = pending.remaining > 1 ? { ...pending, remaining: pending.remaining - 1 } : null
    // Spent: the rule's own `times` already stops it; only the memory has to follow.
    saveForce(pending)
  })

  return {
    use(...items) {
      const names = items.map((item) =>
        typeof item === 'string' ? item : mock.scenarios.define(item).name,
      )
      for (const name of names)
        if (!mock.scenarios.get(name))
          throw new Error(
            `Unknown scenario "${name}". Valid scenarios: ${mock.scenarios.names().join(', ')}`,
          )
      chosen = names.filter((name) => name !== 'happy' && name !== FORCED_SCENARIO)
      apply()
      saveScenarios(chosen)
    },
    active: () => {
      const names = mock.scenarios.active().filter((name) => name !== FORCED_SCENARIO)
      return names.length ? names : ['happy']
    },
    scenarios: () =>
      mock.scenarios
        .list()
        .filter(({ name }) => name !== FORCED_SCENARIO)
        .map(({ name, description }) => ({ name, description })),
    force(status, times = 1) {
      if (status !== null && (!Number.isInteger(times) || times < 1))
        throw new Error(`force(): times must be a whole number of requests >= 1, got ${times}`)
      const previous = pending
      pending = status === null ? null : { status, remaining: times }
      try {
        apply()
      } catch (error) {
        pending = previous
        apply()
        throw error
      }
      saveForce(pending)
    },
    forced: () => pending,
    journal: (filter) => mock.journal.entries(filter),
    onRequest: (listener) => mock.journal.subscribe(listener),
    advance: (ms) => mock.clock.advance(ms),
    now: () => isoTime(mock.clock.now()),
    async reset() {
      pending = null
      chosen = []
      saveForce(null)
      await reset()
    },
    given: mock.given,
  }
}
