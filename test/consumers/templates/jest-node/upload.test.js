// upload.test.js
/* global fetch, FormData, Blob -- Node's */
import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals'
import { setupMockServer } from 'cloudsmith-mock/node'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

const API = 'https://api.cloudsmith.io/v1'
const headers = { 'X-Api-Key': 'demo-api-key', 'Content-Type': 'application/json' }

async function upload(packageFile, prefer) {
  const response = await fetch(`${API}/packages/acme/platform/upload/raw/`, {
    method: 'POST',
    headers: prefer ? { ...headers, Prefer: prefer } : headers,
    body: JSON.stringify({ package_file: packageFile }),
  })
  return response.status
}

it('uploads a file', async () => {
  const created = await fetch(`${API}/files/acme/platform/`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ filename: 'tool-1.0.0.tar.gz' }),
  })
  const { identifier, upload_url, upload_fields } = await created.json()
  const form = new FormData()
  for (const [name, value] of Object.entries(upload_fields)) form.append(name, String(value))
  form.append('file', new Blob(['bytes']), 'tool-1.0.0.tar.gz')
  await fetch(upload_url, { method: 'POST', body: form })
  expect(await upload(identifier)).toBe(201)
})

it('reports an unknown file', async () => {
  expect(await upload('no-such-file')).toBe(422)
})

it('backs off when rate limited', async () => {
  expect(await upload('no-such-file', 'code=429')).toBe(429)
})
