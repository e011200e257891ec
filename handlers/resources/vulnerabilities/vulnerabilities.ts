/**
 * Vulnerability scan results: one scan per synchronised package, derived from the package's
 * slug_perm (the same every run): 0 to 3 findings with a severity each. Listed per namespace,
 * repository and package; read by the scan's identifier. Packages deleted take their scan.
 */
import type { PackageRecord } from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import { getSchema } from '../../../src/core/openapi/index.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import type { RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { repoParamScope } from '../entitlements/scope.ts'
import { packagesOf } from '../quota/usage.ts'
import { hexOf, present, tokenOf } from '../schema-body.ts'
import { namespaceScope } from '../scopes.ts'
import { visibleRepo } from '../../access.ts'
import { syncView } from '../../sync.ts'

const SEVERITIES = ['Low', 'Medium', 'High', 'Critical'] as const

/** The scan's identifier for a package. */
export const scanIdOf = (pkg: PackageRecord) => tokenOf(`scan:${pkg.slug_perm}`)

function findings(pkg: PackageRecord) {
  const n = parseInt(hexOf(`vulns:${pkg.slug_perm}`, 2), 16) % 4
  return Array.from({ length: n }, (_, i) => {
    const severity = SEVERITIES[parseInt(hexOf(`sev:${pkg.slug_perm}:${i}`, 2), 16) % 4]!
    const id = `CVE-2025-${(parseInt(hexOf(`cve:${pkg.slug_perm}:${i}`, 4), 16) % 9000) + 1000}`
    return present(
      getSchema('Vulnerability') ?? undefined,
      {
        vulnerability_id: id,
        title: `${severity} issue in ${pkg.name}`,
        description: `A ${severity.toLowerCase()} severity issue (mock finding).`,
        package_name: pkg.name,
        severity,
        severity_source: 'mock',
        references: [`https://nvd.nist.gov/vuln/detail/${id}`],
        affected_version: { major: 0, minor: 0, patch: 0, version: pkg.version ?? '' },
        fixed_version: { major: 0, minor: 0, patch: 0, version: '' },
      },
      `${pkg.slug_perm}:${i}`,
    )
  })
}

function result(ctx: RouteContext, pkg: PackageRecord, full: boolean) {
  const found = findings(pkg)
  const rank = (s: unknown) => SEVERITIES.indexOf(s as (typeof SEVERITIES)[number])
  const max = found.reduce<number>((m, f) => Math.max(m, rank(f.severity)), -1)
  const body: Record<string, unknown> = {
    identifier: scanIdOf(pkg),
    created_at: new Date(pkg.uploaded_at).toISOString(),
    scan_id: parseInt(hexOf(`scanid:${pkg.slug_perm}`, 6), 16),
    package: {
      identifier: pkg.slug_perm,
      name: pkg.name,
      version: pkg.version,
      url: `${ctx.origin}/packages/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/`,
    },
    has_vulnerabilities: found.length > 0,
    num_vulnerabilities: found.length,
    max_severity: max < 0 ? 'Unknown' : SEVERITIES[max],
  }
  if (full) body.scans = [{ target: pkg.filename, type: pkg.format, results: found }]
  return body
}

const scanned = (ctx: RouteContext, pkgs: PackageRecord[]) =>
  pkgs.filter((p) => syncView(p, ctx.state.clock.now()).is_sync_completed)

function list(ctx: RouteContext, pkgs: PackageRecord[]) {
  const { items, headers } = paginate(scanned(ctx, pkgs), readPageRequest(ctx.query), ctx.url)
  return { status: 200, body: items.map((p) => result(ctx, p, false)), headers }
}

function packageOf(ctx: RouteContext): PackageRecord {
  const { repo } = repoParamScope.resolve(ctx, 'read')
  const pkg = ctx.state.db.findPackage(repo!.namespace, repo!.slug, ctx.params.package ?? '')
  if (!pkg) throw errors.notFound()
  return pkg
}

export const vulnerabilityRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'vulnerabilities_namespace_list',
    method: 'GET',
    path: '/vulnerabilities/{owner}/',
    access: 'required',
    handle(ctx) {
      const { key } = namespaceScope.resolve(ctx, 'read')
      const repos = ctx.state.db.repositories.group(key).filter((r) => {
        try {
          visibleRepo(ctx, r.namespace, r.slug)
          return true
        } catch {
          return false
        }
      })
      return list(ctx, packagesOf(ctx.state, repos))
    },
  }),
  defineRoute({
    operationId: 'vulnerabilities_repo_list',
    method: 'GET',
    path: '/vulnerabilities/{owner}/{repo}/',
    access: 'optional',
    handle(ctx) {
      const { repo } = repoParamScope.resolve(ctx, 'read')
      return list(ctx, packagesOf(ctx.state, [repo!]))
    },
  }),
  defineRoute({
    operationId: 'vulnerabilities_package_list',
    method: 'GET',
    path: '/vulnerabilities/{owner}/{repo}/{package}/',
    access: 'optional',
    handle: (ctx) => list(ctx, [packageOf(ctx)]),
  }),
  defineRoute({
    operationId: 'vulnerabilities_read',
    method: 'GET',
    path: '/vulnerabilities/{owner}/{repo}/{package}/{identifier}/',
    access: 'optional',
    handle(ctx) {
      const pkg = packageOf(ctx)
      if (scanIdOf(pkg) !== ctx.params.identifier || !scanned(ctx, [pkg]).length)
        throw errors.notFound()
      return { status: 200, body: result(ctx, pkg, true) }
    },
  }),
]
