/**
 * `npm run bench`: runs every benchmark section and writes bench/RESULTS.md.
 *   node bench/run.ts [--smoke] [--only a,c] [--out FILE] [--json FILE]
 * `--smoke` (or BENCH_SMOKE=1) runs each section briefly at small sizes: the figures prove the
 * scripts work, not how fast anything is, and go to --out (default: stdout only, RESULTS.md is
 * left alone). Needs `npm run build` first (the server sections run dist/). The HTTP rounds use
 * getload (bench/support/getload.c, compiled on first use) for timed GET rounds and wrk for the
 * rest (support/load.ts), which a full run installs (wrk, a C compiler) with apt-get when missing; without wrk they fall back to autocannon, and the report says so
 * (BENCH_GENERATOR=autocannon forces the fallback).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { httpSection } from './sections/http.ts'
import { inProcessSection } from './sections/in-process.ts'
import { memorySection } from './sections/memory.ts'
import { scaleSection } from './sections/scale.ts'
import { startupSection } from './sections/startup.ts'
import { chooseGenerator, generatorName, stopLoad } from './support/load.ts'
import { describeMachine } from './support/machine.ts'
import { ROOT, requireBuild } from './support/processes.ts'
import { render, type Mode, type Section } from './support/report.ts'

const sections: Record<string, (mode: Mode) => Promise<Section>> = {
  a: httpSection,
  b: inProcessSection,
  c: scaleSection,
  d: startupSection,
  e: memorySection,
}

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: process.env.BENCH_SMOKE === '1' },
    only: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'string' },
  },
})
const mode: Mode = values.smoke ? 'smoke' : 'full'
const chosen = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(sections)
for (const id of chosen) if (!sections[id]) throw new Error(`Unknown section "${id}"`)
requireBuild()

// wrk is installed (apt-get) by a full run only: the smoke run in `npm test` never installs.
if (chosen.some((id) => id === 'a' || id === 'e')) chooseGenerator(mode === 'full')
const machine = describeMachine()
const startedAt = new Date()
const results: Section[] = []
for (const id of chosen) {
  const began = performance.now()
  process.stderr.write(`bench ${id}: running (${mode})...\n`)
  const section = await sections[id]!(mode)
  results.push(section)
  process.stderr.write(
    `bench ${id}: done in ${((performance.now() - began) / 1000).toFixed(1)} s\n`,
  )
}
stopLoad()
const seconds = (Date.now() - startedAt.getTime()) / 1000
// Written by hand, so kept apart: the peers' figures as issue 17 stated them (PEERS.md), then
// the profiling notes (what the profiles showed, what changed), which close the file.
const notes = (
  await Promise.all(
    ['PEERS.md', 'NOTES.md'].map((file) =>
      readFile(`${ROOT}bench/${file}`, 'utf8').catch(() => ''),
    ),
  )
)
  .map((text) => text.trim())
  .join('\n\n')
const preface = chosen.some((id) => id === 'a' || id === 'e')
  ? `Load generator of the HTTP rounds (a, e): ${generatorName()}.`
  : ''
const markdown = `${render({ machine, mode, startedAt, seconds, sections: results, preface })}\n${notes}\n`
const out = values.out ?? (mode === 'full' && !values.only ? `${ROOT}bench/RESULTS.md` : null)
if (out) await writeFile(out, markdown)
process.stdout.write(markdown)
if (values.json)
  await writeFile(
    values.json,
    JSON.stringify(
      {
        machine,
        mode,
        sections: results.map(({ id, figures, targets }) => ({ id, figures, targets })),
      },
      null,
      2,
    ),
  )
