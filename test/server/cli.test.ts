/**
 * The `cloudsmith-mock` command line as a user runs it: the small commands, config files, and a
 * clear one-line error with exit code 1 for every start-up mistake.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { builtInScenarioNames, type Dataset } from '../../src/index.ts'
import { call, runCli, startServer, stopAll } from './support/cli.ts'

afterAll(stopAll)

const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string
}
const tempDir = () => mkdtemp(join(tmpdir(), 'cloudsmith-mock-cli-'))

/** A failed start: exit 1, nothing listening, exactly one line on stderr. */
async function expectStartError(args: string[], message: RegExp) {
  const result = await runCli(['serve', '--port', '0', ...args])
  expect(result.code).toBe(1)
  expect(result.stdout).not.toContain('listening')
  const lines = result.stderr.trim().split('\n')
  expect(lines).toHaveLength(1)
  expect(lines[0]).toMatch(message)
}

// Every case starts at least one process, and the CI machine has two cores: be patient.
const slow = { timeout: 90_000 }

describe.concurrent('commands', slow, () => {
  it('--version prints the package version', async () => {
    const result = await runCli(['--version'])
    expect(result.code).toBe(0)
    expect(result.stdout.trim()).toBe(pkg.version)
  })

  it('--help lists the commands and examples', async () => {
    const result = await runCli(['--help'])
    expect(result.code).toBe(0)
    for (const command of ['serve', 'scenarios', 'fixtures', 'init'])
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'))
    expect(result.stdout).toContain('Examples:')
    // A continued example is pasted into a shell as printed: the line ends in a backslash.
    expect(result.stdout).toMatch(
      /"server-error"\]}' \\\n {6}http:\/\/127\.0\.0\.1:8787\/__mock\/scenarios\n/,
    )
    const serve = await runCli(['serve', '--help'])
    for (const flag of ['--port', '--host', '--seed', '--preset', '--scenario', '--config'])
      expect(serve.stdout).toContain(flag)
    for (const flag of ['--latency', '--rate-limit', '--persist', '--no-admin', '--quiet'])
      expect(serve.stdout).toContain(flag)
  })

  it('scenarios lists every built-in scenario with its description', async () => {
    const result = await runCli(['scenarios'])
    expect(result.code).toBe(0)
    const names = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(/\s+/)[0])
    expect(names).toEqual([...builtInScenarioNames])
    expect(result.stdout).toMatch(/^rate-limited +\S/m)
  })

  it('fixtures prints the dataset as JSON: same seed, same bytes; --preset empty', async () => {
    const [a, b, empty] = await Promise.all([
      runCli(['fixtures', '--seed', '3']),
      runCli(['fixtures', '--seed', '3']),
      runCli(['fixtures', '--preset', 'empty', '--seed', '4']),
    ])
    expect(a.code).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const dataset = JSON.parse(a.stdout) as Dataset
    // README: demo and outsider, org acme with six repositories, demo/sandbox, outsider/secret.
    expect(dataset.apiKeys.map((k) => k.key).sort()).toEqual(['demo-api-key', 'outsider-api-key'])
    expect(dataset.repositories).toHaveLength(8)
    expect(dataset.packages).toHaveLength(360)

    const none = JSON.parse(empty.stdout) as Dataset
    expect(none.repositories).toEqual([])
    expect(none.packages).toEqual([])
    const acme = (d: Dataset) => d.namespaces.find((n) => n.slug === 'acme')
    expect(acme(none)).toBeDefined()
    expect(acme(none)?.slug_perm).not.toBe(acme(dataset)?.slug_perm)
  })

  it("init copies msw's mockServiceWorker.js into the public directory", async () => {
    const dir = join(await tempDir(), 'public')
    const result = await runCli(['init', dir])
    expect(result.code).toBe(0)
    const source = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js')
    expect(await readFile(join(dir, 'mockServiceWorker.js'), 'utf8')).toBe(
      await readFile(source, 'utf8'),
    )
  })
})

describe('config files', slow, () => {
  it('takes seed, custom scenarios and active scenarios from a JSON file; flags win', async () => {
    const file = join(await tempDir(), 'mock.json')
    await writeFile(
      file,
      JSON.stringify({
        preset: 'empty',
        customScenarios: [{ name: 'teapot', rules: [{ operations: 'user_self', status: 503 }] }],
        scenarios: ['teapot'],
      }),
    )
    const server = await startServer(['--quiet', '--config', file, '--preset', 'default'])
    expect(server.stdout()).toMatch(/Scenarios +teapot/)
    expect((await call(server, 'GET', '/v1/user/self/')).status).toBe(503)
    const repos = await call<unknown[]>(server, 'GET', '/v1/repos/acme/')
    expect(repos.body).toHaveLength(6)
    await server.stop()
  })

  it('a config file with now as an ISO date-time starts the clock there', async () => {
    const file = join(await tempDir(), 'clock.json')
    await writeFile(file, JSON.stringify({ preset: 'empty', now: '2026-02-01T02:30:00+02:00' }))
    const server = await startServer(['--quiet', '--config', file])
    const clock = await call(server, 'GET', '/__mock/clock')
    expect(clock.body).toEqual({
      mode: 'frozen',
      now: '2026-02-01T00:30:00.000Z',
      epochMs: Date.UTC(2026, 1, 1, 0, 30),
    })
    await server.stop()
  })

  it('runs a TypeScript config module whose default export builds the options', async () => {
    const file = join(await tempDir(), 'mock.config.ts')
    await writeFile(
      file,
      [
        'const limit: number = 1',
        'export default () => ({',
        '  rateLimit: `${limit}/1h`,',
        '  latency: 0,',
        '})',
      ].join('\n'),
    )
    const server = await startServer(['--quiet', '--config', file])
    expect((await call(server, 'GET', '/v1/user/self/')).status).toBe(200)
    expect((await call(server, 'GET', '/v1/user/self/')).status).toBe(429)
    await server.stop()
  })
})

describe.concurrent('start-up errors: one line, exit 1', slow, () => {
  it('an unknown scenario names the valid ones', () =>
    expectStartError(['--scenario', 'nope'], /unknown scenario "nope"\. Valid scenarios: happy,/))

  it('an unknown preset names the valid ones', () =>
    expectStartError(
      ['--preset', 'huge'],
      /Unknown preset "huge"\. Valid presets: empty, default, large/,
    ))

  it('a missing config file', async () =>
    expectStartError(
      ['--config', join(await tempDir(), 'missing.json')],
      /Cannot read config file .*missing\.json/,
    ))

  it('a config file that is not JSON', async () => {
    const file = join(await tempDir(), 'broken.json')
    await writeFile(file, '{ "seed": 1,')
    await expectStartError(['--config', file], /Config file .*broken\.json is not valid JSON/)
  })

  it('a config file with an unknown option or a wrong type', async () => {
    const file = join(await tempDir(), 'typo.json')
    await writeFile(file, JSON.stringify({ sead: 1, port: 'eighty' }))
    await expectStartError(
      ['--config', file],
      /Invalid config file .*typo\.json: unknown option "sead" \(did you mean "seed"\?\)\. Valid options: seed, .*; option "port" must be a number; got "eighty"/,
    )
  })

  it('a config file with an unknown sync outcome names the valid ones', async () => {
    const file = join(await tempDir(), 'sync.json')
    await writeFile(file, JSON.stringify({ sync: { outcome: 'done' } }))
    await expectStartError(
      ['--config', file],
      /Invalid config file .*sync\.json: option "sync\.outcome" must be one of "completed", "failed", "quarantined"; got "done" \(a string\)$/,
    )
  })

  it('a config file with now that is no time', async () => {
    const file = join(await tempDir(), 'now.json')
    await writeFile(file, JSON.stringify({ now: 'next tuesday' }))
    await expectStartError(
      ['--config', file],
      /Invalid config file .*now\.json: option "now" must be epoch ms, an ISO 8601 date-time/,
    )
  })

  it('a config file with an invalid scenario rule', async () => {
    const file = join(await tempDir(), 'rules.json')
    await writeFile(
      file,
      JSON.stringify({
        customScenarios: [{ name: 'bad', rules: [{ operations: 'nope', status: 500 }] }],
      }),
    )
    await expectStartError(
      ['--config', file],
      /Invalid scenario "bad": .*unknown operation id "nope"/,
    )
  })

  it('a malformed --rate-limit or --port', async () => {
    await expectStartError(['--rate-limit', 'lots'], /Invalid rate limit "lots"/)
    await expectStartError(['--port', '70000'], /port from 0 to 65535/)
  })

  it('a port already in use', async () => {
    const first = await startServer(['--quiet'])
    const port = new URL(first.url).port
    const result = await runCli(['serve', '--port', port])
    expect(result.code).toBe(1)
    expect(result.stderr.trim()).toBe(
      `cloudsmith-mock: error: Port ${port} is already in use on 127.0.0.1; stop the other process or pick another with --port (0 picks a free one).`,
    )
    await first.stop()
  })
})
