/**
 * Property-based fuzzing through setupMockServer and real fetch: hostile methods, paths, headers,
 * bodies and query strings never crash the mock, never hang, never answer 5xx unless a scenario
 * asked, always answer JSON with `detail` on errors; afterwards the data is consistent, nothing
 * polluted a prototype, and every identity still sees only what it may.
 * FUZZ_RUNS and FUZZ_SEED change the run (`npm run fuzz` runs many more).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { checkIntegrity } from '../../src/index.ts'
import { fetchCanSend, fuzzRequest, type FuzzRequest } from './support/arbitraries.ts'
import { describeRequest, violation } from './support/expectations.ts'
import { runFuzz } from './support/run-fuzz.ts'
import { fuzzRuns, fuzzTimeout } from './support/settings.ts'
import { visibilityViolations } from './support/visibility.ts'

const API = 'https://api.cloudsmith.io'
const REQUEST_TIMEOUT_MS = 10_000
const runs = fuzzRuns(400)

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterAll(() => mock.close())

/** The answer, or why there was none (a rejected fetch, or no answer in time). */
async function send(request: FuzzRequest) {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS)
  try {
    const response = await fetch(new URL(request.target, API), {
      method: request.method,
      headers: request.headers,
      body: request.body && new Uint8Array(request.body),
      signal: timeout,
    })
    const body = new Uint8Array(await response.arrayBuffer())
    return { status: response.status, contentType: response.headers.get('content-type'), body }
  } catch (error) {
    return timeout.aborted ? 'no answer in time' : `fetch rejected: ${(error as Error).message}`
  }
}

describe('fuzzing setupMockServer through fetch', () => {
  it(
    `answers ${runs} hostile requests with Cloudsmith-shaped JSON, never 5xx, never hangs`,
    async () => {
      const tally = await runFuzz(
        fuzzRequest.filter(fetchCanSend),
        runs,
        async (request, count) => {
          const answer = await send(request)
          if (typeof answer === 'string') {
            count('dropped')
            // A rejected fetch is what the network-error scenario is for, and nothing else.
            return answer.startsWith('fetch rejected') && request.mayFail
              ? null
              : `${answer}: ${describeRequest(request)}`
          }
          count(`${String(answer.status)[0]}xx`)
          const problem = violation(request, answer)
          return problem && `${problem}: ${describeRequest(request)}`
        },
      )
      expect(tally.sent).toBeGreaterThanOrEqual(runs)
    },
    fuzzTimeout(runs),
  )

  it('leaves consistent data, untouched prototypes and the same visibility', async () => {
    expect(checkIntegrity(mock.db).problems).toEqual([])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const problems = await visibilityViolations(async (path, key) => {
      const response = await fetch(`${API}${path}`, { headers: key ? { 'X-Api-Key': key } : {} })
      return { status: response.status, body: await response.json() }
    })
    expect(problems).toEqual([])
  })
})
