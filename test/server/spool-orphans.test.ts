/**
 * A killed server (kill -9, a test runner's SIGKILL) never removes its spool directory of kept
 * upload bytes (docs/downloads.md). The next server removes the directories of servers that are
 * gone, and leaves those of servers still running.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startServer, stopAll } from './support/cli.ts'

const dir = mkdtempSync(join(tmpdir(), 'spool-orphans-'))
afterAll(async () => {
  await stopAll()
  rmSync(dir, { recursive: true, force: true })
})

describe('spool directories', () => {
  it("removes a killed server's directory at start-up, keeps a live one's and makes its own", async () => {
    // No process has pid 2^22 + 1 on Linux (pid_max is at most 2^22).
    const orphan = join(dir, `cloudsmith-mock-spool-${2 ** 22 + 1}-AbCdEf`)
    const live = join(dir, `cloudsmith-mock-spool-${process.pid}-GhIjKl`)
    for (const path of [orphan, live]) {
      mkdirSync(path)
      writeFileSync(join(path, '1.bin'), 'kept bytes')
    }
    const server = await startServer(['--quiet'], { TMPDIR: dir })
    expect(existsSync(orphan)).toBe(false)
    expect(existsSync(live)).toBe(true)
    const own = readdirSync(dir).filter((name) =>
      name.startsWith(`cloudsmith-mock-spool-${server.child.pid}-`),
    )
    expect(own).toHaveLength(1)
    await server.stop()
  })
})
