/**
 * Profiles the standalone server under load (section a's server and endpoints): starts it with `--cpu-prof`, drives one endpoint
 * with wrk (autocannon where wrk is missing) for a while, stops it (the profile is written on exit) and prints the summary.
 *   node bench/profile.ts [--endpoint list|packages|pair|patch|mix] [--seconds 10] [--dir DIR]
 * BENCH_FROM_SOURCE=1 profiles src/ instead of dist/ (no build needed).
 * The .cpuprofile stays in DIR (default bench/profiles/, gitignored) for Chrome DevTools.
 */
import { mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { formatStages, stages } from './cpuprofile-stages.ts'
import { formatSummary, summarise } from './cpuprofile-summary.ts'
import { CONNECTIONS, LIST, PACKAGES, PATCHED } from './sections/http.ts'
import { startBenchServer } from './support/bench-server.ts'
import { chooseGenerator, load, stopLoad, type LoadInput } from './support/load.ts'
import { ROOT } from './support/processes.ts'

const { values } = parseArgs({
  options: {
    endpoint: { type: 'string', default: 'list' },
    seconds: { type: 'string', default: '10' },
    dir: { type: 'string', default: join(ROOT, 'bench/profiles') },
  },
})
const plans: Record<string, Pick<LoadInput, 'steps'>> = {
  list: { steps: [{ get: LIST }] },
  packages: { steps: [{ get: PACKAGES }] },
  pair: { steps: [{ pair: 'acme' }] },
  patch: { steps: [{ patch: PATCHED }] },
  mix: { steps: [{ get: LIST }, { get: PACKAGES }, { pair: 'acme' }] },
}
const plan = plans[values.endpoint]
if (!plan) throw new Error(`--endpoint: one of ${Object.keys(plans).join(', ')}`)
const dir = values.dir
await mkdir(dir, { recursive: true })
const before = new Set(await readdir(dir))

const spawned = performance.now()
const server = await startBenchServer({
  directory: await mkdtemp(join(tmpdir(), 'cloudsmith-mock-profile-')),
  nodeOptions: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
})
// Samples before the server listened are start-up, not requests.
const startupMs = performance.now() - spawned
chooseGenerator(false)
const result = await load({
  url: server.url,
  serverPid: server.pid,
  connections: CONNECTIONS,
  ...plan,
  durationS: Number(values.seconds),
})
stopLoad()
await server.stop(30_000)
process.stdout.write(
  `${values.endpoint} (${result.generator}): ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, non-2xx ${result.non2xx}, CPU server ${result.cpu?.server.toFixed(2)} client ${result.cpu?.client.toFixed(2)} other ${result.cpu?.other.toFixed(2)} cores\n`,
)
const written = (await readdir(dir)).filter((f) => f.endsWith('.cpuprofile') && !before.has(f))
if (written.length === 0) throw new Error(`no profile written to ${dir}`)
const file = join(dir, written[0]!)
process.stdout.write(`profile: ${file}\n\n`)
const profile = JSON.parse(await readFile(file, 'utf8')) as Parameters<typeof summarise>[0]
process.stdout.write(`${formatSummary(summarise(profile, 30, startupMs), result.requests)}\n\n`)
process.stdout.write(`${formatStages(stages(profile, startupMs), result.requests)}\n`)
