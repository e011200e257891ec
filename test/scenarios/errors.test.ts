/**
 * Bad scenario input is a clear error, never a silent fallback: thrown at configuration time in
 * code, a 400 listing the valid choices when it arrives in a request.
 */
import { describe, expect, expectTypeOf, it } from 'vitest'
import {
  builtInScenarioNames,
  createMock,
  parseScenarioConfig,
  type BuiltInScenarioName,
  type OperationId,
  type ScenarioDefinition,
  type ScenarioName,
  type ScenarioRule,
} from '../../src/index.ts'
import { send } from './support.ts'

const mock = createMock()

describe('in a request: 400 listing the valid choices', () => {
  it.for([
    ['X-Mock-Scenario', { 'X-Mock-Scenario': 'nope' }, ''],
    ['__scenario', {}, '?__scenario=nope'],
    ['one bad name of two', { 'X-Mock-Scenario': 'forbidden,nope' }, ''],
  ] as const)('an unknown scenario (%s)', async ([, headers, query]) => {
    const reply = await send(mock, 'GET', `/v1/user/self/${query}`, { headers })
    expect(reply.status).toBe(400)
    expect(reply.body.detail).toMatch(/^Unknown scenario "nope"\. Valid scenarios: /)
    for (const name of builtInScenarioNames) expect(reply.body.detail).toContain(name)
    expect(reply.body.fields).toEqual({ scenario: ['"nope" is not a valid choice.'] })
  })

  it('a code the operation cannot send', async () => {
    const reply = await send(mock, 'GET', '/v1/repos/acme/web-assets/', {
      headers: { Prefer: 'code=201' },
    })
    expect(reply.status).toBe(400)
    // API-NOTES §6.4: repos_read documents 200, 404, 400, 422; plus the universal ones.
    expect(reply.body).toEqual({
      detail:
        'Operation repos_read cannot answer 201. Valid codes: 200, 400, 401, 403, 404, 422, 429, 500, 502, 503.',
      fields: { code: ['"201" is not a valid choice.'] },
    })
    const query = await send(mock, 'POST', '/v1/files/acme/web-assets/?__code=200', {
      json: { filename: 'a.txt' },
    })
    expect(query.status).toBe(400)
    expect(query.body.detail).toContain('Operation files_create cannot answer 200.')
  })

  it.for(['abc', '2000', '42', ''])('a malformed code "%s"', async (code) => {
    const reply = await send(mock, 'GET', `/v1/user/self/?__code=${code}`)
    expect(reply.status).toBe(400)
    expect(reply.body.fields).toEqual({ code: ['A valid integer is required.'] })
  })

  it('records nothing as decided by a scenario and changes no data', async () => {
    const before = mock.db.repositories.has('acme/bad-request')
    const reply = await send(mock, 'POST', '/v1/repos/acme/', {
      json: { name: 'bad-request' },
      headers: { 'X-Mock-Scenario': 'nope' },
    })
    expect(reply.status).toBe(400)
    expect(mock.db.repositories.has('acme/bad-request')).toBe(before)
  })
})

describe('in code: thrown when configured', () => {
  const valid = builtInScenarioNames.join(', ')

  it('an unknown name in use() or the scenarios option', () => {
    expect(() => mock.use('nope')).toThrow(`Unknown scenario "nope". Valid scenarios: ${valid}`)
    expect(() => createMock({ scenarios: ['nope'] })).toThrow(
      'createMock: option "scenarios" names unknown scenario "nope". Valid scenarios: happy,',
    )
  })

  it('a custom scenario is valid by name once defined', async () => {
    const custom = createMock({
      customScenarios: [{ name: 'maintenance', rules: [{ status: 503 }] }],
      scenarios: ['maintenance'],
    })
    expect((await send(custom, 'GET', '/v1/user/self/')).status).toBe(503)
    custom.scenarios.define({ name: 'teapot-free', rules: [{ status: 502 }] })
    const reply = await send(custom, 'GET', '/v1/user/self/', {
      headers: { 'X-Mock-Scenario': 'teapot-free' },
    })
    expect(reply.status).toBe(502)
  })

  const bad: [string, ScenarioDefinition | Record<string, unknown>, string][] = [
    [
      'a status the operation cannot send',
      { name: 'x', rules: [{ operations: 'repos_read', status: 201 }] },
      'Invalid scenario "x": rules.0: repos_read cannot answer 201. Valid codes: 200, 400, 401, 403, 404, 422, 429, 500, 502, 503',
    ],
    [
      'a status no matching operation can send',
      { name: 'x', rules: [{ method: 'GET', status: 418 }] },
      'Invalid scenario "x": rules.0: no operation it matches can answer 418 (method GET)',
    ],
    [
      'an unknown operation id',
      { name: 'x', rules: [{ operations: 'repos_reed', status: 500 }] },
      'Invalid scenario "x": rules.0.operations: unknown operation id "repos_reed"',
    ],
    [
      'a path no route has',
      { name: 'x', rules: [{ path: '/repositories/{owner}/', status: 500 }] },
      'Invalid scenario "x": rules.0: matches no operation the mock serves (path /repositories/{owner}/)',
    ],
    [
      'a rule that does nothing',
      { name: 'x', rules: [{ operations: 'user_self' }] },
      'a rule needs a status, a delay or networkError',
    ],
    ['an unknown key', { name: 'x', rules: [{ status: 500, tiems: 2 }] }, 'Unrecognized key'],
    ['times 0', { name: 'x', rules: [{ status: 500, times: 0 }] }, 'rules.0.times'],
    ['a negative after', { name: 'x', rules: [{ status: 500, after: -1 }] }, 'rules.0.after'],
    ['a status out of range', { name: 'x', rules: [{ status: 99 }] }, 'rules.0.status'],
    [
      'a body without a status',
      { name: 'x', rules: [{ delay: 1, body: {} }] },
      'a body needs a status',
    ],
    [
      'a network error with a status',
      { name: 'x', rules: [{ networkError: true, status: 500 }] },
      'networkError cannot be combined',
    ],
    ['a name with spaces', { name: 'my scenario' }, 'Invalid scenario "my scenario": name:'],
    ['sync steps below 0', { name: 'x', sync: { steps: -1 } }, 'sync.steps'],
    ['an unknown sync outcome', { name: 'x', sync: { outcome: 'done' } }, 'sync.outcome'],
  ]

  it.for(bad)('%s', ([, definition, message]) => {
    const fresh = createMock()
    expect(() => fresh.use(definition as ScenarioDefinition)).toThrow(message)
    expect(() => createMock({ customScenarios: [definition as ScenarioDefinition] })).toThrow(
      message,
    )
    expect(fresh.scenarios.active()).toEqual(['happy'])
  })
})

describe('parseScenarioConfig', () => {
  it('returns the custom scenarios and the active ones, ready for createMock', async () => {
    const config = parseScenarioConfig(
      JSON.parse(`{
        "customScenarios": [
          { "name": "flaky-list", "description": "429 twice",
            "rules": [{ "operations": "packages_list", "status": 429, "times": 2 }] }
        ],
        "scenarios": ["flaky-list", "upload-processing"]
      }`),
    )
    expect(config.scenarios).toEqual(['flaky-list', 'upload-processing'])
    expect(config.customScenarios.map((s) => s.name)).toEqual(['flaky-list'])
    const configured = createMock({ ...config })
    const statuses = []
    for (let i = 0; i < 3; i++)
      statuses.push((await send(configured, 'GET', '/v1/packages/acme/web-assets/')).status)
    expect(statuses).toEqual([429, 429, 200])
  })

  it('accepts an empty object', () => {
    expect(parseScenarioConfig({})).toEqual({ customScenarios: [], scenarios: [] })
  })

  it.for([
    ['a list', [], 'expected an object'],
    ['null', null, 'expected an object'],
    ['an unknown key', { scenario: [] }, 'unknown key(s) "scenario"'],
    ['customScenarios not a list', { customScenarios: {} }, '"customScenarios" must be a list'],
    [
      'a bad scenario',
      { customScenarios: [{ name: 'ok' }, { name: 'x', rules: [{ status: 'x' }] }] },
      'Invalid scenario config: customScenarios[1]: Invalid scenario "x": rules.0.status',
    ],
    [
      'an unknown operation',
      { customScenarios: [{ name: 'x', rules: [{ operations: ['nope'], status: 500 }] }] },
      'unknown operation id "nope"',
    ],
    [
      'a duplicate',
      { customScenarios: [{ name: 'a' }, { name: 'a' }] },
      'scenario "a" is defined twice',
    ],
    ['scenarios not a list', { scenarios: 'slow' }, '"scenarios" must be a list'],
    [
      'a bad inline scenario',
      { scenarios: [{ name: 'y', rules: [{ times: 2 }] }] },
      'Invalid scenario config: scenarios[0]: Invalid scenario "y"',
    ],
    [
      'an unknown active name',
      { scenarios: ['rate-limitd'] },
      `"scenarios" names unknown scenario "rate-limitd". Valid scenarios: ${builtInScenarioNames.join(', ')}`,
    ],
  ] as const)('rejects %s', ([, json, message]) => {
    expect(() => parseScenarioConfig(json)).toThrow(`Invalid scenario config: `)
    expect(() => parseScenarioConfig(json)).toThrow(message)
  })

  it('leaves route checks to the mock that loads it', () => {
    const config = parseScenarioConfig({
      customScenarios: [{ name: 'x', rules: [{ operations: 'repos_read', status: 201 }] }],
    })
    expect(() => createMock({ ...config })).toThrow('repos_read cannot answer 201')
  })
})

describe('types', () => {
  it('types scenario names and operation ids as unions editors complete', () => {
    expectTypeOf<BuiltInScenarioName>().toEqualTypeOf<(typeof builtInScenarioNames)[number]>()
    expectTypeOf<'rate-limited'>().toExtend<ScenarioName>()
    expectTypeOf<NonNullable<ScenarioRule['operations']>>().toEqualTypeOf<
      OperationId | readonly OperationId[]
    >()
    expectTypeOf(mock.use).parameter(0).toEqualTypeOf<ScenarioName | ScenarioDefinition>()
    // Checked by `tsc --noEmit` (npm test): a misspelt operation id does not compile.
    const misspelt: ScenarioRule = {
      // @ts-expect-error 'repos_reed' is not an OperationId
      operations: 'repos_reed',
      status: 500,
    }
    expect(misspelt.operations).toBe('repos_reed')
  })
})
