/**
 * Same seed, same scenario, same requests: the same statuses, mock headers and bodies in Node
 * (setupMockServer), in the standalone server (the built CLI, spawned) and in Chromium (the
 * service worker). Each runtime's origin is replaced by `{origin}` before comparing: the mock
 * builds self_url, upload_url and Link from the request's origin, which is
 * https://api.cloudsmith.io in Node and the browser and http://127.0.0.1:PORT for the server.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { setupMockServer } from '../../src/adapters/node/index.ts'
import { launchChromium, newContext } from './support/chromium.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { API, openMockedPage } from './support/page.ts'
import {
  converse,
  expectedStatuses,
  type Exchange,
  type ScriptRequest,
} from './support/parity-script.ts'

// Real Chromium on a shared two-core machine: allow for load, never for sleeps.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 })

const SEED = 7
const SCENARIO = 'upload-processing'
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const bin = path.join(root, 'dist/src/cli/bin.js')

/** fetch from Node: used for the setupServer leg and for the spawned server. */
async function nodeSend(request: ScriptRequest) {
  let body: BodyInit | undefined = request.text
  const headers = new Headers(request.headers)
  if (request.json !== undefined) {
    headers.set('Content-Type', 'application/json')
    body = JSON.stringify(request.json)
  }
  if (request.form) {
    const form = new FormData()
    for (const [name, value] of Object.entries(request.form.fields)) form.append(name, value)
    form.append('file', new File([request.form.content], request.form.filename))
    body = form
  }
  const response = await fetch(request.url, { method: request.method, headers, body })
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.text(),
  }
}

function pageSend(page: Page) {
  return (request: ScriptRequest) =>
    page.evaluate(async ({ url, method, headers, json, text, form }) => {
      let body: BodyInit | undefined = text
      const sent = new Headers(headers)
      if (json !== undefined) {
        sent.set('Content-Type', 'application/json')
        body = JSON.stringify(json)
      }
      if (form) {
        const data = new FormData()
        for (const [name, value] of Object.entries(form.fields)) data.append(name, value)
        data.append('file', new File([form.content], form.filename))
        body = data
      }
      const response = await fetch(url, { method, headers: sent, body })
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: await response.text(),
      }
    }, request)
}

/** Spawns the built CLI on a free port and reads the URL it prints. */
async function startServer(): Promise<{ origin: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--port',
      '0',
      '--quiet',
      '--clock',
      'frozen',
      '--seed',
      String(SEED),
      '--scenario',
      SCENARIO,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const origin = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /http:\/\/127\.0\.0\.1:\d+/.exec(output)
      if (match) resolve(match[0])
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.once('exit', (code) =>
      reject(new Error(`server exited (${code}) before listening:\n${output}`)),
    )
    child.once('error', reject)
  })
  return { origin, child }
}

let browser: Browser
let harness: Harness
const runs: Record<'node' | 'server' | 'browser', Exchange[]> = {
  node: [],
  server: [],
  browser: [],
}

beforeAll(async () => {
  ;[harness, browser] = await Promise.all([startHarness(), launchChromium()])

  // Node first, alone: setupServer patches this process's fetch until close().
  const mock = setupMockServer({ seed: SEED, scenarios: [SCENARIO] })
  mock.listen()
  try {
    runs.node = await converse(API, nodeSend)
  } finally {
    mock.close()
  }

  const server = await startServer()
  try {
    runs.server = await converse(server.origin, nodeSend)
  } finally {
    server.child.kill('SIGTERM')
    if (server.child.exitCode === null) await once(server.child, 'exit')
  }

  const context = await newContext(browser)
  const page = await openMockedPage(context, harness.origin, { seed: SEED, scenarios: [SCENARIO] })
  runs.browser = await converse(API, pageSend(page))
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await harness?.close()
})

describe(`parity: seed ${SEED}, scenario ${SCENARIO}`, () => {
  it('answers each step with the status API-NOTES gives for it (in Node)', () => {
    expect(runs.node.map((e) => e.status)).toEqual(expectedStatuses)
  })

  it('the standalone server answers byte for byte as Node', () => {
    expect(runs.server).toEqual(runs.node)
  })

  it('the browser worker answers byte for byte as Node', () => {
    expect(runs.browser).toEqual(runs.node)
  })

  it('compares real content: bodies carry the normalised origin and the sync walks four polls', () => {
    const polls = runs.node
      .filter((e) => e.request.includes('/status/'))
      .map((e) => JSON.parse(e.body))
    expect(polls.map((p) => p.is_sync_completed)).toEqual([false, false, false, true])
    const created = runs.node.find((e) => e.status === 201 && e.request.endsWith('/repos/acme/'))
    expect(JSON.parse(created!.body).self_url).toBe('{origin}/repos/acme/parity-check/')
    expect(runs.node[3]!.headers['link']).toContain(
      '<{origin}/v1/repos/acme/?page=2&page_size=2>; rel="next"',
    )
  })
})
