/**
 * The prebuilt browser bundle: built for platform 'browser', and the build refuses any path by
 * which a Node built-in could reach it.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { buildBrowserBundle } from '../../scripts/build-browser.ts'

const results = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results')

describe('buildBrowserBundle', () => {
  it('bundles the browser adapter with the core, msw and no Node built-in', async () => {
    const metafile = await buildBrowserBundle({
      outfile: path.join(results, 'bundle-check/cloudsmith-mock.js'),
    })
    const inputs = Object.keys(metafile.inputs)
    expect(inputs).toContain('src/adapters/browser/start-mock-worker.ts')
    expect(inputs).toContain('src/create-mock.ts')
    expect(inputs.some((input) => input.startsWith('node_modules/msw/lib/browser/'))).toBe(true)
    expect(
      inputs.filter((input) => input.startsWith('node:') || input.includes('msw/lib/node/')),
    ).toEqual([])
  })

  it('fails, naming the importing file, when a module imports a Node built-in', async () => {
    const dir = path.join(results, 'bundle-check')
    await mkdir(dir, { recursive: true })
    const entry = path.join(dir, 'uses-fs.ts')
    await writeFile(
      entry,
      "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n",
    )
    await expect(
      buildBrowserBundle({ entry, outfile: path.join(dir, 'uses-fs.js') }),
    ).rejects.toThrow(
      /Node-only module "node:fs" reached the browser bundle from test-results\/bundle-check\/uses-fs\.ts/,
    )
  })
})
