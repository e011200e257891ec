/**
 * The fallback load generator (autocannon) where wrk is missing, in its own process so it competes with the server under test
 * for the cores instead of sharing its event loop. Forked by support/load.ts: each IPC message
 * { id, input: LoadInput } is one run, answered with { id, result: LoadResult }.
 */
import autocannon, { type AutocannonRequest } from 'autocannon'
import type { LoadInput, LoadMessage } from '../support/load.ts'

let runs = 0

function requestsFor(input: LoadInput): AutocannonRequest[] {
  const headers = { 'x-api-key': 'demo-api-key', ...input.headers }
  const json = { ...headers, 'content-type': 'application/json' }
  // Each pair creates a repository and deletes it, leaving the data as it found it, so a long
  // run measures the server rather than a growing dataset. autocannon gives each round of a
  // connection's requests a fresh context: a slug per pair, unique across runs.
  const run = ++runs
  let pairs = 0
  let patches = 0
  const slugOf = (context: Record<string, unknown>) =>
    (context.slug ??= `bench-pair-${run}-${++pairs}`) as string
  const pair = (namespace: string): AutocannonRequest[] => [
    {
      method: 'POST',
      path: `/v1/repos/${namespace}/`,
      headers: json,
      setupRequest: (request, context) => ({
        ...request,
        body: JSON.stringify({ name: slugOf(context), repository_type_str: 'Private' }),
      }),
    },
    {
      method: 'DELETE',
      path: `/v1/repos/${namespace}/`,
      headers,
      setupRequest: (request, context) => ({
        ...request,
        path: `/v1/repos/${namespace}/${slugOf(context)}/`,
      }),
    },
  ]
  return input.steps.flatMap((step): AutocannonRequest[] => {
    if ('get' in step) return [{ method: 'GET', path: step.get, headers }]
    if ('pair' in step) return pair(step.pair)
    return [
      {
        method: 'PATCH',
        path: step.patch,
        headers: json,
        setupRequest: (request) => ({
          ...request,
          body: JSON.stringify({ description: `bench ${run}-${++patches % 256}` }),
        }),
      },
    ]
  })
}

async function run(input: LoadInput): Promise<Extract<LoadMessage, { result: unknown }>['result']> {
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    ...(input.amount ? { amount: input.amount } : { duration: input.durationS }),
    requests: requestsFor(input),
    timeout: 30,
    // Rates come from the totals below; a short interval ends a run soon after its last answer.
    sampleInt: 100,
  })
  return {
    requests: result.requests.total,
    seconds: result.duration,
    requestsPerSecond: result.requests.total / result.duration,
    latencyMs: {
      mean: result.latency.mean,
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }
}

process.on('message', (message: { id: number; input: LoadInput }) => {
  run(message.input).then(
    (result) => process.send!({ id: message.id, result } satisfies LoadMessage),
    (error: unknown) =>
      process.send!({ id: message.id, error: String(error) } satisfies LoadMessage),
  )
})
