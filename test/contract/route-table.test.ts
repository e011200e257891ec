/**
 * The route table against the document: operation ids, methods and path templates agree, every
 * upload format the document lists is served, and `npm run coverage:api` reports the same.
 */
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { families, notModelled, routes } from '../../handlers/index.ts'
import { familyOperations } from '../../handlers/resources/index.ts'
import { listOperations } from '../../src/core/openapi/index.ts'

const root = resolve(import.meta.dirname, '../..')
const documented = new Map(listOperations().map((op) => [op.operationId as string, op]))
const served = routes.filter((route) => !route.operationId.startsWith('mock_'))

describe('route table', () => {
  it.for(served.map((route) => [route.operationId, route] as const))(
    '%s: method and path template are the document’s',
    ([id, route]) => {
      const op = documented.get(id)
      expect(op, `${id} is not an operation of the document`).toBeDefined()
      expect(route.method).toBe(op!.method)
      expect(route.path).toBe(op!.path)
    },
  )

  it('serves each operation once, and each method + path once', () => {
    const ids = served.map((route) => route.operationId)
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([])
    const keys = routes.map((route) => `${route.method} ${route.path}`)
    expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([])
  })

  it('has a route for every operation of the document (no silent gaps)', () => {
    const implemented = new Set(routes.map((route) => route.operationId))
    const missing = [...documented.keys()].filter((id) => !implemented.has(id))
    expect(missing).toEqual([])
    // 349 operations in Cloudsmith's document at the time of writing (spec/openapi.json).
    expect(documented.size).toBeGreaterThanOrEqual(349)
  })

  it('lists as not modelled only operations of the document that no family serves', () => {
    const served = new Set<string>(families.flatMap(familyOperations))
    for (const id of Object.keys(notModelled)) {
      expect(documented.has(id), `${id} is not in the document`).toBe(true)
      expect(served.has(id), `${id} is served by a family and listed as not modelled`).toBe(false)
    }
  })

  it('keeps mock-only routes off the API namespace', () => {
    for (const route of routes.filter((r) => r.operationId.startsWith('mock_')))
      expect(route.path, route.operationId).toMatch(/^\/__/)
  })

  it('implements every upload and validate-upload operation of the document', () => {
    const uploads = [...documented.keys()].filter((id) =>
      /^packages_(upload|validate-upload)_/.test(id),
    )
    // 29 formats, alpine to vsx, in the document at the time of writing (API-NOTES §6.6); a
    // shrinking list would point at the generator, not at the mock.
    expect(uploads.length).toBeGreaterThanOrEqual(58)
    const implemented = new Set(routes.map((route) => route.operationId))
    expect(uploads.filter((id) => !implemented.has(id))).toEqual([])
  })

  it('implements the operations the issue names for each group', () => {
    const implemented = new Set(routes.map((route) => route.operationId))
    // cloudsmith/API-NOTES.md §6: the operations a client of this mock relies on.
    const required = [
      'status_check_basic',
      'user_self',
      'rates_limits_list',
      'namespaces_list',
      'namespaces_read',
      'repos_user_list',
      'repos_namespace_list',
      'repos_create',
      'repos_read',
      'repos_partial_update',
      'repos_delete',
      'packages_list',
      'packages_read',
      'packages_delete',
      'packages_copy',
      'packages_move',
      'packages_resync',
      'packages_tag',
      'packages_quarantine',
      'packages_status',
      'files_create',
      'files_validate',
      'files_complete',
      'files_abort',
      'files_info',
    ]
    expect(required.filter((id) => !implemented.has(id))).toEqual([])
  })
})

describe('npm run coverage:api', () => {
  interface Report {
    groups: {
      group: string
      documented: number
      implemented: number
      modelled: number
      unimplemented: string[]
      notModelled: string[]
    }[]
    mismatches: string[]
    mockOnly: string[]
  }

  it('counts, per group, what the route table implements of the document', () => {
    const out = execFileSync(process.execPath, ['scripts/coverage-api.ts', '--json'], {
      cwd: root,
      encoding: 'utf8',
    })
    const report = JSON.parse(out) as Report
    expect(report.mismatches).toEqual([])
    // Every group of the document, the historical core first.
    const groups = new Set([...documented.values()].map((op) => op.path.split('/')[1]))
    expect(report.groups.map((g) => g.group).slice(0, 7)).toEqual([
      'repos',
      'packages',
      'files',
      'user',
      'rates',
      'status',
      'namespaces',
    ])
    expect(new Set(report.groups.map((g) => g.group))).toEqual(groups)
    const implemented = new Set(routes.map((route) => route.operationId))
    for (const group of report.groups) {
      const ids = [...documented.values()]
        .filter((op) => op.path.split('/')[1] === group.group)
        .map((op) => op.operationId as string)
      expect(group.documented, group.group).toBe(ids.length)
      expect(group.implemented, group.group).toBe(ids.filter((id) => implemented.has(id)).length)
      expect(group.unimplemented, group.group).toEqual(
        ids.filter((id) => !implemented.has(id)).sort(),
      )
      expect(group.notModelled, group.group).toEqual(
        ids.filter((id) => Object.hasOwn(notModelled, id)).sort(),
      )
      expect(group.modelled, group.group).toBe(group.implemented - group.notModelled.length)
    }
    expect(report.mockOnly.length).toBe(routes.length - served.length)
  })

  it('keeps docs/operations.md and the README coverage section in step (--check-docs)', () => {
    // Exit 1 naming the stale file when either is out of date.
    const check = () =>
      execFileSync(process.execPath, ['scripts/coverage-api.ts', '--check-docs'], {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      })
    expect(check).not.toThrow()
  })

  it('prints a table and the unimplemented operations', () => {
    const out = execFileSync(process.execPath, ['scripts/coverage-api.ts'], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(out).toMatch(/^files\s+5\s+5\s+100\.0\s+5$/m)
    expect(out).toMatch(/^total\s+349\s+349\s+100\.0\s+\d+$/m)
    expect(out).toMatch(/disagreements with the document: none/)
  })
})
