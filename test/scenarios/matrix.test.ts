/**
 * The forced-response matrix: every operation the mock serves, every status it can send
 * (documented ones plus 401, 403, 404, 429, 500, 502, 503), forced with `Prefer: code=`.
 * 2xx codes are sent with a valid request built from the default dataset, so the operation
 * itself answers. Headers and bodies are judged against API-NOTES.md §2, §3 and §5.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { routes, statusesFor } from '../../handlers/index.ts'
import { getOperation, getSchema, isOperationId } from '../../src/core/openapi/index.ts'
import { createMock } from '../../src/index.ts'
import { buildRequest, isNotModelled, toRequest } from '../contract/requests.ts'
import { DEFAULT_RESET, EPOCH_SECONDS } from './support.ts'

const mock = createMock()
beforeEach(() => mock.reset())

const served = routes.filter((route) => !route.operationId.startsWith('mock_'))

/** API-NOTES §2/§3: DRF's wording for these statuses. */
const details: Record<number, string> = {
  401: 'Authentication credentials were not provided.',
  403: 'You do not have permission to perform this action.',
  404: 'Not found.',
}

/** The request fields the document gives an operation: body properties and query parameters. */
function requestFields(operationId: string): string[] {
  if (!isOperationId(operationId)) return []
  const operation = getOperation(operationId)
  const ref = operation.requestBody?.schema.$ref?.replace('#/schemas/', '')
  const body = ref ? getSchema(ref) : operation.requestBody?.schema
  return [
    ...Object.keys(body?.properties ?? {}),
    ...operation.parameters.filter((p) => p.in === 'query').map((p) => p.name),
  ]
}

describe('every operation serves every status it can send', () => {
  it('covers every served operation and the universal statuses', () => {
    expect(served.length).toBeGreaterThan(80)
    for (const route of served)
      expect(statusesFor(route.operationId)).toEqual(
        expect.arrayContaining([401, 403, 404, 429, 500, 502, 503]),
      )
  })

  describe.each(served.map((route) => [route.operationId, route] as const))('%s', (_, route) => {
    it.for(statusesFor(route.operationId))('Prefer: code=%i', async (code) => {
      const request = toRequest(await buildRequest(mock, route), { Prefer: `code=${code}` })
      const response = await mock.handle(request)
      const text = await response.text()
      // A forced success runs the operation: one the mock does not model answers its 501.
      if (isNotModelled(route) && code < 300) {
        expect(response.status, text).toBe(501)
        expect((JSON.parse(text) as { code: string }).code).toBe('not_modelled')
        return
      }
      expect(response.status, text).toBe(code)

      // API-NOTES §5: every response carries the four rate-limit headers.
      for (const name of ['Limit', 'Remaining', 'Reset', 'Interval'])
        expect(Number(response.headers.get(`X-RateLimit-${name}`)), name).not.toBeNaN()
      // A forced 429 is throttled as the rate-limited scenario is: open again in 5 s (the
      // seconds Retry-After says), so a client honouring it is not held for the hour.
      expect(response.headers.get('X-RateLimit-Reset')).toBe(
        String(code === 429 ? EPOCH_SECONDS + 5 : DEFAULT_RESET),
      )
      if (code === 429 || code === 503)
        expect(response.headers.get('Retry-After')).toMatch(/^[1-9]\d*$/)
      else expect(response.headers.get('Retry-After')).toBeNull()

      if (text) expect(response.headers.get('Content-Type')).toBe('application/json')
      else expect(response.headers.get('Content-Type')).toBeNull()
      if (code === 204) expect(text).toBe('')
      const body: unknown = text ? JSON.parse(text) : undefined

      if (code < 300) {
        if (text) expect(typeof body).toBe('object')
        return
      }
      // API-NOTES §3: ErrorDetail, {detail, fields?} (+ code on 422).
      const error = body as { detail: unknown; fields?: Record<string, unknown>; code?: unknown }
      expect(Object.keys(error).every((k) => ['detail', 'fields', 'code'].includes(k))).toBe(true)
      expect(error.detail).toEqual(expect.stringMatching(/\S/))
      if (details[code]) expect(error.detail).toBe(details[code])
      if (code === 429) {
        const wait = response.headers.get('Retry-After')
        expect(error.detail).toBe(`Request was throttled. Expected available in ${wait}.0 seconds.`)
        expect(response.headers.get('X-RateLimit-Remaining')).toBe('0')
      }
      if (code === 422) {
        expect(error.code).toBe('invalid')
        const fields = Object.keys(error.fields ?? {})
        expect(fields.length).toBeGreaterThan(0)
        const known = requestFields(route.operationId)
        for (const field of fields)
          expect(known.length ? known : ['non_field_errors']).toContain(field)
        for (const messages of Object.values(error.fields ?? {}))
          expect(messages).toEqual([expect.stringMatching(/\S/)])
      } else if (error.fields !== undefined) {
        expect(typeof error.fields).toBe('object')
      }
    })
  })
})
