/**
 * The load generator (autocannon), in its own process so it competes with the server under test
 * for the cores instead of sharing its event loop. Forked by support/load.ts: each IPC message
 * { id, input: LoadInput } is one run, answered with { id, result: LoadResult }.
 */
import autocannon, { type AutocannonRequest } from 'autocannon'
import type { LoadInput, LoadMessage, LoadResult } from '../support/load.ts'

let runs = 0

/** Repositories a run's pairs created and have not deleted yet (see deleteLeftovers). */
const live = new Set<string>()

function requestsFor(input: LoadInput): AutocannonRequest[] {
  const headers = { 'x-api-key': 'demo-api-key', ...input.headers }
  // Each pair creates a repository and deletes it, leaving the data as it found it, so a long
  // run measures the server rather than a growing dataset. autocannon gives each round of a
  // connection's requests a fresh context: a slug per pair, unique across runs.
  const run = ++runs
  let pairs = 0
  const slugOf = (context: Record<string, unknown>) =>
    (context.slug ??= `bench-pair-${run}-${++pairs}`) as string
  const pair = (namespace: string): AutocannonRequest[] => [
    {
      method: 'POST',
      path: `/v1/repos/${namespace}/`,
      headers: { ...headers, 'content-type': 'application/json' },
      setupRequest: (request, context) => {
        live.add(`${namespace}/${slugOf(context)}`)
        return {
          ...request,
          body: JSON.stringify({ name: slugOf(context), repository_type_str: 'Private' }),
        }
      },
    },
    {
      method: 'DELETE',
      path: `/v1/repos/${namespace}/`,
      headers,
      setupRequest: (request, context) => ({
        ...request,
        path: `/v1/repos/${namespace}/${slugOf(context)}/`,
      }),
      onResponse: (status, _body, context) => {
        if (status < 300) live.delete(`${namespace}/${slugOf(context)}`)
      },
    },
  ]
  const gets = input.paths.map((path) => ({ method: 'GET', path, headers }))
  if (input.kind === 'create-delete') return pair(input.namespace ?? 'acme')
  if (input.kind === 'mix') return [...gets, ...pair(input.namespace ?? 'acme')]
  return gets
}

/**
 * A run ends when its time or amount is up, whatever each connection was doing: a pair may be
 * cut between its POST and its DELETE. Its repository is deleted after the run, so that the
 * next run (and its list pages) find the data as it was.
 */
async function deleteLeftovers(url: string): Promise<void> {
  for (const key of live) {
    const response = await fetch(`${url}/v1/repos/${key}/`, {
      method: 'DELETE',
      headers: { 'x-api-key': 'demo-api-key' },
    })
    await response.arrayBuffer()
  }
  live.clear()
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
  await deleteLeftovers(input.url)
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
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]),
    ),
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
