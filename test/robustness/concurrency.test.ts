/**
 * Hundreds of parallel mixed writes from three identities over real HTTP against the CLI
 * server: repositories created, changed and deleted, uploads (files_create, the multipart POST
 * to upload_url, packages_upload_raw) completed or abandoned, packages copied, moved, tagged,
 * polled and deleted, all at once. Then:
 * - every request the clients sent is in the journal exactly once, with the status they saw;
 * - the data passes the integrity check and every identity still sees only what it may;
 * - replaying the journal's writes one by one, in the order the server ran them (`sequence`),
 *   on a fresh mock answers every request the same and ends in the same data, byte for byte;
 * - no record is lost or duplicated: the repositories and packages left are exactly those the
 *   successful writes, taken in that order, say should be.
 * The journal names each write's request (X-Request-Id) but keeps only a summary of its body, so
 * the clients keep the bytes they sent (support/recorder.ts) and the replay takes them from there.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildDefaultDataset } from '../../fixtures/index.ts'
import {
  checkIntegrity,
  createMock,
  type Dataset,
  type JournalEntry,
  type MockSnapshot,
} from '../../src/index.ts'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { startServer, stopAll } from '../server/support/cli.ts'
import { multipart, Recorder, type SentRequest } from './support/recorder.ts'
import { fuzzSeed } from './support/settings.ts'
import { visibilityViolations } from './support/visibility.ts'

afterAll(stopAll)

const KEYS = { demo: 'demo-api-key', carol: 'carol-api-key', outsider: 'outsider-api-key' }
type Who = keyof typeof KEYS
const ACTORS = Number(process.env.CONCURRENCY_ACTORS) || 60
const STEPS = Number(process.env.CONCURRENCY_STEPS) || 8

/** The default data plus carol, a member of acme with the Write role (may write, not create). */
function dataset(): Dataset {
  const base = buildDefaultDataset()
  return {
    ...base,
    namespaces: [
      ...base.namespaces,
      { slug: 'carol', slug_perm: 'carolperm001', name: 'Carol', kind: 'User', email: null },
    ],
    memberships: [...base.memberships, { org: 'acme', user: 'carol', role: 'Write' }],
    apiKeys: [
      ...base.apiKeys,
      { key: KEYS.carol, user: 'carol', slug_perm: 'carolkey0001', created_at: 0 },
    ],
  }
}

/** mulberry32: each actor's choices differ, but are the same on every run. */
function random(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! }
}

/** What the actors believe exists; stale beliefs only make some requests 404, as in real use. */
function createWorld(data: Dataset) {
  return {
    repos: data.repositories.map((r) => ({ namespace: r.namespace, repo: r.slug })),
    packages: data.packages.map((p) => ({
      namespace: p.namespace,
      repo: p.repository,
      slug_perm: p.slug_perm,
    })),
  }
}
type World = ReturnType<typeof createWorld>

async function actor(index: number, who: Who, client: Recorder, world: World) {
  const rng = random(fuzzSeed() + index)
  const key = KEYS[who]
  const own =
    who === 'carol' ? 'acme' : who === 'outsider' ? 'outsider' : rng.pick(['acme', 'demo'])
  const reposIn = (namespace: string) => world.repos.filter((r) => r.namespace === namespace)
  const anyRepo = () => rng.pick(world.repos)
  const anyPackage = () => rng.pick(world.packages)
  let made = 0

  for (let step = 0; step < STEPS; step++) {
    const roll = rng.next()
    if (roll < 0.25) {
      // The whole upload flow, sometimes abandoned after the first or second request.
      const place =
        rng.next() < 0.8 ? rng.pick(reposIn(own).length ? reposIn(own) : world.repos) : anyRepo()
      const filename = `a${index}-s${step}-${made++}.tar.gz`
      const created = await client.send('POST', `/v1/files/${place.namespace}/${place.repo}/`, {
        key,
        json: { filename },
      })
      if (created.status !== 202 || rng.next() < 0.1) continue
      const upload = created.reply as { identifier: string; upload_fields: Record<string, unknown> }
      const form = multipart(upload.upload_fields, filename, `bytes of ${filename}`)
      const send = () => client.send('POST', `/__uploads/${upload.identifier}/`, form)
      await send()
      if (rng.next() < 0.1) continue
      const create = () =>
        client.send('POST', `/v1/packages/${place.namespace}/${place.repo}/upload/raw/`, {
          key,
          json: { package_file: upload.identifier, tags: rng.next() < 0.5 ? 'a,b' : '' },
        })
      // Now and then a client retries: the bytes again, or the package twice, while the first
      // attempt is still being answered. One file must never become two packages.
      const chaos = rng.next()
      const replies = await Promise.all(
        chaos < 0.2 ? [create(), send()] : chaos < 0.4 ? [create(), create()] : [create()],
      )
      for (const pkg of replies)
        if (pkg.status === 201 && pkg.path.includes('/upload/raw/'))
          world.packages.push({
            ...place,
            slug_perm: (pkg.reply as { slug_perm: string }).slug_perm,
          })
    } else if (roll < 0.35) {
      const pkg = anyPackage()
      const destination = rng.pick(reposIn(pkg.namespace)).repo
      const copied = await client.send(
        'POST',
        `/v1/packages/${pkg.namespace}/${pkg.repo}/${pkg.slug_perm}/copy/`,
        { key, json: { destination } },
      )
      if (copied.status === 200)
        world.packages.push({
          namespace: pkg.namespace,
          repo: destination,
          slug_perm: (copied.reply as { slug_perm: string }).slug_perm,
        })
    } else if (roll < 0.45) {
      const pkg = anyPackage()
      const destination = rng.pick(reposIn(pkg.namespace)).repo
      const moved = await client.send(
        'POST',
        `/v1/packages/${pkg.namespace}/${pkg.repo}/${pkg.slug_perm}/move/`,
        { key, json: { destination } },
      )
      if (moved.status === 200) pkg.repo = destination
    } else if (roll < 0.6) {
      const pkg = anyPackage()
      await client.send('POST', `/v1/packages/${pkg.namespace}/${pkg.repo}/${pkg.slug_perm}/tag/`, {
        key,
        json: {
          action: rng.pick(['add', 'remove', 'replace', 'clear']),
          tags: [rng.pick(['x', 'y', 'z'])],
        },
      })
    } else if (roll < 0.7) {
      const pkg = anyPackage()
      await client.send('DELETE', `/v1/packages/${pkg.namespace}/${pkg.repo}/${pkg.slug_perm}/`, {
        key,
      })
    } else if (roll < 0.75) {
      const pkg = anyPackage()
      await client.send(
        'GET',
        `/v1/packages/${pkg.namespace}/${pkg.repo}/${pkg.slug_perm}/status/`,
        {
          key,
        },
      )
    } else if (roll < 0.87) {
      const name = `c${index}-${made++}`
      const created = await client.send('POST', `/v1/repos/${own}/`, {
        key,
        json: { name, repository_type_str: rng.pick(['Public', 'Private']) },
      })
      if (created.status === 201) world.repos.push({ namespace: own, repo: name })
    } else if (roll < 0.93) {
      // Mostly the actors' own repositories; now and then one the others are writing to.
      const candidates = world.repos.filter((r) => r.repo.startsWith('c'))
      const repo = candidates.length && rng.next() < 0.85 ? rng.pick(candidates) : anyRepo()
      await client.send('DELETE', `/v1/repos/${repo.namespace}/${repo.repo}/`, { key })
    } else {
      const repo = anyRepo()
      await client.send('PATCH', `/v1/repos/${repo.namespace}/${repo.repo}/`, {
        key,
        json: { description: `changed by ${who} ${index}/${step}` },
      })
    }
  }
}

/** The repositories and packages the successful writes leave, taken in the server's order. */
function expectedRecords(start: Dataset, writes: { entry: JournalEntry; sent: SentRequest }[]) {
  const repos = new Set(start.repositories.map((r) => `${r.namespace}/${r.slug}`))
  const packages = new Map(
    start.packages.map((p) => [p.slug_perm, `${p.namespace}/${p.repository}`]),
  )
  for (const { entry, sent } of writes) {
    const reply = sent.reply as { slug_perm?: string; slug?: string; namespace?: string } | null
    const path = new URL(sent.path, 'http://x').pathname.split('/').filter(Boolean).slice(1)
    const op = entry.operationId
    if (op === 'repos_create' && entry.status === 201) repos.add(`${path[1]}/${reply!.slug}`)
    if (op === 'repos_delete' && entry.status === 200) {
      const key = `${path[1]}/${path[2]}`
      repos.delete(key)
      for (const [perm, where] of packages) if (where === key) packages.delete(perm)
    }
    if (op === 'packages_upload_raw' && entry.status === 201)
      packages.set(reply!.slug_perm!, `${path[1]}/${path[2]}`)
    if (op === 'packages_copy' && entry.status === 200) {
      const destination = (
        JSON.parse(new TextDecoder().decode(sent.body!)) as { destination: string }
      ).destination
      packages.set(reply!.slug_perm!, `${path[1]}/${destination}`)
    }
    if (op === 'packages_move' && entry.status === 200) {
      const destination = (
        JSON.parse(new TextDecoder().decode(sent.body!)) as { destination: string }
      ).destination
      packages.set(path[3]!, `${path[1]}/${destination}`)
    }
    if (op === 'packages_delete' && entry.status === 204) packages.delete(path[3]!)
  }
  return { repos, packages }
}

/** Records sorted by their key, so two datasets compare whatever order rows were written in. */
function canonical(data: Dataset): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [table, rows] of Object.entries(data))
    out[table] = (rows as unknown[]).map((row) => JSON.stringify(row)).sort()
  return out
}

/** Where the workload runs, and how to read what it left. */
interface Target {
  origin: string
  journal(): Promise<JournalEntry[]>
  integrity(): Promise<string[]>
  /** The final state; called once, after the other checks. */
  finish(): Promise<MockSnapshot>
}

async function spawnedServer(start: Dataset): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-concurrency-'))
  const config = join(dir, 'config.json')
  await writeFile(config, JSON.stringify({ dataset: start, journalSize: 200_000 }))
  const stateFile = join(dir, 'state.json')
  const server = await startServer([
    ...['--config', config, '--persist', stateFile, '--quiet'],
    // Every upload must reach the journal here; the cap on uploads in flight has its own test.
    ...['--max-concurrent-uploads', '1000'],
  ])
  const json = async <T>(path: string) => (await (await fetch(`${server.url}${path}`)).json()) as T
  return {
    origin: server.url,
    journal: async () => (await json<{ entries: JournalEntry[] }>('/__mock/journal')).entries,
    integrity: async () => (await json<{ problems: string[] }>('/__mock/integrity')).problems,
    // What --persist saved once the server stopped: the state it would start from again.
    async finish() {
      expect(await server.stop('SIGTERM')).toEqual({ code: 0, signal: null })
      return (JSON.parse(await readFile(stateFile, 'utf8')) as { snapshot: MockSnapshot }).snapshot
    },
  }
}

function inProcess(start: Dataset): Target {
  const mock = setupMockServer({ dataset: start, seed: 1, journalSize: 200_000 })
  mock.listen()
  return {
    origin: 'https://api.cloudsmith.io',
    journal: async () => mock.journal.entries(),
    integrity: async () => checkIntegrity(mock.db).problems,
    async finish() {
      mock.close()
      return mock.snapshot()
    },
  }
}

describe.each([
  ['over real HTTP to the CLI server', spawnedServer],
  // In one process, requests interleave at every await inside the handlers: the harder case.
  ['in process through setupMockServer', inProcess],
] as const)('concurrent writes %s', (_label, open) => {
  it(`${ACTORS} actors x ${STEPS} operations at once: nothing lost or duplicated, same as a serial replay`, async () => {
    const start = dataset()
    const target = await open(start)
    const client = new Recorder(target.origin)
    const world = createWorld(start)
    const who: Who[] = ['demo', 'demo', 'carol', 'outsider']
    await Promise.all(
      Array.from({ length: ACTORS }, (_, i) => actor(i, who[i % who.length]!, client, world)),
    )

    const entries = await target.journal()
    expect(await target.integrity()).toEqual([])
    const visibility = await visibilityViolations(async (path, key) => {
      const response = await fetch(`${target.origin}${path}`, {
        headers: key ? { 'X-Api-Key': key } : {},
      })
      return { status: response.status, body: await response.json() }
    })
    expect(visibility).toEqual([])
    const final = await target.finish()

    // Every request is in the journal once, with the status its client saw.
    const byId = new Map<string, JournalEntry>()
    for (const entry of entries) {
      if (!entry.requestId) continue
      expect(byId.has(entry.requestId), `${entry.requestId} recorded twice`).toBe(false)
      byId.set(entry.requestId, entry)
    }
    for (const sent of client.sent.values())
      expect(byId.get(sent.id)?.status, `${sent.method} ${sent.path}`).toBe(sent.status)
    const writes = entries
      .filter((entry) => entry.sequence !== null)
      .sort((a, b) => a.sequence! - b.sequence!)
      .map((entry) => ({ entry, sent: client.sent.get(entry.requestId!)! }))
    expect(writes.length).toBeGreaterThan(ACTORS * STEPS * 0.8)
    const statuses = new Set(writes.map((w) => `${w.entry.operationId} ${w.entry.status}`))
    for (const expected of ['repos_create 201', 'packages_upload_raw 201', 'packages_copy 200'])
      expect(statuses).toContain(expected)

    // The same writes, one at a time, on a fresh mock.
    const replay = createMock({ dataset: start, seed: 1 })
    await replay.ready()
    for (const { entry, sent } of writes) {
      const response = await replay.handle(
        new Request(`${target.origin}${sent.path}`, {
          method: sent.method,
          headers: sent.headers,
          body: sent.body,
        }),
      )
      expect(response.status, `replaying ${sent.method} ${sent.path}`).toBe(entry.status)
    }
    expect(checkIntegrity(replay.db).problems).toEqual([])
    expect(canonical(final.dataset)).toEqual(canonical(replay.snapshot().dataset))
    expect(final.counters).toEqual(replay.snapshot().counters)

    const expected = expectedRecords(start, writes)
    expect(new Set(final.dataset.repositories.map((r) => `${r.namespace}/${r.slug}`))).toEqual(
      expected.repos,
    )
    const packages = final.dataset.packages
    expect(new Map(packages.map((p) => [p.slug_perm, `${p.namespace}/${p.repository}`]))).toEqual(
      expected.packages,
    )
    expect(packages.length).toBe(expected.packages.size)
    if (process.env.FUZZ_REPORT)
      console.info(
        JSON.stringify({
          requests: client.sent.size,
          writesReplayed: writes.length,
          repositories: [start.repositories.length, final.dataset.repositories.length],
          packages: [start.packages.length, packages.length],
        }),
      )
  }, 240_000)
})
