/**
 * What `npm publish` would ship, read from `npm pack --dry-run --json`: every source map carries
 * or ships the sources it names, and every relative link in the shipped Markdown (the README is
 * the npm page) lands on a file in the package. Needs `npm run build` first, like test/server.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

interface PackEntry {
  path: string
}

interface SourceMap {
  sources: string[]
  sourceRoot?: string
  sourcesContent?: (string | null)[]
}

let files: Set<string>

beforeAll(() => {
  if (!existsSync(path.join(root, 'dist/src/index.js')))
    throw new Error('dist/ is missing: run "npm run build" before these tests')
  // --ignore-scripts: list what is there now; a prepack build is not this test's business.
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [pack] = JSON.parse(out) as [{ files: PackEntry[] }]
  files = new Set(pack.files.map((file) => file.path))
})

const read = (file: string) => readFileSync(path.join(root, file), 'utf8')

describe('npm pack', () => {
  it('ships the compiled entry points, the CLI and the browser bundle', () => {
    for (const file of [
      'package.json',
      'README.md',
      'dist/src/index.js',
      'dist/src/adapters/node/index.js',
      'dist/src/adapters/playwright/index.js',
      'dist/src/adapters/vitest/index.js',
      'dist/src/adapters/jest/index.js',
      'dist/src/adapters/vitest-reporter/index.js',
      'dist/src/adapters/jest-reporter/index.js',
      'dist/cli/cloudsmith-mock.js',
      'dist/browser/cloudsmith-mock.js',
    ])
      expect(files, file).toContain(file)
  })

  // The bin imports the bundle beside it, which reads data files and requires lazy modules by
  // paths relative to itself (scripts/build-cli.ts): each must be in the package.
  it('ships every file the CLI loads from beside itself', () => {
    const bin = 'dist/cli/cloudsmith-mock.js'
    const bundle = /import\('\.\/([^']+)'\)/.exec(read(bin))?.[1]
    expect(bundle, 'the bundle the bin imports').toBeDefined()
    const loaded = [bin, `dist/cli/${bundle}`]
    for (const [, relative] of read(`dist/cli/${bundle}`).matchAll(/"\.\/((?:data|lazy)\/[^"]+)"/g))
      loaded.push(`dist/cli/${relative}`)
    expect(loaded.length).toBeGreaterThan(4)
    expect(loaded.filter((file) => !files.has(file))).toEqual([])
  })

  it('ships each source map with the sources it names (inline or as files)', () => {
    const maps = [...files].filter((file) => file.endsWith('.map'))
    expect(maps.length).toBeGreaterThan(0)
    const missing: string[] = []
    for (const file of maps) {
      const map = JSON.parse(read(file)) as SourceMap
      map.sources.forEach((source, i) => {
        if (typeof map.sourcesContent?.[i] === 'string') return
        const shipped = path.posix.join(path.posix.dirname(file), map.sourceRoot ?? '', source)
        if (!files.has(shipped)) missing.push(`${file} -> ${source}`)
      })
    }
    expect(missing).toEqual([])
  })

  it('ships the map each compiled file points to', () => {
    const dangling: string[] = []
    for (const file of files) {
      if (!file.endsWith('.js')) continue
      const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(read(file))?.[1]
      if (url === undefined || url.startsWith('data:')) continue
      const target = path.posix.join(path.posix.dirname(file), url)
      if (!files.has(target)) dangling.push(`${file} -> ${url}`)
    }
    expect(dangling).toEqual([])
  })

  it('ships every file that the README and the docs link to', () => {
    const markdown = [...files].filter((file) => file.endsWith('.md'))
    expect(markdown).toContain('docs/browser.md')
    const broken: string[] = []
    for (const file of markdown) {
      for (const [, target] of read(file).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!) || target!.startsWith('#')) continue
        const linked = path.posix.join(path.posix.dirname(file), target!.split('#')[0]!)
        if (!files.has(linked)) broken.push(`${file} -> ${target}`)
      }
    }
    expect(broken).toEqual([])
  })

  it('names its repository, so the npm page links back to the source', () => {
    const manifest = JSON.parse(read('package.json')) as { repository?: { url?: string } }
    expect(manifest.repository?.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/)
  })
})
