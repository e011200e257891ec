/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package,
 * the shares that tell where a request's time goes.
 *   node bench/cpuprofile-summary.ts FILE.cpuprofile [--top 25] [--skip MS]
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}
interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

export interface ProfileSummary {
  totalMs: number
  byFunction: { name: string; where: string; ms: number; share: number }[]
  byPackage: { name: string; ms: number; share: number }[]
}

/** node_modules/<pkg>, node:internal, or the project's own file. */
function packageOf(url: string): string {
  if (!url) return '(native/gc/idle)'
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (modules) return modules[1]!
  if (url.startsWith('node:')) return 'node: internals'
  const own = /\/work\/[^/]+\/(?:dist\/)?(.+)$/.exec(url) ?? /([^/]+\/[^/]+)$/.exec(url)
  return own ? own[1]!.replace(/\/[^/]+$/, '/') : url
}

/** `skipMs`: leave out the first milliseconds of the profile (start-up, before the load began). */
export function summarise(profile: CpuProfile, top = 25, skipMs = 0): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const self = new Map<number, number>()
  let elapsed = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!
    const delta = profile.timeDeltas[i] ?? 0
    elapsed += delta
    if (elapsed >= skipMs * 1000) self.set(id, (self.get(id) ?? 0) + delta)
  }
  const functions = new Map<string, { name: string; where: string; us: number }>()
  const packages = new Map<string, number>()
  let total = 0
  for (const [id, us] of self) {
    const frame = byId.get(id)!.callFrame
    total += us
    const where = frame.url
      ? `${frame.url.replace(/^file:\/\/\/work\/[^/]+\//, '')}:${frame.lineNumber + 1}`
      : ''
    const name = frame.functionName || '(anonymous)'
    const key = `${name} ${where}`
    const entry = functions.get(key) ?? { name, where, us: 0 }
    entry.us += us
    functions.set(key, entry)
    const pkg = frame.url ? packageOf(frame.url) : name.startsWith('(') ? name : '(native)'
    packages.set(pkg, (packages.get(pkg) ?? 0) + us)
  }
  const share = (us: number) => us / total
  return {
    totalMs: total / 1000,
    byFunction: [...functions.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((f) => ({ name: f.name, where: f.where, ms: f.us / 1000, share: share(f.us) })),
    byPackage: [...packages]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: share(us) })),
  }
}

/** With `requests`, each line also gives microseconds per request. */
export function formatSummary(summary: ProfileSummary, requests?: number): string {
  const pct = (n: number) => `${(n * 100).toFixed(1).padStart(5)}%`
  const per = (ms: number) =>
    requests ? `${((ms * 1000) / requests).toFixed(1).padStart(7)} µs/req  ` : ''
  return [
    `total sampled: ${summary.totalMs.toFixed(0)} ms` +
      (requests ? ` over ${requests} requests: ${per(summary.totalMs).trim()}` : ''),
    '',
    'self time by package:',
    ...summary.byPackage.map((p) => `  ${pct(p.share)}  ${per(p.ms)}${p.name}`),
    '',
    'self time by function:',
    ...summary.byFunction.map((f) => `  ${pct(f.share)}  ${per(f.ms)}${f.name}  ${f.where}`),
  ].join('\n')
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, skip: { type: 'string', default: '0' } },
  })
  const file = positionals[0]
  if (!file) throw new Error('usage: node bench/cpuprofile-summary.ts FILE.cpuprofile [--top N]')
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  process.stdout.write(
    `${formatSummary(summarise(profile, Number(values.top), Number(values.skip)))}\n`,
  )
}
