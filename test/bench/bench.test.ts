/**
 * The benchmarks in smoke mode (`node bench/run.ts --smoke`): every section runs end to end and
 * reports its figures and targets. No speed is asserted here, ever (bench/RESULTS.md holds the
 * measured figures); this only keeps the scripts from rotting. Runs the built CLI: `npm test`
 * builds first.
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

interface Results {
  mode: string
  machine: { cpu: string; cores: number; node: string }
  sections: {
    id: string
    figures: Record<string, number>
    targets: { target: string; measured: string; met: boolean }[]
  }[]
}

let directory: string
let exit: { code: number | null; stderr: string }
let results: Results
let markdown: string

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/cli/cloudsmith-mock.js')))
    throw new Error('the CLI bundle is missing: run "npm run build" before these tests')
  directory = await mkdtemp(join(tmpdir(), 'cloudsmith-mock-bench-test-'))
  const out = join(directory, 'RESULTS.md')
  const json = join(directory, 'results.json')
  const child = spawn(process.execPath, ['bench/run.ts', '--smoke', '--out', out, '--json', json], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  exit = { code, stderr }
  if (code === 0) {
    results = JSON.parse(await readFile(json, 'utf8')) as Results
    markdown = await readFile(out, 'utf8')
  }
}, 180_000)

afterAll(() => rm(directory, { recursive: true, force: true }))

describe('npm run bench -- --smoke', () => {
  it('exits 0', () => {
    expect(exit.stderr).not.toMatch(/Error/)
    expect(exit.code).toBe(0)
  })

  it('runs the five sections of issue 7 (a-e) in smoke mode', () => {
    expect(results.mode).toBe('smoke')
    expect(results.sections.map((section) => section.id)).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('reports every figure as a finite, non-negative number', () => {
    for (const section of results.sections) {
      expect(Object.keys(section.figures).length, section.id).toBeGreaterThan(0)
      for (const [name, value] of Object.entries(section.figures)) {
        expect(Number.isFinite(value), `${section.id} ${name} = ${value}`).toBe(true)
        expect(value, `${section.id} ${name}`).toBeGreaterThanOrEqual(0)
      }
    }
  })

  it('measures the mock and its baseline side by side, with their ratio', () => {
    const figures = Object.fromEntries(results.sections.map((s) => [s.id, s.figures]))
    for (const [id, measured, baseline, ratio] of [
      ['a', 'list.rps', 'list.bareRps', 'list.ratio'],
      ['a', 'pair.rps', 'pair.bareRps', 'pair.ratio'],
      ['b', 'list.mockUs', 'list.staticUs', 'list.ratio'],
      ['d', 'coldStartMs', 'bareColdStartMs', 'coldStartRatio'],
    ] as const) {
      const f = figures[id]!
      expect(f[measured], `${id} ${measured}`).toBeGreaterThan(0)
      expect(f[baseline], `${id} ${baseline}`).toBeGreaterThan(0)
      // One round in smoke mode: the ratio is exactly measured / baseline.
      expect(f[ratio]).toBeCloseTo(f[measured]! / f[baseline]!, 2)
    }
  })

  it('checks every target of point 2 (a-e) and says whether it is met', () => {
    const targets = results.sections.flatMap((section) => section.targets)
    for (const letter of ['a', 'b', 'c', 'd', 'e'])
      expect(
        targets.some((t) => t.target.startsWith(`${letter}. `)),
        letter,
      ).toBe(true)
    for (const t of targets) {
      expect(typeof t.met).toBe('boolean')
      expect(t.measured).toMatch(/\d/)
    }
  })

  it('writes the machine description and a section per measure to the results file', () => {
    expect(results.machine.cores).toBeGreaterThan(0)
    expect(markdown).toContain('## Machine')
    expect(markdown).toContain(`- CPU: ${results.machine.cpu}, ${results.machine.cores} cores`)
    expect(markdown).toContain(`Node ${results.machine.node}`)
    expect(markdown).toContain('| Target | Measured | Met |')
    for (const id of ['a', 'b', 'c', 'd', 'e'])
      expect(markdown).toMatch(new RegExp(`^## ${id}\\. `, 'm'))
  })
})
