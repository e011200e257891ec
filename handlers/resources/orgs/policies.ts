/**
 * An organisation's package policies: license and vulnerability policies (with evaluations and
 * the violations they find) and deny policies. Evaluations run at once against the packages of
 * the organisation's repositories matching the policy's `package_query_string` (the package
 * search language): a license policy is violated by a package whose license is not one of its
 * SPDX identifiers (an unknown license unless `allow_unknown_licenses`). The mock holds no
 * vulnerability scans, so vulnerability policies find no violations.
 */
import type { PackageRecord, ResourceRecord } from '../../../src/core/db/schemas.ts'
import { errors, MockError } from '../../../src/core/errors.ts'
import { getSchema } from '../../../src/core/openapi/index.ts'
import { nextId, type MockState, type RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { parsePackageQuery } from '../../package-query.ts'
import { listRecords, presentRecord, requireRecord, storeRecord } from '../engine.ts'
import { defineFamily, type FamilyContext, type Fields, type ResourceFamily } from '../family.ts'
import { present, tokenOf } from '../schema-body.ts'
import { apiUrl, drop, isoIn, recordOf, recordsOf } from './common.ts'
import { orgScope } from './org-scope.ts'

type Kind = 'license' | 'vulnerability'

/** Refuses a `package_query_string` the package search cannot read (422 on that field). */
function checkQuery(fields: Fields): void {
  try {
    parsePackageQuery(String(fields.package_query_string ?? ''))
  } catch (error) {
    if (!(error instanceof MockError)) throw error
    throw errors.invalid({ package_query_string: [error.detail] })
  }
}

const policyDefaults: Record<Kind | 'deny', Fields> = {
  license: {
    description: null,
    allow_unknown_licenses: false,
    on_violation_quarantine: false,
    package_query_string: null,
  },
  vulnerability: {
    description: null,
    min_severity: 'Critical',
    allow_unknown_severity: false,
    on_violation_quarantine: false,
    package_query_string: null,
  },
  deny: {
    name: null,
    description: null,
    enabled: true,
    action: 'Block downloads',
    status: 'Complete',
  },
}

const policyUrl = (origin: string, org: string, kind: Kind, slug: string) =>
  apiUrl(origin, `orgs/${org}/${kind}-policy/${slug}/`)

function policyFamily(kind: Kind | 'deny'): ResourceFamily {
  const op = `orgs_${kind}-policy` as const
  return defineFamily({
    name: `org-${kind}-policy`,
    group: 'orgs',
    scope: orgScope,
    list: `${op}_list`,
    create: `${op}_create`,
    read: `${op}_read`,
    update: `${op}_update`,
    partialUpdate: `${op}_partial_update`,
    delete: `${op}_delete`,
    hooks: {
      beforeWrite(fields) {
        checkQuery(fields)
        return { ...policyDefaults[kind], ...fields }
      },
      afterWrite({ before, after }, fc) {
        if (!before || after || kind === 'deny') return
        for (const evaluation of recordsOf(
          fc.ctx.state,
          `org-${kind}-policy-evaluation`,
          fc.scope.key,
        ))
          if (evaluation.data.policy_slug_perm === before.key) drop(fc.ctx.state, evaluation)
      },
    },
    summary:
      kind === 'deny'
        ? 'deny policies: list, create, read, update, partial update, delete'
        : `${kind} policies: list, create, read, update, partial update, delete`,
    relations:
      kind === 'deny'
        ? '`package_query_string` is checked as a package search; stored, not enforced on downloads'
        : '`package_query_string` is checked as a package search; deleting a policy deletes its evaluations',
  })
}

/** The organisation's packages a policy's query selects. */
function packagesFor(state: MockState, org: string, policy: Fields): PackageRecord[] {
  const filter = parsePackageQuery(String(policy.package_query_string ?? ''))
  const now = state.clock.now()
  return state.db.packages
    .all()
    .filter((pkg) => pkg.namespace === org && (!filter || filter(pkg, now)))
}

/** Why `pkg` violates a license policy, or null. */
function licenseReasons(pkg: PackageRecord, policy: Fields): string[] | null {
  const allowed = Array.isArray(policy.spdx_identifiers)
    ? (policy.spdx_identifiers as string[])
    : []
  if (pkg.license === null || pkg.license === '')
    return policy.allow_unknown_licenses ? null : ['The package’s license is unknown.']
  return allowed.includes(pkg.license) ? null : [`License "${pkg.license}" is not allowed.`]
}

function violationsOf(state: MockState, kind: Kind, org: string, policy: Fields): PackageRecord[] {
  if (kind === 'vulnerability') return []
  return packagesFor(state, org, policy).filter((pkg) => licenseReasons(pkg, policy) !== null)
}

function nested(fc: FamilyContext, kind: Kind, policy: ResourceRecord): Fields {
  return {
    ...policy.data,
    url: policyUrl(fc.ctx.origin, fc.scope.key, kind, policy.key),
  }
}

function evaluationFamily(kind: Kind): ResourceFamily {
  const op = `orgs_${kind}-policy_evaluation` as const
  const policyFamilyName = `org-${kind}-policy`
  const policyOf = (fc: FamilyContext) => {
    const policy = recordOf(
      fc.ctx.state,
      policyFamilyName,
      fc.scope.key,
      fc.ctx.params.policy_slug_perm ?? '',
    )
    if (!policy) throw errors.notFound()
    return policy
  }
  return defineFamily({
    name: `org-${kind}-policy-evaluation`,
    group: 'orgs',
    scope: orgScope,
    hooks: {
      present: (record, fc) => {
        const policy = recordOf(
          fc.ctx.state,
          policyFamilyName,
          fc.scope.key,
          String(record.data.policy_slug_perm),
        )
        return policy ? { policy: nested(fc, kind, policy) } : {}
      },
    },
    actions: {
      [`${op}_create`]: {
        async handle(fc: FamilyContext) {
          const policy = policyOf(fc)
          const state = fc.ctx.state
          const key = tokenOf(`${state.seed}:${op}:${fc.scope.key}:${nextId(state, op)}`)
          const now = isoIn(state)
          const record = await storeRecord(fc, key, {
            slug_perm: key,
            policy_slug_perm: policy.key,
            status: 'Complete',
            evaluation_count: packagesFor(state, fc.scope.key, policy.data).length,
            violation_count: violationsOf(state, kind, fc.scope.key, policy.data).length,
            created_at: now,
            updated_at: now,
          })
          return { status: 201, body: presentRecord(fc, record, 201) }
        },
      },
      [`${op}_list`]: {
        level: 'read',
        handle(fc: FamilyContext) {
          const policy = policyOf(fc)
          const records = listRecords(fc).filter((r) => r.data.policy_slug_perm === policy.key)
          return { status: 200, body: records.map((r) => presentRecord(fc, r, 200)) }
        },
      },
      [`${op}_read`]: {
        level: 'read',
        handle(fc: FamilyContext) {
          const policy = policyOf(fc)
          const record = requireRecord(fc, fc.ctx.params.slug_perm ?? '')
          if (record.data.policy_slug_perm !== policy.key) throw errors.notFound()
          return { status: 200, body: presentRecord(fc, record, 200) }
        },
      },
    },
    summary: `${kind} policy evaluations: create (runs at once), list, read`,
    relations:
      kind === 'license'
        ? 'counts the organisation’s packages the policy selects and those whose license it does not allow'
        : 'counts the packages the policy selects; no violations (the mock holds no vulnerability scans)',
  })
}

export const policyFamilies: readonly ResourceFamily[] = [
  policyFamily('license'),
  evaluationFamily('license'),
  policyFamily('vulnerability'),
  evaluationFamily('vulnerability'),
  policyFamily('deny'),
]

function violationRoute(kind: Kind): RouteDefinition {
  const schemaName =
    kind === 'license'
      ? 'PackageLicensePolicyViolationLog'
      : 'PackageVulnerabilityPolicyViolationLog'
  return defineRoute({
    operationId: `orgs_${kind}-policy-violation_list`,
    method: 'GET',
    path: `/orgs/{org}/${kind}-policy-violation/`,
    access: 'required',
    writes: false,
    handle(ctx: RouteContext) {
      const scope = orgScope.resolve(ctx, 'read')
      const org = scope.key
      const results: unknown[] = []
      for (const policy of recordsOf(ctx.state, `org-${kind}-policy`, org))
        for (const pkg of violationsOf(ctx.state, kind, org, policy.data))
          results.push(
            present(
              getSchema(schemaName),
              {
                package: {
                  identifier: pkg.slug_perm,
                  name: pkg.name,
                  version: pkg.version ?? '',
                  url: apiUrl(
                    ctx.origin,
                    `packages/${pkg.namespace}/${pkg.repository}/${pkg.slug_perm}/`,
                  ),
                },
                policy: { ...policy.data, url: policyUrl(ctx.origin, org, kind, policy.key) },
                reasons: licenseReasons(pkg, policy.data) ?? [],
                event_at: new Date(pkg.uploaded_at).toISOString(),
              },
              `${policy.key}:${pkg.slug_perm}`,
            ),
          )
      return { status: 200, body: { next: null, previous: null, results } }
    },
  })
}

/** The violation logs: computed from the policies and packages as they are now. */
export const violationRoutes: readonly RouteDefinition[] = [
  violationRoute('license'),
  violationRoute('vulnerability'),
]
