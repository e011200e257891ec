/**
 * Issue 11: a large answer a test never reads must not fail the run. The fault (undici's
 * `assert(!this.paused)` when msw's socket ends under a paused parser, nodejs/undici#5360) hit
 * after every test had passed, so these run a fixture file in a child vitest and a child jest
 * and assert on the child's exit code and output. The jest child uses dist: build first.
 */
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

interface Run {
  code: number | null
  output: string
}

function runNode(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { cwd: ROOT, env: { ...process.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
        resolve({ code, output: `${stdout}\n${stderr}` })
      },
    )
  })
}

describe.concurrent('large answers left unread', () => {
  it('pass a vitest file of ten of them (exit 0)', async () => {
    const run = await runNode([
      join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'test/node/fixtures/vitest.fixtures.config.ts',
    ])
    expect(run.output).not.toContain('assert(!this.paused)')
    expect(run.output).toMatch(/Tests\s+10 passed \(10\)/)
    expect(run.code).toBe(0)
  }, 120_000)

  it('pass a jest ESM file of ten of them (exit 0)', async () => {
    const run = await runNode([
      '--experimental-vm-modules',
      join(ROOT, 'node_modules/jest/bin/jest.js'),
      '--config',
      'test/node/fixtures/jest.fixtures.config.mjs',
    ])
    expect(run.output).not.toContain('assert(!this.paused)')
    expect(run.output).toMatch(/Tests:\s+10 passed, 10 total/)
    expect(run.code).toBe(0)
  }, 120_000)
})
