/**
 * What `serve` prints: the start-up banner and one line per request.
 */
import { defaultCredentials } from '../../fixtures/index.ts'
import type { RequestLogEntry } from '../adapters/server/index.ts'

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host)
}

export interface BannerFacts {
  version: string
  url: string
  host: string
  admin: 'open' | 'token' | 'off'
  active: readonly string[]
  source: string
  restored: boolean
  counts: { repositories: number; packages: number }
  clock: { mode: 'frozen' | 'real'; now: number }
}

export function banner(facts: BannerFacts): string {
  const { demo, outsider } = defaultCredentials
  const admin = {
    open: `${facts.url}/__mock/ (health, scenarios, reset, journal, clock)`,
    token: `${facts.url}/__mock/ (needs Authorization: Bearer <admin token>)`,
    off: 'disabled (--no-admin)',
  }[facts.admin]
  const data = facts.restored ? `restored (${facts.source})` : facts.source
  return [
    `cloudsmith-mock ${facts.version} listening on ${facts.url}`,
    `  API          ${facts.url}/v1/ (also at the root, as api.cloudsmith.io)`,
    `  Credentials  X-Api-Key: ${demo.apiKey} (user ${demo.user}, owner of ${defaultCredentials.organisation}); ${outsider.apiKey} (user ${outsider.user})`,
    `  Scenarios    ${facts.active.join(', ')}`,
    `  Data         ${data}: ${facts.counts.repositories} repositories, ${facts.counts.packages} packages`,
    `  Clock        ${clockLine(facts.clock)}`,
    `  Admin        ${admin}`,
    '  Press Ctrl+C to stop.',
  ].join('\n')
}

function clockLine({ mode, now }: BannerFacts['clock']): string {
  const at = new Date(now).toISOString()
  return mode === 'real'
    ? `real, now ${at} (moves with wall-clock time; --clock frozen to stop it)`
    : `frozen at ${at} (moves only by POST /__mock/clock)`
}

export function exposureWarning(host: string): string {
  return `warning: listening on ${host}, not a loopback address: anyone who can reach this machine can use the mock and its admin API with the public demo credentials.`
}

export function requestLine(entry: RequestLogEntry): string {
  const status = entry.status === 0 ? 'dropped' : String(entry.status)
  const decided = entry.kind === 'admin' ? ' [admin]' : entry.scenario ? ` [${entry.scenario}]` : ''
  return `${entry.method} ${entry.path} ${status} ${entry.durationMs.toFixed(1)} ms${decided}`
}
