/**
 * The complete examples of docs/matchers.md, docs/coverage.md, docs/devtools.md and
 * docs/playwright.md are the files the consumer matrix runs (test/consumers, issue 18 point 5):
 * each code block here must equal, character for character, the file a row copies into its
 * fresh project.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ROWS } from '../consumers/rows.ts'

const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8')
const template = (file: string) => read(`test/consumers/templates/${file}`)

/** The fenced code blocks of a docs page, each with the newline before its closing fence. */
const codeBlocks = (page: string) =>
  [...read(`docs/${page}`).matchAll(/^```\w*\n([\s\S]*?)^```$/gm)].map((match) => match[1]!)

/** The one block of `page` that begins with `firstLine`. */
function block(page: string, firstLine: string): string {
  const found = codeBlocks(page).filter((code) => code.split('\n')[0] === firstLine)
  expect(found, `${page}: blocks starting with ${firstLine}`).toHaveLength(1)
  return found[0]!
}

describe('the docs show the files the consumer matrix runs', () => {
  it('docs/matchers.md: the vitest and the jest example', () => {
    expect(block('matchers.md', '// matchers.test.js')).toBe(
      template('vitest-node/matchers.test.js'),
    )
    expect(
      block(
        'matchers.md',
        "// matchers.test.js (jest: jest.config.mjs has setupFilesAfterEnv: ['cloudsmith-mock/jest'])",
      ),
    ).toBe(template('jest-node/matchers.test.js'))
  })

  it('docs/coverage.md: both reporter configs and the test file', () => {
    expect(block('coverage.md', '// vitest.config.ts')).toBe(
      template('vitest-node/vitest.config.ts'),
    )
    expect(block('coverage.md', '// jest.config.mjs')).toBe(template('jest-node/jest.config.mjs'))
    const upload = block('coverage.md', '// upload.test.js')
    expect(upload).toBe(template('vitest-node/upload.test.js'))
    // The page's one change for jest: the import.
    const forJest = upload.replace(
      "import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'",
      "import { afterAll, afterEach, beforeAll, expect, it } from '@jest/globals'",
    )
    expect(forJest).not.toBe(upload)
    expect(template('jest-node/upload.test.js')).toBe(forJest)
  })

  it('docs/devtools.md: the page without a bundler', () => {
    const html = codeBlocks('devtools.md').filter((code) => code.startsWith('<!doctype html>'))
    expect(html).toHaveLength(1)
    expect(template('script-page/public/devtools.html')).toBe(html[0])
  })

  it('docs/playwright.md: the config and the spec', () => {
    expect(block('playwright.md', '// playwright.config.ts')).toBe(
      template('playwright/playwright.config.ts'),
    )
    expect(block('playwright.md', '// e2e/repositories.spec.ts')).toBe(
      template('playwright/e2e/repositories.spec.ts'),
    )
  })

  it('the rows run those files: through configs that load the docs configs', () => {
    const row = (id: string) => ROWS.find((r) => r.id === id)
    expect(row('vitest-node')).toMatchObject({
      config: 'vitest.matrix.config.js',
      coverageReport: 'reports/mock-coverage.json',
    })
    expect(row('jest-node')).toMatchObject({
      config: 'jest.matrix.config.js',
      coverageReport: 'reports/mock-coverage.json',
    })
    expect(row('script-page')).toMatchObject({ kind: 'script-page', sharedInto: 'public' })
    // The playwright row expects every test of the docs' spec, by title, and no other.
    const spec = template('playwright/e2e/repositories.spec.ts')
    const titles = [...spec.matchAll(/^\s*test\((['"])(.*?)\1,/gm)].map((match) => match[2])
    expect(titles).toHaveLength(4)
    expect(row('playwright')).toMatchObject({ kind: 'playwright', base: 'playwright' })
    expect([...(row('playwright')?.checks ?? [])].sort()).toEqual(titles.sort())
    const vitestMatrix = template('vitest-node/vitest.matrix.config.js')
    expect(vitestMatrix).toContain("import config from './vitest.config.ts'")
    const jestMatrix = template('jest-node/jest.matrix.config.js')
    expect(jestMatrix).toContain("import config from './jest.config.mjs'")
    for (const matrix of [vitestMatrix, jestMatrix])
      for (const file of ['matchers.test.js', 'upload.test.js']) expect(matrix).toContain(file)
  })
})
