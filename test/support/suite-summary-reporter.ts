/**
 * Prints one line per suite (vitest project) after the run, under vitest's own summary, so that
 * `npm test` ends with what passed where, e.g.
 *
 *   suite unit       5 files    61 tests passed                      1.2 s
 *   suite server    26 files   310 tests passed, 2 failed            4 min 3 s
 *
 * Time is wall time from the suite's first file starting to its last ending: the suites share
 * one pool, so their times overlap and do not add up to the run's.
 */
import type { Reporter, TestModule } from 'vitest/node'

interface SuiteTally {
  files: number
  failedFiles: number
  passed: number
  failed: number
  skipped: number
  firstStart: number
  lastEnd: number
}

export default class SuiteSummaryReporter implements Reporter {
  private readonly suites = new Map<string, SuiteTally>()

  onTestModuleStart(testModule: TestModule): void {
    this.tally(testModule).firstStart = Math.min(this.tally(testModule).firstStart, Date.now())
  }

  onTestModuleEnd(testModule: TestModule): void {
    const suite = this.tally(testModule)
    suite.lastEnd = Math.max(suite.lastEnd, Date.now())
    suite.files += 1
    if (!testModule.ok()) suite.failedFiles += 1
    for (const test of testModule.children.allTests()) {
      const state = test.result().state
      if (state === 'passed') suite.passed += 1
      else if (state === 'failed') suite.failed += 1
      else suite.skipped += 1
    }
  }

  onTestRunEnd(): void {
    if (this.suites.size === 0) return
    const width = Math.max(...[...this.suites.keys()].map((name) => name.length))
    const lines = [...this.suites].map(([name, suite]) => {
      const counts = [`${suite.passed} passed`]
      if (suite.failed > 0) counts.push(`${suite.failed} failed`)
      if (suite.skipped > 0) counts.push(`${suite.skipped} skipped`)
      const files = `${suite.files} files${suite.failedFiles > 0 ? ` (${suite.failedFiles} failed)` : ''}`
      const time = formatDuration(suite.lastEnd - suite.firstStart)
      return `  suite ${name.padEnd(width)}  ${files.padStart(9)}  tests ${counts.join(', ').padEnd(34)} ${time}`
    })
    process.stdout.write(`\n${lines.join('\n')}\n\n`)
  }

  private tally(testModule: TestModule): SuiteTally {
    const name = testModule.project.name || 'default'
    let suite = this.suites.get(name)
    if (!suite) {
      suite = {
        files: 0,
        failedFiles: 0,
        passed: 0,
        failed: 0,
        skipped: 0,
        firstStart: Date.now(),
        lastEnd: 0,
      }
      this.suites.set(name, suite)
    }
    return suite
  }
}

/** 40 -> "40 ms"; 1,950 -> "2.0 s"; 243,000 -> "4 min 3 s". */
function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}
