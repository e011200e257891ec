/**
 * Every response the mock can send for every route in its table (natural, forced with
 * `Prefer: code=`, and under every built-in scenario) validates against Cloudsmith's document.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { statusesFor } from '../../handlers/define-route.ts'
import { getOperation, isOperationId } from '../../src/core/openapi/index.ts'
import { builtInScenarios } from '../../src/core/scenarios/catalog.ts'
import { createMock, type BuiltInScenarioName } from '../../src/index.ts'
import { specOverrides, stillDeclared, usedOverrides } from './overrides.ts'
import {
  buildRequest,
  isMockOnly,
  isNotModelled,
  routes,
  runsScenarios,
  successStatus,
} from './requests.ts'
import { expectConformant, send, withoutDelays } from './support.ts'

const mock = createMock()
beforeEach(() => mock.reset())

const scenarioNames = Object.keys(builtInScenarios) as BuiltInScenarioName[]

/**
 * Statuses the catalog's descriptions promise for every operation (DESIGN.md "Scenarios");
 * `rate-limited` spares the unmetered routes (the rate-limit report itself, the upload target).
 * The other scenarios (happy, slow, upload-*, quarantined, empty) answer naturally or with a
 * status the operation can send.
 */
const promised: Partial<Record<BuiltInScenarioName, number>> = {
  unauthorized: 401,
  forbidden: 403,
  'not-found': 404,
  'validation-error': 422,
  'rate-limited': 429,
  'server-error': 500,
  'bad-gateway': 502,
  'service-unavailable': 503,
}

describe.each(routes.map((route) => [route.operationId, route] as const))('%s', (_, route) => {
  const success = successStatus(route)

  it(`answers a valid request with ${success} and a conformant body`, async () => {
    const answer = await send(mock, await buildRequest(mock, route))
    expect(answer.status, answer.text).toBe(success)
    expectConformant(route, answer)
  })

  it.for(statusesFor(route.operationId))('Prefer: code=%i -> conformant', async (code) => {
    const answer = await send(mock, await buildRequest(mock, route), { Prefer: `code=${code}` })
    // A forced success runs the operation itself; mock-only routes keep their natural status,
    // operations not modelled their 501.
    if (!((isMockOnly(route) || isNotModelled(route)) && code < 300))
      expect(answer.status, answer.text).toBe(code)
    expectConformant(route, answer)
  })

  // Scenarios on one member of each generated family (runsScenarios says which).
  it.for(runsScenarios(route) ? scenarioNames : [])(
    'X-Mock-Scenario: %s -> conformant',
    async (name) => {
      const request = await buildRequest(mock, route)
      const answer = await withoutDelays(() => send(mock, request, { 'X-Mock-Scenario': name }))
      if (name === 'network-error') {
        expect(answer.type).toBe('error')
        return
      }
      // A scenario's status applies where the operation can send it (statusesFor).
      const expected = promised[name]
      const applies =
        expected !== undefined &&
        statusesFor(route.operationId).includes(expected) &&
        !(expected === 429 && route.unmetered)
      if (applies) expect(answer.status, answer.text).toBe(expected)
      else
        expect([success, ...statusesFor(route.operationId)], answer.text).toContain(answer.status)
      expectConformant(route, answer)
    },
  )
})

describe('documented overrides', () => {
  const documentedBy = (schema: string) =>
    routes.filter((route) => {
      if (isMockOnly(route) || !isOperationId(route.operationId)) return false
      const responses = getOperation(route.operationId).responses
      return Object.values(responses).some((s) => s?.$ref === `#/schemas/${schema}`)
    })

  it.for(specOverrides.map((o) => [`${o.schema}.${o.property}`, o] as const))(
    '%s is still wrong in the document and still needed',
    async ([, override]) => {
      expect(stillDeclared(override), 'the document is fixed: remove the override').toBe(true)
      const affected = documentedBy(override.schema)
      expect(affected.length).toBeGreaterThan(0)
      for (const route of affected) {
        const answer = await send(mock, await buildRequest(mock, route))
        expectConformant(route, answer)
      }
      expect(usedOverrides().has(override), 'no response needed this override').toBe(true)
    },
  )
})
