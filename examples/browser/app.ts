/**
 * The demo app: a plain-DOM frontend for Cloudsmith repositories. It knows nothing about the
 * mock except the two lines that start it; everything else is ordinary API use.
 */
import { startMockWorker } from 'cloudsmith-mock/browser'
import { ApiError, request } from './api.ts'
import { mountPanel } from './panel.ts'

interface Repository {
  name: string
  slug: string
  repository_type_str: string
  package_count?: number
}
interface FileUpload {
  identifier: string
  upload_url: string
  upload_fields: Record<string, string> | null
}
interface Package {
  slug_perm: string
  name: string
  version: string | null
  status_str: string
}
interface PackageStatus {
  status_str: string
  stage_str: string
  sync_progress: number
  status_reason: string | null
  is_sync_completed: boolean
  is_sync_failed: boolean
}

const OWNER = 'acme'
const PAGE_SIZE = 3
const POLL_MS = 400

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const state = { page: 1, pageTotal: 1, selected: null as string | null, uploads: 0 }

function message(error: unknown): string {
  return error instanceof ApiError
    ? `${error.response.status}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error)
}

async function loadRepositories(page = state.page): Promise<void> {
  const info = $('page-info')
  try {
    const { body, headers } = await request<Repository[]>(
      'GET',
      `/repos/${OWNER}/?page=${page}&page_size=${PAGE_SIZE}`,
    )
    // Cloudsmith paginates with headers; an empty list carries none.
    state.page = Number(headers.get('X-Pagination-Page') ?? 1)
    state.pageTotal = Number(headers.get('X-Pagination-PageTotal') ?? 1)
    const count = Number(headers.get('X-Pagination-Count') ?? body.length)
    info.textContent = `Page ${state.page} of ${state.pageTotal} (${count} repositories)`
    renderRepositories(body)
  } catch (error) {
    info.textContent = `Could not load repositories: ${message(error)}`
    renderRepositories([])
  }
  $<HTMLButtonElement>('prev-page').disabled = state.page <= 1
  $<HTMLButtonElement>('next-page').disabled = state.page >= state.pageTotal
}

function renderRepositories(repos: Repository[]): void {
  const rows = repos.map((repo) => {
    const row = document.createElement('tr')
    row.dataset.repo = repo.slug
    row.classList.toggle('selected', repo.slug === state.selected)
    for (const text of [repo.name, repo.slug, repo.repository_type_str, repo.package_count ?? ''])
      row.insertCell().textContent = String(text)
    const actions = row.insertCell()
    const pick = document.createElement('button')
    pick.textContent = 'Select'
    pick.className = 'select'
    pick.onclick = () => select(repo.slug)
    const remove = document.createElement('button')
    remove.textContent = 'Delete'
    remove.className = 'delete'
    remove.onclick = () => deleteRepository(repo.slug)
    actions.append(pick, remove)
    return row
  })
  $('repo-list').replaceChildren(...rows)
}

function select(slug: string | null): void {
  state.selected = slug
  $('upload-target').textContent = slug ? `${OWNER}/${slug}` : '(pick a repository)'
  $<HTMLButtonElement>('upload-submit').disabled = !slug
  for (const row of document.querySelectorAll<HTMLTableRowElement>('#repo-list tr'))
    row.classList.toggle('selected', row.dataset.repo === slug)
  void loadPackages()
}

async function createRepository(event: SubmitEvent): Promise<void> {
  event.preventDefault()
  const name = $<HTMLInputElement>('create-name')
  try {
    const { body } = await request<Repository>('POST', `/repos/${OWNER}/`, {
      name: name.value,
      repository_type_str: $<HTMLSelectElement>('create-type').value,
    })
    name.value = ''
    // Newest first is the API's default order: the new repository is on page 1.
    await loadRepositories(1)
    select(body.slug)
  } catch {
    // The panel shows the status and Cloudsmith's message (field errors included).
  }
}

async function deleteRepository(slug: string): Promise<void> {
  try {
    await request('DELETE', `/repos/${OWNER}/${slug}/`)
    if (state.selected === slug) select(null)
    await loadRepositories()
  } catch {
    // Reported in the panel.
  }
}

async function loadPackages(): Promise<void> {
  const list = $('package-list')
  if (!state.selected) return list.replaceChildren()
  try {
    const { body } = await request<Package[]>(
      'GET',
      `/packages/${OWNER}/${state.selected}/?page_size=5`,
    )
    list.replaceChildren(
      ...body.map((pkg) => {
        const item = document.createElement('li')
        item.textContent = `${pkg.name} ${pkg.version ?? ''} (${pkg.status_str})`
        return item
      }),
    )
  } catch {
    list.replaceChildren()
  }
}

function sampleFile(): File {
  state.uploads += 1
  const text = `Hello from the Cloudsmith mock demo, upload ${state.uploads}.\n`
  return new File([text], `demo-notes-1.0.${state.uploads}.txt`, { type: 'text/plain' })
}

async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer())
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** Cloudsmith's upload: request an upload URL, send the bytes there, create the package, poll its sync. */
async function upload(event: SubmitEvent): Promise<void> {
  event.preventDefault()
  const repo = state.selected
  if (!repo) return
  const status = $('upload-status')
  const progress = $<HTMLProgressElement>('upload-progress')
  const file = $<HTMLInputElement>('upload-file').files?.[0] ?? sampleFile()
  progress.value = 0
  delete status.dataset.done
  try {
    status.textContent = `Requesting an upload URL for ${file.name}…`
    const { body: target } = await request<FileUpload>('POST', `/files/${OWNER}/${repo}/`, {
      filename: file.name,
      sha256_checksum: await sha256(file),
    })
    status.textContent = 'Sending the file…'
    const form = new FormData()
    for (const [field, value] of Object.entries(target.upload_fields ?? {}))
      form.append(field, value)
    form.append('file', file)
    await request('POST', target.upload_url, form, { anonymous: true })
    status.textContent = 'Creating the package…'
    // Named and versioned as `cloudsmith push raw --name --version` does: a raw file alone is
    // named after its whole filename, with no version (docs/package-identity.md).
    const { body: pkg } = await request<Package>('POST', `/packages/${OWNER}/${repo}/upload/raw/`, {
      package_file: target.identifier,
      name: 'demo-notes',
      version: `1.0.${state.uploads}`,
    })
    for (;;) {
      const { body: sync } = await request<PackageStatus>(
        'GET',
        `/packages/${OWNER}/${repo}/${pkg.slug_perm}/status/`,
      )
      progress.value = sync.sync_progress
      status.textContent = `${pkg.name} ${pkg.version ?? ''}: ${sync.status_str} (${sync.stage_str})`
      if (sync.is_sync_failed) status.textContent += ` ${sync.status_reason ?? ''}`
      if (sync.is_sync_completed || sync.is_sync_failed) break
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
    status.dataset.done = 'true'
    await Promise.all([loadPackages(), loadRepositories()])
  } catch (error) {
    status.textContent = `Upload failed: ${message(error)}`
    status.dataset.done = 'false'
  }
}

async function main(): Promise<void> {
  // In a real app: `if (import.meta.env.DEV)` around this, so production talks to Cloudsmith.
  // `?mock=off` plays that production build: the API is then whatever the browser reaches (the
  // Playwright tests answer it with `cloudsmith-mock/playwright` instead of a Service Worker).
  if (new URLSearchParams(location.search).get('mock') !== 'off')
    await startMockWorker({ seed: 1, quiet: true })
  mountPanel(() => void loadRepositories())
  $('prev-page').onclick = () => loadRepositories(state.page - 1)
  $('next-page').onclick = () => loadRepositories(state.page + 1)
  $('refresh').onclick = () => loadRepositories()
  $<HTMLFormElement>('create-form').addEventListener('submit', createRepository)
  $<HTMLFormElement>('upload-form').addEventListener('submit', upload)
  await loadRepositories(1)
  document.body.dataset.ready = 'true'
}

void main()
