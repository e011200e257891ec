/** The built-in scenarios: one vocabulary for every runtime (tests, server, browser). */
import {
  DEFAULT_THROTTLE_RETRY_AFTER,
  type BuiltInScenarioName,
  type ScenarioDefinition,
} from './types.ts'

/** What `upload-sync-failed` reports as the failure's `status_reason`. */
export const SYNC_FAILED_REASON = 'Failed to extract package metadata: the archive is corrupt.'

export const builtInScenarios: Record<BuiltInScenarioName, ScenarioDefinition> = {
  happy: {
    name: 'happy',
    description:
      'Natural behaviour: the answer the real API would give. Chosen at a level, it hides the levels below.',
  },
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
      "The caller's rate-limit window is spent: 429 with Retry-After: 5 and X-RateLimit-* matching /rates/limits/ (which reports throttled: true). A custom scenario sets its own wait with throttle: { retryAfter }.",
    // A few seconds, not the rest of the hour: clients honour Retry-After (see DEFAULT_THROTTLE_RETRY_AFTER).
    throttle: { retryAfter: DEFAULT_THROTTLE_RETRY_AFTER },
  },
  'server-error': {
    name: 'server-error',
    description: 'Every operation answers 500 "A server error occurred."',
    rules: [{ status: 500 }],
  },
  'bad-gateway': {
    name: 'bad-gateway',
    description: 'Every operation answers 502 "Bad gateway."',
    rules: [{ status: 502 }],
  },
  'service-unavailable': {
    name: 'service-unavailable',
    description: 'Every operation answers 503 with Retry-After: 30.',
    rules: [{ status: 503, headers: { 'Retry-After': '30' } }],
  },
  slow: {
    name: 'slow',
    description: 'Natural answers, each after a 1,500 ms delay (real time).',
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
      'Uploaded packages walk awaiting -> in progress -> completed over 4 status polls (stage, stage_str, sync_progress move).',
    sync: { steps: 4, outcome: 'completed' },
  },
  'upload-sync-failed': {
    name: 'upload-sync-failed',
    description: 'Uploaded packages sync for 2 status polls, then fail with a status_reason.',
    sync: { steps: 2, outcome: 'failed', reason: SYNC_FAILED_REASON },
  },
  quarantined: {
    name: 'quarantined',
    description:
      'Uploaded packages end their sync quarantined (status_str "Quarantined") after 1 status poll.',
    sync: { steps: 1, outcome: 'quarantined' },
  },
  empty: {
    name: 'empty',
    description:
      'No repositories or packages: repository and package lists answer [], anything addressing a repository, package or upload answers 404.',
    rules: [
      {
        operations: ['repos_user_list', 'repos_namespace_list', 'packages_list'],
        status: 200,
        body: [],
      },
      { path: '/repos/{owner}/{identifier}/', status: 404 },
      { path: '/packages/{owner}/{repo}/{identifier}/', status: 404 },
      { path: '/packages/{owner}/{repo}/{identifier}/{action}/', status: 404 },
      { path: '/files/{owner}/{repo}/', status: 404 },
      { path: '/files/{owner}/{repo}/{identifier}/', status: 404 },
      { path: '/files/{owner}/{repo}/{identifier}/{action}/', status: 404 },
    ],
  },
}
