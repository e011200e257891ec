/**
 * `--persist` as a snapshot plus a write log (issue 12 point 2: group saves share one fsync).
 * A write appends the records it changed to FILE.log; start-up loads the snapshot and replays
 * every complete entry; a torn last entry (kill -9 in the middle of an append) is dropped; a log
 * damaged before its last entry is a one-line start-up error. Real processes, real kill -9.
 */
import { appendFile, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { call, runCli, startServer, stopAll, type RunningServer } from '../server/support/cli.ts'

afterAll(stopAll)

const stateFile = async () =>
  join(await mkdtemp(join(tmpdir(), 'cloudsmith-mock-log-')), 'state.json')

const describeRepo = (server: RunningServer, slug: string, description: string) =>
  call(server, 'PATCH', `/v1/repos/acme/${slug}/`, { json: { description } })

const descriptionOf = async (server: RunningServer, slug: string) =>
  (await call<{ description: string }>(server, 'GET', `/v1/repos/acme/${slug}/`)).body.description

/** Starts a server, makes `count` acknowledged writes, kills it with SIGKILL. */
async function writeThenKill(file: string, count: number) {
  const server = await startServer(['--quiet', '--persist', file])
  for (let i = 0; i < count; i++)
    expect((await describeRepo(server, 'web-assets', `logged ${i}`)).status).toBe(200)
  expect((await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'logged' } })).status).toBe(
    201,
  )
  expect((await call(server, 'DELETE', '/v1/repos/acme/logged/')).status).toBeLessThan(300)
  expect(
    (await call(server, 'POST', '/v1/repos/acme/', { json: { name: 'kept-by-log' } })).status,
  ).toBe(201)
  server.child.kill('SIGKILL')
  await server.exited
}

describe('--persist: snapshot plus write log', { timeout: 60_000 }, () => {
  it('writes then kill -9 -> they are in the log, not the snapshot; the restart replays them and folds the log in', async () => {
    const file = await stateFile()
    await writeThenKill(file, 5)
    // The acknowledged writes went to the log only: the snapshot is the start-up one.
    const snapshot = await readFile(file, 'utf8')
    expect(snapshot).not.toContain('kept-by-log')
    const log = await readFile(`${file}.log`, 'utf8')
    expect(log.trimEnd().split('\n').length).toBeGreaterThanOrEqual(1)
    expect(log).toContain('kept-by-log')

    const server = await startServer(['--quiet', '--persist', file])
    expect(await descriptionOf(server, 'web-assets')).toBe('logged 4')
    expect((await call(server, 'GET', '/v1/repos/acme/kept-by-log/')).status).toBe(200)
    expect((await call(server, 'GET', '/v1/repos/acme/logged/')).status).toBe(404)
    const integrity = await call<{ problems: string[] }>(server, 'GET', '/__mock/integrity')
    expect(integrity.body.problems).toEqual([])
    // Start-up wrote a snapshot holding the replayed writes and removed the log.
    expect(await readdir(join(file, '..'))).toEqual(['state.json'])
    expect(await readFile(file, 'utf8')).toContain('kept-by-log')
    await server.stop()
  })

  it.each([
    ['an entry cut off before its line break', (line: string) => line.slice(0, 60)],
    ['a whole line whose bytes do not match its checksum', (line: string) => `${line}\n`],
  ])('a torn last entry (%s) -> ignored, every entry before it replayed', async (_name, tear) => {
    const file = await stateFile()
    await writeThenKill(file, 3)
    // What a crash mid-append leaves: an entry like the others (the last PATCH's), torn.
    const lines = (await readFile(`${file}.log`, 'utf8')).trimEnd().split('\n')
    const patch = lines.find((line) => line.includes('logged 2'))!
    await appendFile(`${file}.log`, tear(patch.replace('logged 2', 'torn write')))

    const server = await startServer(['--quiet', '--persist', file])
    expect(await descriptionOf(server, 'web-assets')).toBe('logged 2')
    expect((await call(server, 'GET', '/v1/repos/acme/kept-by-log/')).status).toBe(200)
    // The next write after the restart is kept too: nothing is appended after the torn bytes.
    expect((await describeRepo(server, 'web-assets', 'after the tear')).status).toBe(200)
    server.child.kill('SIGKILL')
    await server.exited
    const again = await startServer(['--quiet', '--persist', file])
    expect(await descriptionOf(again, 'web-assets')).toBe('after the tear')
    await again.stop()
  })

  it('a log damaged before its last entry -> one-line start-up error naming the log, exit 1, files untouched', async () => {
    const file = await stateFile()
    await writeThenKill(file, 2)
    const text = await readFile(`${file}.log`, 'utf8')
    const damaged = text.replace('logged 0', 'LOGGED 0')
    expect(damaged).not.toBe(text)
    await writeFile(`${file}.log`, damaged)
    const snapshot = await readFile(file, 'utf8')

    const result = await runCli(['serve', '--port', '0', '--persist', file])
    expect(result.code).toBe(1)
    expect(result.stderr.trim().split('\n')).toHaveLength(1)
    expect(result.stderr).toMatch(/Write log .*state\.json\.log cannot be read: line 1 is damaged/)
    expect(await readFile(`${file}.log`, 'utf8')).toBe(damaged)
    expect(await readFile(file, 'utf8')).toBe(snapshot)
  })

  it('SIGTERM -> one snapshot holding everything, no log left', async () => {
    const file = await stateFile()
    const server = await startServer(['--quiet', '--persist', file])
    expect((await describeRepo(server, 'web-assets', 'before SIGTERM')).status).toBe(200)
    expect((await stat(`${file}.log`)).size).toBeGreaterThan(0)
    expect((await server.stop('SIGTERM')).code).toBe(0)
    expect(await readdir(join(file, '..'))).toEqual(['state.json'])
    expect(await readFile(file, 'utf8')).toContain('before SIGTERM')
  })
})
