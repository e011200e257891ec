/**
 * Splits a server profile (`node --cpu-prof` under load, bench/profile.ts) into the stages of a
 * request (issue 17 point 3): each sample goes to the innermost function on its stack that
 * names a stage (`toRequest` under `serve` is building the Request; `URL` under `requestUrl`
 * is parsing), so a stage's figure is the main-thread time spent in it and in what it calls,
 * whatever library that is. Bundled names may carry esbuild's suffix (`match2`).
 *   node bench/cpuprofile-stages.ts FILE.cpuprofile [--requests N] [--skip MS]
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string }
  children?: number[]
}
export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Stage -> the functions that start it. Order is the order of a request. */
const STAGES: Record<string, readonly string[]> = {
  'reading and parsing the request': [
    'onStreamRead',
    'socketOnData',
    'parserOnHeadersComplete',
    'parserOnIncoming',
    'parserOnMessageComplete',
    'requestUrl',
    'readBody',
    'refusal',
  ],
  'building the Web Request': ['toRequest', 'toLightRequest'],
  routing: ['match', 'routePath'],
  auth: ['identify', 'authorise', 'authenticate', 'readCredentials'],
  'rate limit': ['throttle', 'peek', 'consume'],
  'scenarios (decide)': ['decide', 'forcedAnswer'],
  validation: ['validate'],
  'handler (execute)': ['execute'],
  // Also reached from a handler's async continuation, whose stack starts at the microtask.
  'serialisation of records': [
    'serializePackage',
    'serializeRepository',
    'repositoryJson',
    'syncView',
    'isoTime',
    'jsonArray',
    'text',
    'encodeUtf8String',
  ],
  'rendering the reply': ['render', 'toResponse'],
  journal: ['journal'],
  'writing the response': [
    'writeReply',
    'writeResponse',
    'writeHead',
    '_storeHeader',
    'end',
    'writevGeneric',
    'clearBuffer',
    'resOnFinish',
    'onFinish',
    'afterWriteDispatched',
  ],
  // The syscall alone: its wall time grows with the machine's load, which a profile counts.
  'the socket write (writev syscall)': ['writev'],
  'pipeline and server glue': ['serve', 'replyTo', 'answer', 'reply'],
}
const NOT_REQUESTS = new Set(['(idle)', '(program)', '(garbage collector)'])

const stageOf = new Map<string, string>()
for (const [stage, names] of Object.entries(STAGES))
  for (const name of names) stageOf.set(name, stage)

/** A function's stage, esbuild's numeric suffix ignored; undefined when it names none. */
function stageFor(functionName: string): string | undefined {
  return stageOf.get(functionName) ?? stageOf.get(functionName.replace(/\d+$/, ''))
}

/**
 * Milliseconds per stage, plus `(garbage collector)`, `(program)`, `(idle)` and `other`; with
 * `detail`, also each stage's heaviest functions by self time (`stage > function`).
 */
export function stages(profile: CpuProfile, skipMs = 0, detail = false): Map<string, number> {
  const parent = new Map<number, number>()
  const byId = new Map<number, ProfileNode>()
  for (const node of profile.nodes) {
    byId.set(node.id, node)
    for (const child of node.children ?? []) parent.set(child, node.id)
  }
  const cache = new Map<number, string>()
  const resolve = (id: number): string => {
    const known = cache.get(id)
    if (known) return known
    const name = byId.get(id)!.callFrame.functionName
    const stage = NOT_REQUESTS.has(name)
      ? name
      : (stageFor(name) ?? (parent.has(id) ? resolve(parent.get(id)!) : 'other'))
    cache.set(id, stage)
    return stage
  }
  const out = new Map<string, number>()
  let elapsed = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0
    elapsed += delta
    if (elapsed < skipMs * 1000) continue
    const id = profile.samples[i]!
    const stage = resolve(id)
    out.set(stage, (out.get(stage) ?? 0) + delta / 1000)
    if (detail) {
      const key = `${stage} > ${byId.get(id)!.callFrame.functionName || '(anonymous)'}`
      out.set(key, (out.get(key) ?? 0) + delta / 1000)
    }
  }
  return out
}

/** One line per stage in request order: ms, and µs per request with `requests`. */
export function formatStages(byStage: Map<string, number>, requests?: number): string {
  const names = [...Object.keys(STAGES), 'other', '(garbage collector)', '(program)']
  const busy = names.reduce((sum, name) => sum + (byStage.get(name) ?? 0), 0)
  const line = (name: string, ms: number) =>
    `  ${name.padEnd(46)} ${ms.toFixed(0).padStart(7)} ms` +
    (requests ? `  ${((ms * 1000) / requests).toFixed(1).padStart(7)} µs/req` : '')
  return [
    'main-thread time by stage (idle left out):',
    ...names.map((name) => line(name, byStage.get(name) ?? 0)),
    line('total', busy),
  ].join('\n')
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      requests: { type: 'string' },
      skip: { type: 'string', default: '0' },
      detail: { type: 'boolean', default: false },
    },
  })
  const file = positionals[0]
  if (!file) throw new Error('usage: node bench/cpuprofile-stages.ts FILE [--requests N]')
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const requests = values.requests ? Number(values.requests) : undefined
  const byStage = stages(profile, Number(values.skip), values.detail)
  process.stdout.write(`${formatStages(byStage, requests)}\n`)
  if (values.detail)
    for (const [key, ms] of [...byStage]
      .filter(([k]) => k.includes(' > '))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40))
      process.stdout.write(`  ${key.padEnd(70)} ${((ms * 1000) / (requests ?? 1)).toFixed(1)}\n`)
}
