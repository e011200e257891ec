/**
 * Issue 18 point 2: the coverage reporters, run as a user runs them: a child vitest and a child
 * jest over the fixture project in fixtures/coverage/ (two test files, so two workers hand their
 * counts over), importing the built package by name (build first). Checked: the printed table,
 * the JSON file and the exit code. The fixture sends repos_create 201 twice, 422 once (a body
 * without a name) and 429 once (forced), and user_self once; repos_create's documented statuses
 * are 201, 400, 404, 422 (spec/openapi.json) plus 401, 403, 429, 500, 502, 503 for any call.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { CoverageRunResult } from '../../src/adapters/testing/coverage-run.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const FIXTURE = 'test/server/fixtures/coverage'

interface Run {
  code: number | null
  output: string
  json: CoverageRunResult
}

function run(runner: 'vitest' | 'jest', required: Record<string, number[]>): Promise<Run> {
  const jsonFile = join(mkdtempSync(join(tmpdir(), 'coverage-json-')), 'out', 'coverage.json')
  const args =
    runner === 'vitest'
      ? [
          join(ROOT, 'node_modules/vitest/vitest.mjs'),
          'run',
          '--config',
          `${FIXTURE}/vitest.config.mjs`,
        ]
      : [
          '--experimental-vm-modules',
          join(ROOT, 'node_modules/jest/bin/jest.js'),
          '--config',
          `${FIXTURE}/jest.config.mjs`,
        ]
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: 'true',
    FORCE_COLOR: '0',
    NO_COLOR: '1',
    COVERAGE_JSON: jsonFile,
    REQUIRE_STATUSES: JSON.stringify(required),
  }
  delete env.CLOUDSMITH_MOCK_COVERAGE_DIR
  delete env.VITEST
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as CoverageRunResult
      resolve({ code, output: `${stdout}\n${stderr}`, json })
    })
  })
}

const REPOS_ROW = /repos_create\s+201×2 422×1 429×1\s+400 401 403 404 500 502 503\n/
const USER_ROW = /user_self\s+200×1\s+400 401 403 404 422 429 500 502 503/

describe.concurrent.each(['vitest', 'jest'] as const)('the %s coverage reporter', (runner) => {
  it('prints the table of both files, writes the JSON and passes when requirements are met', async () => {
    const result = await run(runner, { repos_create: [201, 422, 429] })
    expect(result.output).toContain('cloudsmith-mock coverage: 5 requests to 2 operations')
    expect(result.output).toMatch(/operation\s+answered\s+untested\s+undocumented/)
    expect(result.output).toMatch(REPOS_ROW)
    expect(result.output).toMatch(USER_ROW)
    expect(result.json.requests).toBe(5)
    expect(result.json.operations.find((row) => row.operationId === 'repos_create')).toEqual({
      operationId: 'repos_create',
      answered: { 201: 2, 422: 1, 429: 1 },
      documented: [201, 400, 401, 403, 404, 422, 429, 500, 502, 503],
      untested: [400, 401, 403, 404, 500, 502, 503],
      undocumented: [],
    })
    expect(result.json.unmet).toEqual({})
    expect(result.code, result.output).toBe(0)
  }, 120_000)

  it('fails the run, naming what was never answered, when requirements are unmet', async () => {
    const result = await run(runner, {
      repos_create: [201, 400],
      packages_upload_raw: [201, 422, 429],
    })
    expect(result.output).toContain(
      'Required statuses never answered:\n  repos_create: 400\n  packages_upload_raw: 201, 422, 429',
    )
    expect(result.json.unmet).toEqual({
      repos_create: [400],
      packages_upload_raw: [201, 422, 429],
    })
    expect(result.code).toBe(1)
  }, 120_000)
})
