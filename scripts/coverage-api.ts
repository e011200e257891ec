// Which Cloudsmith operations the mock implements, per group of the document (every group):
// `implemented` counts operations with a route, `modelled` those whose route does the operation
// (the rest answer 501, handlers/resources/not-modelled.ts). Read from the committed document
// (src/generated/openapi.json) and the route table (handlers/index.ts) only, so it works on a
// fresh clone.
//
//   node scripts/coverage-api.ts [--all] [--json] [--write-docs | --check-docs]
//
// --write-docs writes docs/operations.md and the README's coverage section from the same
// numbers; --check-docs exits 1 when either is out of date.
//
// Exits 1 when an implemented route disagrees with the document (method or path template) or
// names an operation the document does not have. Erasable TypeScript only (Node type stripping).
import spec from '../src/generated/openapi.json' with { type: 'json' }
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { notModelled, routes } from '../handlers/index.ts'
import { operationsPage, readmeSection, withReadmeSection } from './operations-docs.ts'
const MOCK_ONLY = /^mock_/

interface DocumentedOperation {
  method: string
  path: string
}

const documented = spec.operations as Record<string, DocumentedOperation>

const groupOf = (path: string) => path.split('/')[1] ?? ''

// The document's groups, the mock's historical core first, then the rest by name.
const CORE = ['repos', 'packages', 'files', 'user', 'rates', 'status', 'namespaces']
const GROUPS = [
  ...CORE,
  ...[...new Set(Object.values(documented).map((op) => groupOf(op.path)))]
    .filter((group) => !CORE.includes(group))
    .sort(),
]

interface GroupCoverage {
  group: string
  documented: number
  implemented: number
  /** Implemented by doing the operation, not by a 501 that says it is not modelled. */
  modelled: number
  percent: number
  unimplemented: string[]
  notModelled: string[]
}

const implementedIds = new Set(routes.map((route) => route.operationId))

const groups: GroupCoverage[] = GROUPS.map((group) => {
  const ids = Object.keys(documented)
    .filter((id) => groupOf(documented[id]!.path) === group)
    .sort()
  const implemented = ids.filter((id) => implementedIds.has(id))
  const stubs = implemented.filter((id) => Object.hasOwn(notModelled, id))
  return {
    group,
    documented: ids.length,
    implemented: implemented.length,
    modelled: implemented.length - stubs.length,
    notModelled: stubs,
    percent: ids.length ? Math.round((implemented.length / ids.length) * 1000) / 10 : 100,
    unimplemented: ids.filter((id) => !implementedIds.has(id)),
  }
})

const mismatches: string[] = []
const mockOnly: string[] = []
for (const route of routes) {
  if (MOCK_ONLY.test(route.operationId)) {
    mockOnly.push(`${route.operationId} ${route.method} ${route.path}`)
    continue
  }
  const op = documented[route.operationId]
  if (!op) {
    mismatches.push(`${route.operationId}: not an operation of the document`)
    continue
  }
  if (op.method !== route.method)
    mismatches.push(`${route.operationId}: method ${route.method}, document says ${op.method}`)
  if (op.path !== route.path)
    mismatches.push(`${route.operationId}: path ${route.path}, document says ${op.path}`)
}

const total = groups.reduce(
  (sum, g) => ({
    documented: sum.documented + g.documented,
    implemented: sum.implemented + g.implemented,
    modelled: sum.modelled + g.modelled,
  }),
  { documented: 0, implemented: 0, modelled: 0 },
)

const listAll = process.argv.includes('--all')

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ groups, total, mockOnly, mismatches }, null, 2)}\n`)
} else {
  const lines: string[] = []
  lines.push(`Cloudsmith API coverage (document ${spec.source.title} ${spec.source.version})`)
  lines.push('')
  lines.push(
    `${'group'.padEnd(16)}${'implemented'.padStart(12)}${'documented'.padStart(12)}${'%'.padStart(8)}${'modelled'.padStart(10)}`,
  )
  for (const g of groups)
    lines.push(
      `${g.group.padEnd(16)}${String(g.implemented).padStart(12)}${String(g.documented).padStart(12)}${g.percent.toFixed(1).padStart(8)}${String(g.modelled).padStart(10)}`,
    )
  const percent = total.documented ? (total.implemented / total.documented) * 100 : 100
  lines.push(
    `${'total'.padEnd(16)}${String(total.implemented).padStart(12)}${String(total.documented).padStart(12)}${percent.toFixed(1).padStart(8)}${String(total.modelled).padStart(10)}`,
  )
  const stubbed = groups.flatMap((g) => g.notModelled)
  if (stubbed.length) {
    lines.push('')
    lines.push(`answered 501, not modelled (${stubbed.length}): ${listAll ? '' : 'see --all'}`)
    if (listAll) for (const id of stubbed) lines.push(`  ${id}`)
  }
  for (const g of groups) {
    if (!g.unimplemented.length) continue
    lines.push('')
    lines.push(`unimplemented in ${g.group} (${g.unimplemented.length}):`)
    const families = new Map<string, { formats: string[]; actions: Set<string> }>()
    for (const id of g.unimplemented) {
      // The per-format upstream families are one feature each; --all lists them one by one.
      const upstream = listAll ? null : /^repos_upstream_([a-z0-9]+)_(\w+)$/.exec(id)
      if (upstream) {
        const family = families.get('repos_upstream') ?? { formats: [], actions: new Set() }
        if (!family.formats.includes(upstream[1]!)) family.formats.push(upstream[1]!)
        family.actions.add(upstream[2]!)
        families.set('repos_upstream', family)
        continue
      }
      const op = documented[id]!
      lines.push(`  ${id.padEnd(44)} ${op.method.padEnd(7)}${op.path}`)
    }
    for (const [name, family] of families) {
      const count = g.unimplemented.filter((id) => id.startsWith(`${name}_`)).length
      lines.push(
        `  ${name}_<format>_{${[...family.actions].sort().join(',')}} (${count} operations)`,
      )
      lines.push(`    formats: ${family.formats.join(', ')}`)
    }
  }
  lines.push('')
  lines.push(`mock-only routes (not in the document): ${mockOnly.length ? '' : 'none'}`)
  for (const line of mockOnly) lines.push(`  ${line}`)
  lines.push('')
  lines.push(`disagreements with the document: ${mismatches.length ? '' : 'none'}`)
  for (const line of mismatches) lines.push(`  ${line}`)
  process.stdout.write(`${lines.join('\n')}\n`)
}

if (mismatches.length) process.exitCode = 1

const root = resolve(import.meta.dirname, '..')
const docsPath = resolve(root, 'docs/operations.md')
const readmePath = resolve(root, 'README.md')
if (process.argv.includes('--write-docs') || process.argv.includes('--check-docs')) {
  const page = operationsPage(documented, groups, groupOf)
  const readme = readFileSync(readmePath, 'utf8')
  const nextReadme = withReadmeSection(readme, readmeSection(groups))
  if (process.argv.includes('--write-docs')) {
    writeFileSync(docsPath, page)
    writeFileSync(readmePath, nextReadme)
  } else {
    let current = ''
    try {
      current = readFileSync(docsPath, 'utf8')
    } catch {
      // missing: out of date
    }
    const stale = [current !== page && 'docs/operations.md', nextReadme !== readme && 'README.md']
    for (const file of stale.filter(Boolean))
      process.stderr.write(`${String(file)} is out of date: npm run coverage:api -- --write-docs\n`)
    if (stale.some(Boolean)) process.exitCode = 1
  }
}
