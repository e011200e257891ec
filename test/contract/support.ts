/** Sending a contract request and judging its answer against the document. */
import { expect, vi } from 'vitest'
import type { RouteDefinition } from '../../handlers/index.ts'
import type { CloudsmithMock } from '../../src/index.ts'
import { contractProblems } from './overrides.ts'
import { isMockOnly, toRequest, type ContractRequest } from './requests.ts'

export interface Answer {
  status: number
  /** 'error' for a network failure (Response.error()). */
  type: ResponseType
  contentType: string | null
  /** Parsed JSON, or undefined when the response has no body. */
  body: unknown
  text: string
}

export async function send(
  mock: CloudsmithMock,
  request: ContractRequest,
  extra: Record<string, string> = {},
): Promise<Answer> {
  const response = await mock.handle(toRequest(request, extra))
  const text = await response.text()
  let body: unknown
  const json = response.headers.get('content-type')?.startsWith('application/json') ?? true
  if (text && (json || response.status >= 300)) {
    try {
      body = JSON.parse(text)
    } catch {
      throw new Error(`${request.method} ${request.path} answered non-JSON: ${text.slice(0, 200)}`)
    }
  }
  return {
    status: response.status,
    type: response.type,
    contentType: response.headers.get('content-type'),
    body,
    text,
  }
}

/**
 * Runs `work` with fake timers, moving them on until it settles: scenario delays (`slow`)
 * then cost no wall-clock time. The mock's own clock is separate and is not touched.
 */
export async function withoutDelays<T>(work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
  try {
    const promise = work()
    let settled = false
    promise.then(
      () => (settled = true),
      () => (settled = true),
    )
    while (!settled) await vi.advanceTimersByTimeAsync(250)
    return await promise
  } finally {
    vi.useRealTimers()
  }
}

/**
 * Every body the mock sends for a documented operation validates against the document's schema
 * for that status (ErrorDetail for the statuses it leaves implicit). Mock-only routes are not in
 * the document, but their errors are Cloudsmith error bodies too.
 */
export function expectConformant(route: RouteDefinition, answer: Answer): void {
  const where = `${route.operationId} ${answer.status}`
  expect(answer.type, where).not.toBe('error')
  // A download's success is the file's bytes; every other body is JSON.
  const bytes = route.operationId === 'mock_download' && answer.status < 300
  if (answer.text && !bytes) expect(answer.contentType, where).toMatch(/^application\/json\b/)
  if (isMockOnly(route)) {
    if (answer.status >= 400) {
      expect(answer.body, where).toEqual(expect.objectContaining({ detail: expect.any(String) }))
      expect((answer.body as { detail: string }).detail, where).not.toBe('')
    }
    return
  }
  expect(contractProblems(route.operationId, answer.status, answer.body), where).toBeNull()
}
