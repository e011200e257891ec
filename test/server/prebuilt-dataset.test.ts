/**
 * The bundled CLI (dist/cli/cloudsmith-mock.js, the package's `bin`) and the compiled package
 * (dist/src) start from a default dataset built at build time (scripts/build-cli.ts,
 * fixtures/default-snapshot.ts) instead of generating it with faker. They must hold exactly the
 * data `createMock()` builds from source, with the clock as `serve` runs it by default (real),
 * and with another seed fall back to building.
 */
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createMock } from '../../src/index.ts'
import { startServer, stopAll } from './support/cli.ts'

const CLI = fileURLToPath(new URL('../../dist/cli/cloudsmith-mock.js', import.meta.url))
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" before these tests`)

const KEY = { 'x-api-key': 'demo-api-key' }
afterAll(stopAll)

/** The bundled CLI's `serve --port 0 --quiet` under the real clock it runs by default; its URL. */
async function serve(args: string[]): Promise<string> {
  return (await startServer(['--quiet', ...args], {}, { bin: CLI, frozen: false })).url
}

/** What the dataset decides about each package of a repository (not URLs, which name the host). */
function packageFacts(list: Record<string, unknown>[]) {
  return list.map((p) => [
    p.slug_perm,
    p.name,
    p.version,
    p.description,
    p.uploaded_at,
    p.checksum_sha256,
    p.size,
    p.downloads,
  ])
}

const REPOSITORIES = ['acme/platform', 'acme/web-assets', 'acme/java', 'demo/sandbox']

async function overHttp(url: string, repository: string) {
  const response = await fetch(`${url}/v1/packages/${repository}/?page_size=500`, {
    headers: KEY,
  })
  expect(response.status).toBe(200)
  return packageFacts((await response.json()) as Record<string, unknown>[])
}

async function inProcess(mock: ReturnType<typeof createMock>, repository: string) {
  const response = await mock.handle(
    new Request(`https://api.cloudsmith.io/v1/packages/${repository}/?page_size=500`, {
      headers: KEY,
    }),
  )
  return packageFacts((await response.json()) as Record<string, unknown>[])
}

describe('the compiled package default dataset', () => {
  it('is the data createMock() builds from source', async () => {
    const built = (await import(
      '../../dist/src/index.js' as string
    )) as typeof import('../../src/index.ts')
    const mock = built.createMock()
    const source = createMock()
    await Promise.all([mock.ready(), source.ready()])
    const dataset = mock.snapshot().dataset
    expect(dataset.packages.length).toBe(360)
    expect(dataset).toEqual(source.snapshot().dataset)
  })
})

describe('the bundled CLI default dataset', () => {
  it('is the data createMock() builds, under the real clock serve runs by default', async () => {
    const url = await serve([])
    const mock = createMock()
    for (const repository of REPOSITORIES) {
      const served = await overHttp(url, repository)
      expect(served.length, repository).toBeGreaterThan(0)
      expect(served, repository).toEqual(await inProcess(mock, repository))
    }
  })

  it('is built afresh for another seed', async () => {
    const url = await serve(['--seed', '7'])
    const mock = createMock({ seed: 7 })
    const served = await overHttp(url, 'acme/platform')
    expect(served).toEqual(await inProcess(mock, 'acme/platform'))
    expect(served).not.toEqual(await inProcess(createMock(), 'acme/platform'))
  })
})
