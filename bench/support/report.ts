/** What each benchmark section returns, and how bench/RESULTS.md renders it. */
export type Mode = 'full' | 'smoke'

export interface Table {
  caption?: string
  columns: readonly string[]
  rows: readonly (readonly (string | number)[])[]
}

export interface TargetCheck {
  /** Point 2's letter (a-e) and what it asks. */
  target: string
  measured: string
  met: boolean
}

export interface Section {
  id: string
  title: string
  /** How the figures were taken: what is measured, against which baseline. */
  method: string
  tables: Table[]
  targets: TargetCheck[]
  notes: string[]
  /** Every figure by name, for the JSON output and the smoke test. */
  figures: Record<string, number>
}

export interface Machine {
  cpu: string
  cores: number
  memoryGiB: number
  node: string
  platform: string
  loadBefore: readonly number[]
}

const cell = (value: string | number) =>
  typeof value === 'number' ? formatNumber(value) : value.replace(/\|/g, '\\|')

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value)
  if (Number.isInteger(value) && Math.abs(value) < 1000) return String(value)
  const abs = Math.abs(value)
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US')
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 1) return value.toFixed(2)
  return value.toPrecision(2)
}

function table(t: Table): string {
  const lines = [
    `| ${t.columns.join(' | ')} |`,
    `| ${t.columns.map(() => '---').join(' | ')} |`,
    ...t.rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ]
  return [t.caption ? `${t.caption}\n` : '', lines.join('\n')].join('')
}

export function render(options: {
  machine: Machine
  mode: Mode
  startedAt: Date
  seconds: number
  sections: readonly Section[]
  preface?: string
}): string {
  const { machine, sections } = options
  const targets = sections.flatMap((s) => s.targets)
  const out = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. Every figure is set against a',
    'baseline measured in the same run, on the same machine, as a ratio.',
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores`,
    `- Memory: ${machine.memoryGiB.toFixed(1)} GiB`,
    `- Node ${machine.node} (${machine.platform})`,
    `- Load average at start (1, 5, 15 min): ${machine.loadBefore.map((n) => n.toFixed(2)).join(', ')}`,
    `- Run: ${options.startedAt.toISOString()}, ${options.mode} mode, ${options.seconds.toFixed(0)} s`,
    '',
  ]
  if (options.preface) out.push(options.preface, '')
  out.push('## Targets (issue 7 point 2, issue 17 point 2)', '')
  out.push(
    table({
      columns: ['Target', 'Measured', 'Met'],
      rows: targets.map((t) => [t.target, t.measured, t.met ? 'yes' : '**no**']),
    }),
    '',
  )
  for (const section of sections) {
    out.push(`## ${section.id}. ${section.title}`, '', section.method, '')
    for (const t of section.tables) out.push(table(t), '')
    for (const note of section.notes) out.push(`- ${note}`)
    if (section.notes.length) out.push('')
  }
  return out.join('\n')
}
