/**
 * Runs a fuzz property with a fixed seed and reports the first failure in one readable line
 * (fast-check's own report prints every generated value, megabytes for the huge ones).
 */
import fc from 'fast-check'
import { fuzzSeed } from './settings.ts'

export interface FuzzTally {
  /** Requests sent. */
  sent: number
  /** Answers by status class: "2xx", "4xx", "5xx" (scenario-requested), "dropped". */
  classes: Record<string, number>
}

/**
 * `check` returns why an input failed (null: it passed) and may tally the answer's class.
 * Resolves to the tally; throws with the failing input, the seed and the path to replay it.
 */
export async function runFuzz<T>(
  arbitrary: fc.Arbitrary<T>,
  runs: number,
  check: (input: T, tally: (answerClass: string) => void) => Promise<string | null>,
): Promise<FuzzTally> {
  const tally: FuzzTally = { sent: 0, classes: {} }
  const count = (answerClass: string) =>
    (tally.classes[answerClass] = (tally.classes[answerClass] ?? 0) + 1)
  const seed = fuzzSeed()
  const result = await fc.check(
    fc.asyncProperty(arbitrary, async (input) => {
      tally.sent++
      const problem = await check(input, count)
      if (problem) throw new Error(problem)
    }),
    { numRuns: runs, seed, endOnFailure: true },
  )
  if (result.failed) {
    const reason =
      result.errorInstance instanceof Error
        ? result.errorInstance.message +
          (process.env.FUZZ_STACK ? `\n${result.errorInstance.stack}` : '')
        : String(result.errorInstance)
    throw new Error(`fuzz failed (FUZZ_SEED=${seed}, path ${result.counterexamplePath}): ${reason}`)
  }
  if (process.env.FUZZ_REPORT) console.info(JSON.stringify(tally))
  return tally
}
