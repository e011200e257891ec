/**
 * A long run against the standalone server keeps its memory flat: a mixed workload (lists with
 * ever-new queries, reads, repositories created and deleted, tags, uploads completed, abandoned,
 * aborted or cut off mid-body) leaves the heap after a full collection where it was after the
 * warm-up, the journal at its capacity, and at most 1,000 upload records.
 * `npm test` sends 10,000 requests; `npm run fuzz` (LONG_RUN_REQUESTS) 200,000.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { connect } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Measurement } from './support/memory-server.ts'
import { fuzzTimeout, longRunRequests } from './support/settings.ts'

const REQUESTS = longRunRequests(10_000)
const CONCURRENCY = 32
const KEY = { 'X-Api-Key': 'demo-api-key' }
/**
 * What the heap may grow between warm-up and the end: the bounded caches filling up (record
 * texts, list pages: up to ~10 MB together) and nothing per request beyond that.
 */
const HEAP_SLACK = 16 * 1024 * 1024

let child: ChildProcess
let url: string

beforeAll(async () => {
  child = fork(fileURLToPath(new URL('./support/memory-server.ts', import.meta.url)), {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  url = await new Promise((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url))
    child.once('exit', (code) => reject(new Error(`memory server exited with ${code}`)))
  })
})
afterAll(() => {
  child?.kill('SIGKILL')
})

function measure(): Promise<Measurement> {
  return new Promise((resolve) => {
    child.once('message', (message) => resolve(message as Measurement))
    child.send('measure')
  })
}

let sent = 0
const statuses = new Map<number, number>()

async function request(method: string, path: string, init: RequestInit = {}): Promise<unknown> {
  sent++
  const response = await fetch(`${url}${path}`, {
    method,
    ...init,
    headers: { ...KEY, ...(init.headers as Record<string, string>) },
  })
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1)
  const text = await response.text()
  return text ? JSON.parse(text) : null
}

const json = (body: unknown) => ({
  body: JSON.stringify(body),
  headers: { 'Content-Type': 'application/json' },
})

/** An upload whose client dies halfway through the body. */
function cutOffUpload(identifier: string): Promise<void> {
  sent++
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url)
    const socket = connect(Number(port), hostname, () => {
      socket.write(
        `POST /__uploads/${identifier}/ HTTP/1.1\r\nHost: ${hostname}\r\n` +
          'Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 100000\r\n\r\n--x\r\n',
      )
      setTimeout(() => socket.destroy(), 5)
    })
    socket.on('close', () => resolve())
    socket.on('error', () => undefined)
  })
}

/** One turn of the workload: every kind of request, everything it creates removed again. */
async function turn(worker: number, n: number): Promise<void> {
  const tag = `w${worker}n${n}`
  const pick = n % 10
  if (pick === 0) {
    await request('GET', `/v1/packages/acme/platform/?query=${tag}&page_size=5`)
    await request('GET', `/v1/repos/acme/?page=${(n % 3) + 1}&page_size=2&sort=-name`)
  } else if (pick === 1) {
    const repo = (await request('POST', '/v1/repos/acme/', json({ name: `long-${tag}` }))) as {
      slug: string
    }
    await request('GET', `/v1/packages/acme/${repo.slug}/?query=x${tag}`)
    await request('DELETE', `/v1/repos/acme/${repo.slug}/`)
  } else if (pick === 2) {
    // Abandoned: requested and never sent.
    await request('POST', '/v1/files/acme/web-assets/', json({ filename: `${tag}.txt` }))
  } else if (pick === 3) {
    const upload = (await request(
      'POST',
      '/v1/files/acme/web-assets/',
      json({ filename: `${tag}.txt` }),
    )) as { identifier: string }
    if (n % 2) await request('POST', `/v1/files/acme/web-assets/${upload.identifier}/abort/`)
    else await cutOffUpload(upload.identifier)
  } else if (pick === 4) {
    const upload = (await request(
      'POST',
      '/v1/files/acme/web-assets/',
      json({ filename: `${tag}-1.0.tar.gz` }),
    )) as { identifier: string; upload_url: string }
    const form = new FormData()
    form.append('file', new Blob([`bytes ${tag}`]), `${tag}-1.0.tar.gz`)
    await request('POST', new URL(upload.upload_url).pathname, { body: form })
    const pkg = (await request(
      'POST',
      '/v1/packages/acme/web-assets/upload/raw/',
      json({ package_file: upload.identifier }),
    )) as { slug_perm: string }
    await request('GET', `/v1/packages/acme/web-assets/${pkg.slug_perm}/status/`)
    await request('DELETE', `/v1/packages/acme/web-assets/${pkg.slug_perm}/`)
  } else if (pick === 5) {
    const path = `/v1/packages/acme/platform/?page=${(n % 5) + 1}&page_size=3`
    const [first] = (await request('GET', path)) as { slug_perm: string }[]
    const action = n % 20 < 10 ? 'add' : 'remove'
    await request(
      'POST',
      `/v1/packages/acme/platform/${first!.slug_perm}/tag/`,
      json({ action, tags: [`t${worker}`] }),
    )
  } else if (pick === 6) {
    await request('GET', `/v1/nowhere/${tag}/`)
    await request('GET', '/v1/user/self/', { headers: { 'X-Api-Key': '' } })
  } else {
    await request('GET', `/v1/repos/acme/platform/`)
    await request('GET', `/v1/packages/acme/web-assets/?page_size=${(n % 50) + 1}`)
  }
}

async function drive(until: number): Promise<void> {
  let n = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (sent < until) await turn(worker, n++)
    }),
  )
}

describe('a long run', () => {
  it(
    `${REQUESTS} requests: the heap after gc, the journal and the uploads stay bounded`,
    async () => {
      await drive(REQUESTS / 10)
      const warm = await measure()
      // Checkpoints on the way, for the report: a leak climbs steadily, filling caches level off.
      const heap = [warm.heapUsed]
      for (const share of [0.4, 0.7]) {
        await drive(REQUESTS * share)
        heap.push((await measure()).heapUsed)
      }
      await drive(REQUESTS)
      const end = await measure()
      heap.push(end.heapUsed)
      if (process.env.FUZZ_REPORT) {
        const mb = heap.map((bytes) => +(bytes / 2 ** 20).toFixed(1))
        console.info(
          JSON.stringify({ sent, heapMiB: mb, warm, end, statuses: Object.fromEntries(statuses) }),
        )
      }

      expect(sent).toBeGreaterThanOrEqual(REQUESTS)
      expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([])
      expect(end.journal).toBe(1000)
      expect(end.uploads).toBeLessThanOrEqual(1000)
      // Records created and deleted again leave nothing to undo; live uploads at most 1,000.
      expect(end.undo).toBeLessThanOrEqual(1000 + 50)
      // Everything the workload creates it deletes again.
      expect([end.repositories, end.packages]).toEqual([warm.repositories, warm.packages])
      expect(end.heapUsed - warm.heapUsed).toBeLessThan(HEAP_SLACK)
    },
    fuzzTimeout(REQUESTS, 10),
  )
})
