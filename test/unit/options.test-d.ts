/**
 * The option types flow from the one schema (z.input / z.output): checked by `tsc` (npm run
 * typecheck), so a type and its runtime check cannot drift apart.
 */
import { expectTypeOf } from 'vitest'
import type { StartMockWorkerOptions } from '../../src/adapters/browser/worker-options.ts'
import type { SetupMockServerOptions } from '../../src/adapters/node/index.ts'
import type { MockHttpServerOptions } from '../../src/adapters/server/index.ts'
import type { ServeConfig } from '../../src/cli/config-file.ts'
import { mockOptionsShape, type ParsedMockOptions } from '../../src/core/options.ts'
import { createMock, type MockOptions, type ScenarioDefinition } from '../../src/index.ts'

// Every key of the schema is an option, and nothing else.
expectTypeOf<keyof MockOptions>().toEqualTypeOf<keyof typeof mockOptionsShape>()

// `now` in three forms going in, epoch ms coming out.
expectTypeOf<MockOptions['now']>().toEqualTypeOf<number | string | Date | undefined>()
expectTypeOf<ParsedMockOptions['now']>().toEqualTypeOf<number | undefined>()
expectTypeOf<ServeConfig['now']>().toEqualTypeOf<number | undefined>()

// Read-only lists (`as const`) are accepted.
const startup = ['rate-limited', { name: 'inline', rules: [{ status: 500 }] }] as const
createMock({ scenarios: startup, baseUrl: ['https://api.cloudsmith.io'] as const })
expectTypeOf<readonly ScenarioDefinition[]>().toExtend<MockOptions['customScenarios']>()

// Each entry point takes every shared option plus its own.
expectTypeOf<SetupMockServerOptions>().toExtend<MockOptions>()
expectTypeOf<StartMockWorkerOptions>().toExtend<MockOptions>()
expectTypeOf<MockHttpServerOptions>().toExtend<MockOptions>()
expectTypeOf<StartMockWorkerOptions['global']>().toEqualTypeOf<string | false | undefined>()
