/**
 * `window.cloudsmithMock`: what a developer types in the console (or a dev panel calls) to
 * change the mocked world while looking at the page.
 */
import type { CloudsmithMock } from '../../create-mock.ts'
import type { Given } from '../../../handlers/given/index.ts'
import { isoTime } from '../../core/clock.ts'
import type { JournalEntry, JournalFilter } from '../../core/journal.ts'
import type { ScenarioDefinition, ScenarioName } from '../../core/scenarios/types.ts'
import { saveScenarios } from './scenario-memory.ts'

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
  /** Requests the mock answered, oldest first. */
  journal(filter?: JournalFilter): JournalEntry[]
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
  return {
    use(...items) {
      const names = items.map((item) =>
        typeof item === 'string' ? item : mock.scenarios.define(item).name,
      )
      const chosen = names.filter((name) => name !== 'happy')
      mock.scenarios.setRuntime(chosen)
      saveScenarios(chosen)
    },
    active: () => mock.scenarios.active(),
    scenarios: () => mock.scenarios.list().map(({ name, description }) => ({ name, description })),
    journal: (filter) => mock.journal.entries(filter),
    advance: (ms) => mock.clock.advance(ms),
    now: () => isoTime(mock.clock.now()),
    reset,
    given: mock.given,
  }
}
