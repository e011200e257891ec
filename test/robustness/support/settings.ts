/**
 * How long the robustness runs are. `npm test` uses the fixed defaults; `npm run fuzz` sets
 * FUZZ_RUNS and LONG_RUN_REQUESTS far higher; FUZZ_SEED replays another sequence.
 */
const positive = (value: string | undefined) => {
  const number = Number(value)
  return Number.isSafeInteger(number) && number > 0 ? number : undefined
}

/** Requests per fuzz property. */
export const fuzzRuns = (fallback: number) => positive(process.env.FUZZ_RUNS) ?? fallback

/** The fast-check seed: fixed, so a failure in `npm test` replays exactly. */
export const fuzzSeed = () => positive(process.env.FUZZ_SEED) ?? 20_260_101

/** Requests in the long run (200,000 in `npm run fuzz`). */
export const longRunRequests = (fallback: number) =>
  positive(process.env.LONG_RUN_REQUESTS) ?? fallback

/** A test's time budget: generous per request, since CI machines are slow and shared. */
export const fuzzTimeout = (requests: number, perRequestMs = 40) =>
  Math.max(60_000, requests * perRequestMs)
