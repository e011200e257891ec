/**
 * A snapshot of a standalone server's journal and coverage, for the matchers: the server runs in
 * another process, so its journal is fetched (GET /__mock/journal, /__mock/coverage) and the
 * matchers read the copy.
 */
import type { CoverageReport } from '../../core/coverage.ts'
import type { JournalEntry } from '../../core/journal.ts'

export interface RemoteMock {
  /** The entries fetched (the server keeps its last `capacity` requests). */
  readonly journal: { entries(): JournalEntry[] }
  /** The server's coverage table when the snapshot was taken. */
  coverage(): CoverageReport
}

/**
 * Fetches the journal and coverage of a server started with `cloudsmith-mock serve` (or
 * `createMockHttpServer`). Throws an Error naming the status when the admin API refuses.
 * @example
 * expect(await remoteMock('http://127.0.0.1:8080')).toHaveReceived('repos_create')
 */
export async function remoteMock(
  baseUrl: string,
  options: { adminToken?: string } = {},
): Promise<RemoteMock> {
  const headers: Record<string, string> = options.adminToken
    ? { 'x-admin-token': options.adminToken }
    : {}
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(new URL(path, baseUrl), { headers })
    if (!response.ok)
      throw new Error(
        `${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`,
      )
    return (await response.json()) as T
  }
  const [journal, coverage] = await Promise.all([
    get<{ entries: JournalEntry[] }>('/__mock/journal'),
    get<CoverageReport>('/__mock/coverage'),
  ])
  return { journal: { entries: () => journal.entries }, coverage: () => coverage }
}
