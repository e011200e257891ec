/**
 * Options are checked when a mock is created: each bad input -> one OptionsError whose one-line
 * message names the entry point, the option and what it accepts. The bad inputs are the ones
 * seen on main before the check existed (issue 11): accepted silently, or a TypeError later.
 */
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { startMockWorkerOptionsSchema } from '../../src/adapters/browser/worker-options.ts'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { createMockHttpServer } from '../../src/adapters/server/index.ts'
import { parseOptions } from '../../src/core/options.ts'
import { createMock, OptionsError, type MockOptions } from '../../src/index.ts'

/** The start of the valid-options list; other options may follow. */
const VALID = 'Valid options: seed, preset, dataset, scenarios, customScenarios, baseUrl, latency'

function thrownBy(create: () => unknown): OptionsError {
  try {
    create()
  } catch (error) {
    expect(error).toBeInstanceOf(OptionsError)
    return error as OptionsError
  }
  throw new Error('expected an OptionsError, nothing was thrown')
}

describe('createMock: bad input -> one OptionsError', () => {
  const cases: [string, unknown, string, string | RegExp][] = [
    [
      'seeed: 1 -> unknown option, did you mean seed',
      { seeed: 1 },
      'seeed',
      `createMock: unknown option "seeed" (did you mean "seed"?). ${VALID}`,
    ],
    [
      "seed: '1' -> wrong type",
      { seed: '1' },
      'seed',
      'createMock: option "seed" must be a whole number >= 0; got "1" (a string)',
    ],
    [
      'seed: 1.5 -> not a whole number',
      { seed: 1.5 },
      'seed',
      'createMock: option "seed" must be a whole number >= 0; got 1.5',
    ],
    [
      'latency: -1 -> negative',
      { latency: -1 },
      'latency',
      'createMock: option "latency" must be a number of ms from 0 to 600000; got -1',
    ],
    [
      'latency: Infinity -> not finite',
      { latency: Infinity },
      'latency',
      'createMock: option "latency" must be a number of ms from 0 to 600000; got Infinity',
    ],
    [
      'latency: NaN -> not finite',
      { latency: NaN },
      'latency',
      'createMock: option "latency" must be a number of ms from 0 to 600000; got NaN',
    ],
    [
      "preset: 'huge' -> the valid presets",
      { preset: 'huge' },
      'preset',
      'createMock: option "preset" must be one of "empty", "default", "large"; got "huge" (a string)',
    ],
    [
      'journalSize: -5 -> out of range',
      { journalSize: -5 },
      'journalSize',
      'createMock: option "journalSize" must be a whole number from 1 to 1000000; got -5',
    ],
    [
      "scenarios: 'rate-limited' -> a list is expected",
      { scenarios: 'rate-limited' },
      'scenarios',
      'createMock: option "scenarios" must be a list of scenario names or definitions; got "rate-limited" (a string)',
    ],
    [
      "scenarios: ['nope'] -> the valid scenarios",
      { scenarios: ['nope'] },
      'scenarios',
      /^createMock: option "scenarios" names unknown scenario "nope"\. Valid scenarios: happy, unauthorized, /,
    ],
    [
      "sync: { outcome: 'done' } -> the valid outcomes",
      { sync: { outcome: 'done' } },
      'sync.outcome',
      'createMock: option "sync.outcome" must be one of "completed", "failed", "quarantined"; got "done" (a string)',
    ],
    [
      'sync: { outcme } -> did you mean sync.outcome',
      { sync: { outcme: 'failed' } },
      'sync.outcme',
      'createMock: unknown option "sync.outcme" (did you mean "sync.outcome"?). Valid options of "sync": steps, durationMs, outcome, reason',
    ],
    [
      'rateLimit: { limit: 0 } -> at least 1',
      { rateLimit: { limit: 0 } },
      'rateLimit.limit',
      'createMock: option "rateLimit.limit" must be a whole number >= 1; got 0',
    ],
    [
      "now: 'yesterday' -> the three accepted forms",
      { now: 'yesterday' },
      'now',
      'createMock: option "now" must be epoch ms, an ISO 8601 date-time such as "2026-01-01T00:00:00Z" or a Date, in the years 1 to 9000; got "yesterday" (a string)',
    ],
    [
      'now: an invalid Date',
      { now: new Date('not a date') },
      'now',
      'createMock: option "now" must be epoch ms, an ISO 8601 date-time such as "2026-01-01T00:00:00Z" or a Date, in the years 1 to 9000; got an invalid Date',
    ],
    [
      'now: year 10000 -> out of the clock range',
      { now: '+010000-01-01T00:00:00Z' },
      'now',
      /^createMock: option "now" must be epoch ms, .* in the years 1 to 9000; got "\+010000/,
    ],
    [
      'two problems -> both on one line, the unknown key first',
      { latency: -1, journalsize: 5 },
      'journalsize',
      /^createMock: unknown option "journalsize" \(did you mean "journalSize"\?\)\. Valid options: .*; option "latency" must be a number of ms from 0 to 600000; got -1$/,
    ],
    [
      'several unknown keys, one with a line break -> one line naming them all',
      { seeed: 1, 'late\nncy': 2 },
      'seeed',
      /^createMock: unknown option "seeed" \(did you mean "seed"\?\)\. Valid options: .*; also unknown: "late\\nncy"$/,
    ],
    [
      "options: 'x' -> an object is expected",
      'x',
      '',
      'createMock: options must be an object, got "x" (a string)',
    ],
  ]

  it.each(cases)('%s', (_name, input, option, message) => {
    const error = thrownBy(() => createMock(input as MockOptions))
    expect(error.option).toBe(option)
    expect(error.message).toMatch(message)
    expect(error.message).not.toContain('\n')
  })
})

describe('every entry point: its own keys, the shared ones, unknown keys caught', () => {
  it("setupMockServer: { seeed } and { onUnhandledFrame: 'explode' }", () => {
    expect(thrownBy(() => setupMockServer({ seeed: 1 } as MockOptions)).message).toMatch(
      /^setupMockServer: unknown option "seeed" \(did you mean "seed"\?\)\. Valid options: seed, /,
    )
    const frame = thrownBy(() => setupMockServer({ onUnhandledFrame: 'explode' as 'error' }))
    expect(frame.message).toBe(
      'setupMockServer: option "onUnhandledFrame" must be "bypass", "warn", "error" or a function ({ frame, defaults }) => void; got "explode" (a string)',
    )
  })

  it('startMockWorker: its schema knows global, quiet, serviceWorkerUrl, devtools', () => {
    const check = (input: unknown) =>
      parseOptions(startMockWorkerOptionsSchema, input, 'startMockWorker')
    expect(thrownBy(() => check({ globl: 'mock' })).message).toMatch(
      /^startMockWorker: unknown option "globl" \(did you mean "global"\?\)\. Valid options: seed, .*, serviceWorkerUrl, quiet, onUnhandledFrame, global, devtools$/,
    )
    expect(thrownBy(() => check({ quiet: 'yes' })).message).toBe(
      'startMockWorker: option "quiet" must be a boolean; got "yes" (a string)',
    )
    expect(thrownBy(() => check({ devtools: 'on' })).message).toBe(
      'startMockWorker: option "devtools" must be a boolean; got "on" (a string)',
    )
    expect(check({ global: false, quiet: true, now: '2026-03-01T00:00:00Z' })).toEqual({
      global: false,
      quiet: true,
      now: Date.UTC(2026, 2, 1),
    })
  })

  it('no options: {} for the shared schema, the defaults of a schema that has some', () => {
    expect(parseOptions(startMockWorkerOptionsSchema, {}, 'startMockWorker')).toEqual({})
    expect(parseOptions(startMockWorkerOptionsSchema, undefined, 'startMockWorker')).toEqual({})
    const withDefault = z.object({ port: z.number().default(8080) }).strict()
    expect(parseOptions(withDefault, {}, 'serve')).toEqual({ port: 8080 })
    const checked = z
      .object({ port: z.number().optional() })
      .refine((options) => options.port !== undefined, 'port is required')
    expect(() => parseOptions(checked, {}, 'serve')).toThrow(OptionsError)
  })

  it('createMockHttpServer: { persit } rejects before anything starts', async () => {
    await expect(createMockHttpServer({ persit: 'state.json' } as never)).rejects.toThrow(
      /^createMockHttpServer: unknown option "persit" \(did you mean "persist"\?\)/,
    )
  })
})

describe('now: epoch ms, an ISO string or a Date', () => {
  const selfRequest = () =>
    new Request('https://api.cloudsmith.io/v1/user/self/', {
      headers: { 'X-Api-Key': 'demo-api-key' },
    })

  // 2026-02-01T00:30:00Z: the one-hour rate-limit window (API-NOTES §5) ends at 01:00:00Z.
  const cases: [string, MockOptions['now']][] = [
    ['epoch ms', Date.UTC(2026, 1, 1, 0, 30)],
    ['an ISO date-time in UTC', '2026-02-01T00:30:00Z'],
    ['an ISO date-time with an offset', '2026-02-01T02:30:00+02:00'],
    ['a Date', new Date('2026-02-01T00:30:00Z')],
  ]

  it.each(cases)('%s sets the clock the API reports', async (_name, now) => {
    const mock = createMock({ now, preset: 'empty' })
    expect(mock.clock.now()).toBe(Date.UTC(2026, 1, 1, 0, 30))
    const response = await mock.handle(selfRequest())
    expect(response.status).toBe(200)
    expect(response.headers.get('X-RateLimit-Reset')).toBe(String(Date.UTC(2026, 1, 1, 1) / 1000))
  })

  it('an ISO date alone is midnight UTC', () => {
    expect(createMock({ now: '2026-02-01', preset: 'empty' }).clock.now()).toBe(
      Date.UTC(2026, 1, 1),
    )
  })

  it('a local time without an offset is refused (it would depend on the machine)', () => {
    expect(thrownBy(() => createMock({ now: '2026-02-01T00:30:00' })).option).toBe('now')
  })
})
