/**
 * The load generator (autocannon), in its own process so it competes with the server under test
 * for the cores instead of sharing its event loop. Forked by support/load.ts: each IPC message
 * { id, input: LoadInput } is one run, answered with { id, result: LoadResult }.
 */
import autocannon, { type AutocannonRequest } from 'autocannon'
import type { LoadInput, LoadMessage, LoadResult } from '../support/load.ts'

function requestsFor(input: LoadInput): AutocannonRequest[] {
  const headers = { 'x-api-key': 'demo-api-key', ...input.headers }
  // A repository slug per connection, reused for each create-then-delete pair: the pair leaves
  // the data as it found it, so a long run measures the server rather than a growing dataset.
  let connections = 0
  const slugOf = (context: Record<string, unknown>) =>
    (context.slug ??= `bench-pair-${++connections}`) as string
  const pair = (namespace: string): AutocannonRequest[] => [
    {
      method: 'POST',
      path: `/v1/repos/${namespace}/`,
      headers: { ...headers, 'content-type': 'application/json' },
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
  const gets = input.paths.map((path) => ({ method: 'GET', path, headers }))
  if (input.kind === 'create-delete') return pair(input.namespace ?? 'acme')
  if (input.kind === 'mix') return [...gets, ...pair(input.namespace ?? 'acme')]
  return gets
}

/**
 * A run ends when its time or amount is up, whatever each connection was doing: a pair may be
 * cut between its POST and its DELETE. The next run would then find the slug taken (422), so
 * every pair slug is deleted after the run (404 when it was not left over).
 */
async function deleteLeftovers(input: LoadInput): Promise<void> {
  if (input.kind === 'get') return
  const namespace = input.namespace ?? 'acme'
  for (let n = 1; n <= input.connections; n++) {
    const response = await fetch(`${input.url}/v1/repos/${namespace}/bench-pair-${n}/`, {
      method: 'DELETE',
      headers: { 'x-api-key': 'demo-api-key' },
    })
    await response.arrayBuffer()
  }
}

async function run(input: LoadInput): Promise<LoadResult> {
  const result = await autocannon({
    url: input.url,
    connections: input.connections,
    ...(input.amount ? { amount: input.amount } : { duration: input.durationS }),
    requests: requestsFor(input),
    timeout: 30,
    // Rates come from the totals below; a short interval ends a run soon after its last answer.
    sampleInt: 100,
  })
  await deleteLeftovers(input)
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
