/**
 * A repository's GeoIP rules: read, update, partial update, enable, disable, status, and test
 * addresses against the rules. The mock has no GeoIP database: CIDR rules are evaluated,
 * country rules cannot be (an address's `country_code` is null), which the test's `reason` says.
 */
import { errors } from '../../../src/core/errors.ts'
import { defineFamily, type ResourceFamily } from '../family.ts'
import { repositoryScope } from '../scopes.ts'

/** An IPv4 address as a 32-bit number, or null. */
function ipv4(text: string): number | null {
  const parts = text.trim().split('.')
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) < 256)) return null
  return parts.reduce((n, p) => n * 256 + Number(p), 0)
}

/** Whether `address` falls in `cidr` (IPv4 `a.b.c.d/n`, or a bare address). */
export function inCidr(address: string, cidr: string): boolean {
  const [base, bits = '32'] = cidr.split('/')
  const ip = ipv4(address)
  const net = ipv4(base ?? '')
  const size = Number(bits)
  if (ip === null || net === null || !Number.isInteger(size) || size < 0 || size > 32) return false
  const mask = size === 0 ? 0 : (0xffffffff << (32 - size)) >>> 0
  return (ip & mask) >>> 0 === (net & mask) >>> 0
}

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []

const rulesOf = (data: Record<string, unknown>) => {
  const cidr = (data.cidr ?? {}) as Record<string, unknown>
  return { allow: list(cidr.allow), deny: list(cidr.deny) }
}

export const geoipFamily: ResourceFamily = defineFamily({
  name: 'repo-geoip',
  group: 'repos',
  scope: repositoryScope,
  singleton: true,
  read: 'repos_geoip_read',
  update: 'repos_geoip_update',
  partialUpdate: 'repos_geoip_partial_update',
  levels: { read: 'admin' },
  actions: {
    repos_geoip_enable: { set: { enabled: true } },
    repos_geoip_disable: { set: { enabled: false } },
    api_repos_geoip_status: {
      level: 'admin',
      handle: (_fc, record) => ({
        status: 200,
        body: { geoip_enabled: record?.data.enabled === true },
      }),
    },
    repos_geoip_test: {
      level: 'admin',
      handle(fc, record) {
        const { allow, deny } = rulesOf(record?.data ?? {})
        const addresses = list(fc.ctx.body.addresses)
        const bad = addresses.filter((a) => ipv4(a) === null)
        if (bad.length)
          throw errors.invalid({
            addresses: bad.map((a) => `"${a.slice(0, 50)}" is not a valid IPv4 address.`),
          })
        return {
          status: 201,
          body: {
            addresses: addresses.map((address) => {
              const denied = deny.find((c) => inCidr(address, c))
              const allowed = allow.find((c) => inCidr(address, c))
              const verdict = denied
                ? { allowed: false, reason: `Denied by CIDR rule ${denied}.` }
                : allowed
                  ? { allowed: true, reason: `Allowed by CIDR rule ${allowed}.` }
                  : allow.length
                    ? { allowed: false, reason: 'Not in any allowed CIDR range.' }
                    : {
                        allowed: true,
                        reason: 'No rule matches; country rules are not evaluated by the mock.',
                      }
              return { ip_address: address, country_code: null, ...verdict }
            }),
          },
        }
      },
    },
  },
  summary: 'GeoIP rules: read, update, partial update, enable, disable, status, test addresses',
  relations:
    'one per repository; enable/disable show in status; test evaluates the stored CIDR rules (not enforced on downloads)',
})
