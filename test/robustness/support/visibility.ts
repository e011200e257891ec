/**
 * "Identities still see only what they may", asked over the API after a run. The rules come from
 * API-NOTES and the default dataset: demo owns the organisation acme and the namespace demo,
 * outsider owns outsider and has Read on acme/releases only; a private repository is a 404 to a
 * signed-in caller without access and a 401 to an anonymous one; anyone may read the others.
 */
export const DEMO_KEY = 'demo-api-key'
export const OUTSIDER_KEY = 'outsider-api-key'

export type Call = (path: string, key: string | null) => Promise<{ status: number; body: unknown }>

interface Repo {
  namespace: string
  slug: string
  repository_type_str: string
}

async function list(call: Call, path: string, key: string): Promise<Repo[]> {
  const reply = await call(`${path}?page_size=500`, key)
  // An empty list is a 200 with []; a page past the end (none here) would be a 404.
  if (reply.status !== 200 || !Array.isArray(reply.body))
    throw new Error(`GET ${path} as ${key} answered ${reply.status}`)
  return reply.body as Repo[]
}

/** What is wrong with who sees what; empty when every identity sees exactly what it may. */
export async function visibilityViolations(call: Call): Promise<string[]> {
  const problems: string[] = []
  const expect = async (path: string, key: string | null, status: number) => {
    const reply = await call(path, key)
    if (reply.status !== status)
      problems.push(`GET ${path} as ${key ?? 'anonymous'}: ${reply.status}, expected ${status}`)
  }
  const acme = await list(call, '/v1/repos/acme/', DEMO_KEY)
  const demo = await list(call, '/v1/repos/demo/', DEMO_KEY)
  const outsiders = await list(call, '/v1/repos/outsider/', OUTSIDER_KEY)

  for (const repo of [...acme, ...demo]) {
    const path = `/v1/repos/${repo.namespace}/${repo.slug}/`
    const open = repo.repository_type_str !== 'Private'
    const granted = repo.namespace === 'acme' && repo.slug === 'releases'
    await expect(path, null, open ? 200 : 401)
    await expect(path, OUTSIDER_KEY, open || granted ? 200 : 404)
    if (!open && !granted)
      await expect(`/v1/packages/${repo.namespace}/${repo.slug}/`, OUTSIDER_KEY, 404)
  }
  for (const repo of outsiders) {
    const path = `/v1/repos/outsider/${repo.slug}/`
    const open = repo.repository_type_str !== 'Private'
    await expect(path, DEMO_KEY, open ? 200 : 404)
    await expect(path, null, open ? 200 : 401)
  }
  // Lists are filtered the same way as reads.
  for (const repo of await list(call, '/v1/repos/', OUTSIDER_KEY)) {
    const granted = repo.namespace === 'acme' && repo.slug === 'releases'
    if (repo.namespace !== 'outsider' && !granted)
      problems.push(`outsider's repository list shows ${repo.namespace}/${repo.slug}`)
  }
  for (const repo of await list(call, '/v1/repos/acme/', OUTSIDER_KEY))
    if (repo.repository_type_str === 'Private' && repo.slug !== 'releases')
      problems.push(`outsider's list of acme shows private ${repo.slug}`)
  for (const repo of await list(call, '/v1/repos/outsider/', DEMO_KEY))
    if (repo.repository_type_str === 'Private')
      problems.push(`demo's list of outsider shows private ${repo.slug}`)
  return problems
}
