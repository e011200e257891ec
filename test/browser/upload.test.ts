/**
 * Cloudsmith's upload flow, done by the page as a frontend does it (API-NOTES §6.6, §6.7, §7):
 * request an upload (202), POST multipart/form-data with the upload fields and the file to
 * upload_url without credentials (2xx), create the raw package (201), poll its status until
 * is_sync_completed or is_sync_failed.
 */
import { createHash } from 'node:crypto'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { launchChromium, newContext } from './support/chromium.ts'
import { startHarness, type Harness } from './support/harness.ts'
import { openMockedPage } from './support/page.ts'

// Real Chromium on a shared two-core machine: allow for load, never for sleeps.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 180_000 })

let browser: Browser
let harness: Harness
let context: BrowserContext

beforeAll(async () => {
  ;[harness, browser] = await Promise.all([startHarness(), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await harness?.close()
})
beforeEach(async () => {
  context = await newContext(browser)
})
afterEach(async () => {
  await context.close()
})

interface FlowInput {
  repo: string
  filename: string
  content: string
}

interface Step {
  step: string
  status: number
}

interface FlowResult {
  steps: Step[]
  polls: { status_str: string; stage_str: string; sync_progress: number }[]
  final: Record<string, unknown>
  pkg: Record<string, unknown>
  listed: Record<string, unknown>[]
}

/** The whole flow inside the page; it gives up after 20 polls rather than loop forever. */
function runUpload(page: Page, input: FlowInput): Promise<FlowResult> {
  return page.evaluate(async ({ repo, filename, content }) => {
    const api = 'https://api.cloudsmith.io/v1'
    const auth = { 'X-Api-Key': 'demo-api-key' }
    const json = { ...auth, 'Content-Type': 'application/json' }
    const steps: { step: string; status: number }[] = []
    const call = async (step: string, url: string, init: RequestInit = {}) => {
      const response = await fetch(url, init)
      steps.push({ step, status: response.status })
      const text = await response.text()
      return text ? JSON.parse(text) : null
    }
    const file = new File([content], filename, { type: 'text/plain' })
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
    const sha256 = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')

    const upload = await call('files_create', `${api}/files/acme/${repo}/`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ filename, sha256_checksum: sha256 }),
    })
    const form = new FormData()
    for (const [name, value] of Object.entries(upload.upload_fields as Record<string, string>))
      form.append(name, value)
    form.append('file', file)
    await call('upload_url', upload.upload_url, { method: 'POST', body: form })
    const pkg = await call('packages_upload_raw', `${api}/packages/acme/${repo}/upload/raw/`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ package_file: upload.identifier }),
    })
    const polls = []
    let final: Record<string, unknown> = {}
    for (let i = 0; i < 20; i++) {
      final = await call(
        'packages_status',
        `${api}/packages/acme/${repo}/${pkg.slug_perm}/status/`,
        {
          headers: auth,
        },
      )
      polls.push({
        status_str: final.status_str as string,
        stage_str: final.stage_str as string,
        sync_progress: final.sync_progress as number,
      })
      if (final.is_sync_completed || final.is_sync_failed) break
    }
    const listed = await call('packages_list', `${api}/packages/acme/${repo}/?query=${filename}`, {
      headers: auth,
    })
    return { steps, polls, final, pkg, listed }
  }, input)
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('upload flow in the page', () => {
  it('uploads a raw file, creates the package and polls it to Completed', async () => {
    const page = await openMockedPage(context, harness.origin, { seed: 1 })
    const content = 'hello from chromium\n'
    const result = await runUpload(page, {
      repo: 'web-assets',
      filename: 'page-notes-1.2.3.txt',
      content,
    })
    expect(result.steps.slice(0, 3)).toEqual([
      { step: 'files_create', status: 202 },
      { step: 'upload_url', status: 204 },
      { step: 'packages_upload_raw', status: 201 },
    ])
    expect(result.steps.at(-1)).toEqual({ step: 'packages_list', status: 200 })
    // Created not yet synchronised (§6.6), then completed: status 4, stage 9, 100 % (§7).
    expect(result.pkg).toMatchObject({
      is_sync_completed: false,
      // Raw packages keep the whole filename as name, version null (docs/package-identity.md).
      name: 'page-notes-1.2.3.txt',
      version: null,
    })
    expect(result.final).toMatchObject({
      status_str: 'Completed',
      stage_str: 'Fully Synchronised',
      sync_progress: 100,
      is_sync_completed: true,
      is_sync_failed: false,
    })
    expect(result.listed).toHaveLength(1)
    // The bytes the page sent are the bytes the mock hashed.
    expect(result.listed[0]).toMatchObject({
      filename: 'page-notes-1.2.3.txt',
      checksum_sha256: sha256(content),
      size: content.length,
    })
  })

  it('shows sync progress over several polls under upload-processing', async () => {
    const page = await openMockedPage(context, harness.origin, { scenarios: ['upload-processing'] })
    const result = await runUpload(page, {
      repo: 'platform',
      filename: 'tool-2.0.0.txt',
      content: 'x',
    })
    // The scenario's documented plan: completed on the 4th poll, progress rising on the way.
    expect(result.polls).toHaveLength(4)
    const progress = result.polls.map((p) => p.sync_progress)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(new Set(progress).size).toBe(4)
    expect(result.polls.at(-1)).toMatchObject({ status_str: 'Completed', sync_progress: 100 })
  })

  it('ends in Sync Failed with the reason after switching to upload-sync-failed', async () => {
    const page = await openMockedPage(context, harness.origin)
    await page.evaluate(() => window.cloudsmithMock!.use('upload-sync-failed'))
    const result = await runUpload(page, {
      repo: 'releases',
      filename: 'broken-0.1.0.txt',
      content: 'y',
    })
    expect(result.polls).toHaveLength(2)
    expect(result.final).toMatchObject({
      status_str: 'Sync Failed',
      is_sync_failed: true,
      status_reason: 'Failed to extract package metadata: the archive is corrupt.',
    })
  })

  it('rejects the upload when the bytes do not match the declared sha256', async () => {
    const page = await openMockedPage(context, harness.origin)
    const status = await page.evaluate(async () => {
      const upload = await fetch('https://api.cloudsmith.io/v1/files/acme/web-assets/', {
        method: 'POST',
        headers: { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' },
        body: JSON.stringify({ filename: 'a.txt', sha256_checksum: '0'.repeat(64) }),
      }).then((r) => r.json())
      const form = new FormData()
      form.append('file', new File(['other bytes'], 'a.txt'))
      const sent = await fetch(upload.upload_url, { method: 'POST', body: form })
      return sent.status
    })
    // Issue 13 point 5: a checksum mismatch is a 422 naming the field.
    expect(status).toBe(422)
  })
})
