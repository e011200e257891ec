/**
 * A package looks different in each state of its life (awaiting, in progress, completed,
 * failed, quarantined, without a version): every state's Package, PackageStatus and list entry
 * still validates against the document.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { contractProblems } from './overrides.ts'
import { API, createUpload, DEMO, DEMO_KEY } from './requests.ts'

const mock = createMock()
beforeEach(() => mock.reset())

async function call(operationId: string, method: string, path: string, body?: unknown) {
  const response = await mock.handle(
    new Request(`${API}${path}`, {
      method,
      headers: { 'X-Api-Key': DEMO_KEY, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  )
  const text = await response.text()
  const json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined
  expect(contractProblems(operationId, response.status, json), `${operationId}`).toBeNull()
  return { status: response.status, body: json }
}

const scenarios = ['happy', 'upload-processing', 'upload-sync-failed', 'quarantined'] as const
const uploads = [
  { format: 'raw', filename: 'README', body: {} },
  { format: 'raw', filename: 'tool-2.1.0.tar.gz', body: { name: 'tool', version: '2.1.0' } },
  { format: 'deb', filename: 'tool_1.0.0_amd64.deb', body: { distribution: 'ubuntu/jammy' } },
  { format: 'maven', filename: 'lib-1.0.0.jar', body: { group_id: 'io.acme', packaging: 'jar' } },
  {
    format: 'swift',
    filename: 'kit-1.0.0.zip',
    body: { name: 'kit', version: '1.0.0', scope: 'acme', author_name: 'Acme' },
  },
]

describe.each(scenarios)('uploaded under %s', (scenario) => {
  it.for(uploads.map((u) => [`${u.format} ${u.filename}`, u] as const))(
    '%s: every poll, read, list and action conforms',
    async ([, u]) => {
      mock.use(scenario)
      const packageFile = await createUpload(mock, DEMO, { send: true, filename: u.filename })
      const created = await call(
        `packages_upload_${u.format}`,
        'POST',
        `/packages/acme/platform/upload/${u.format}/`,
        { package_file: packageFile, ...u.body },
      )
      expect(created.status).toBe(201)
      const base = `/packages/acme/platform/${String(created.body!.slug_perm)}/`
      const states = new Set([String(created.body!.status_str)])
      for (let poll = 0; poll < 6; poll++) {
        const status = await call('packages_status', 'GET', `${base}status/`)
        states.add(String(status.body!.status_str))
        await call('packages_read', 'GET', base)
        await call('packages_list', 'GET', '/packages/acme/platform/?sort=-date&page_size=5')
      }
      // The scenario really moved the package through more than one state.
      if (scenario !== 'happy') expect(states.size).toBeGreaterThan(1)
      const settled = await call('packages_read', 'GET', base)
      if (settled.body!.is_resyncable) await call('packages_resync', 'POST', `${base}resync/`)
      await call('packages_quarantine', 'POST', `${base}quarantine/`, {})
      await call('packages_quarantine', 'POST', `${base}quarantine/`, { release: true })
      await call('packages_tag', 'POST', `${base}tag/`, { action: 'Add', tags: ['states'] })
      await call('packages_tag', 'POST', `${base}tag/`, { action: 'Clear' })
    },
  )
})

it('a package without a version still has a string version_orig', async () => {
  const packageFile = await createUpload(mock, DEMO, { send: true, filename: 'README' })
  const created = await call('packages_upload_raw', 'POST', '/packages/acme/platform/upload/raw/', {
    package_file: packageFile,
  })
  expect(created.body).toMatchObject({ version: null, version_orig: '' })
})
