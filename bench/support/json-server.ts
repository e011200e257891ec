/**
 * json-server, the peer whose cold start issue 17 point 4 sets as the bar ("below json-server's").
 * The "< 200 ms" was json-server's time on the machine it was written on; measured in
 * the same run as the mock, on the same machine, the comparison holds wherever the bench runs.
 *
 * A full run installs it (npm's `latest`, pinned below) into node_modules/.cache/, outside the
 * project's dependencies: `npm ci` and `npm test` never fetch it. A smoke run uses it only when
 * a full run left it there.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { ROOT } from './processes.ts'

/** npm's `latest` tag of json-server on 2026-11-30 (`npm view json-server dist-tags`). */
export const JSON_SERVER_VERSION = '0.17.4'

const DIR = `${ROOT}node_modules/.cache/bench-peers/json-server-${JSON_SERVER_VERSION}/`
const PACKAGE = `${DIR}node_modules/json-server/`

/**
 * json-server's own start-up file (its package.json `bin`) and a small database for it,
 * installed with `npm install` when missing and `install` is set. Null when there is none.
 */
export function jsonServer(install: boolean): { bin: string; db: string } | null {
  if (!existsSync(`${PACKAGE}package.json`)) {
    if (!install) return null
    mkdirSync(DIR, { recursive: true })
    writeFileSync(`${DIR}package.json`, '{"private": true}\n')
    process.stderr.write(`bench: installing json-server@${JSON_SERVER_VERSION} into ${DIR}\n`)
    try {
      execFileSync(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--prefix',
          DIR,
          `json-server@${JSON_SERVER_VERSION}`,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      )
    } catch {
      return null
    }
  }
  const { bin } = JSON.parse(readFileSync(`${PACKAGE}package.json`, 'utf8')) as { bin: string }
  const db = `${DIR}db.json`
  // One collection, as small as the mock's answer to GET /v1/user/self/ is.
  writeFileSync(db, JSON.stringify({ repos: [{ id: 1, name: 'java' }] }))
  return { bin: `${PACKAGE}${bin}`, db }
}
