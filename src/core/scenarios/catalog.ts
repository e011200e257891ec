/** The built-in scenarios: one vocabulary for every runtime (tests, server, browser). */
import type { BuiltInScenarioName, ScenarioDefinition } from './types.ts'

const readOps = [
  'repos_read',
  'packages_read',
  'packages_status',
  'namespaces_read',
  'files_info',
] as const
const listOps = ['repos_user_list', 'repos_namespace_list', 'packages_list'] as const

export const builtInScenarios: Record<BuiltInScenarioName, ScenarioDefinition> = {
  happy: { name: 'happy', description: 'Natural behaviour: the answer the real API would give.' },
  unauthorized: {
    name: 'unauthorized',
    description: 'Every operation answers 401 "Authentication credentials were not provided."',
    rules: [{ status: 401 }],
  },
  forbidden: {
    name: 'forbidden',
    description: 'Every operation answers 403 "You do not have permission to perform this action."',
    rules: [{ status: 403 }],
  },
  'not-found': {
    name: 'not-found',
    description: 'Every operation answers 404 "Not found."',
    rules: [{ status: 404 }],
  },
  'validation-error': {
    name: 'validation-error',
    description:
      "Every operation answers 422 with `fields` naming the operation's own request fields.",
    rules: [{ status: 422 }],
  },
  'rate-limited': {
    name: 'rate-limited',
    description:
      "Every caller's window is spent: 429 with Retry-After and X-RateLimit-* as /rates/limits/ reports them.",
    throttle: true,
  },
  'server-error': {
    name: 'server-error',
    description: 'Every operation answers 500.',
    rules: [{ status: 500 }],
  },
  'bad-gateway': {
    name: 'bad-gateway',
    description: 'Every operation answers 502.',
    rules: [{ status: 502 }],
  },
  'service-unavailable': {
    name: 'service-unavailable',
    description: 'Every operation answers 503 with Retry-After: 30.',
    rules: [{ status: 503, headers: { 'Retry-After': '30' } }],
  },
  slow: {
    name: 'slow',
    description: 'Natural answers, each after a 1,500 ms delay.',
    rules: [{ delay: 1500 }],
  },
  'network-error': {
    name: 'network-error',
    description:
      'Every request fails as a network failure (fetch rejects; the server drops the socket).',
    rules: [{ networkError: true }],
  },
  'upload-processing': {
    name: 'upload-processing',
    description:
      'New packages walk awaiting -> in progress -> completed over 4 status polls (stage, stage_str, sync_progress move).',
    sync: { steps: 4, outcome: 'completed' },
  },
  'upload-sync-failed': {
    name: 'upload-sync-failed',
    description: 'New packages sync for 2 polls, then fail with a status_reason.',
    sync: {
      steps: 2,
      outcome: 'failed',
      reason: 'Failed to extract package metadata: the archive is corrupt.',
    },
  },
  quarantined: {
    name: 'quarantined',
    description: 'New packages end their sync quarantined (status_str "Quarantined").',
    sync: { steps: 1, outcome: 'quarantined' },
  },
  empty: {
    name: 'empty',
    description: 'No repositories or packages: lists answer [], reads answer 404.',
    rules: [
      { operations: [...listOps], status: 200, body: [] },
      { operations: [...readOps], status: 404 },
    ],
  },
}
