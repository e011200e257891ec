/**
 * Which routes a rule applies to: by operation id, method and path (templates segment by
 * segment, `{x}` matching any one segment), and how a rule's reach is described in errors.
 */
import type { Rule } from './types.ts'

/** What a rule is matched against: one route, and for requests the concrete path. */
export interface RuleTarget {
  operationId: string
  method: string
  /** The route's path template, e.g. `/repos/{owner}/{identifier}/`. */
  template: string
  /** The request's path without the `/v1` prefix; the template when checking configuration. */
  path?: string
}

/** Whether `rule` applies to `target` (every criterion it gives must hold). */
export function matches(rule: Rule, target: RuleTarget): boolean {
  const ops = toList(rule.operations)
  if (ops.length && !ops.includes(target.operationId)) return false
  if (rule.method && rule.method !== target.method) return false
  if (rule.path && !pathMatches(rule.path, target.path ?? target.template)) return false
  return true
}

const segments = (path: string) =>
  path
    .replace(/^\/v1(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
const isParam = (segment: string) => segment.startsWith('{') && segment.endsWith('}')

/** Segment by segment; `{x}` on either side matches any one segment (templates against templates). */
function pathMatches(rulePath: string, path: string): boolean {
  const want = segments(rulePath)
  const got = segments(path)
  if (want.length !== got.length) return false
  return want.every((segment, i) => segment === got[i] || isParam(segment) || isParam(got[i]!))
}

/** What a rule matches, in words: `operations a, b, method GET` or `every request`. */
export function describeRule(rule: Rule): string {
  const parts = [
    rule.operations !== undefined && `operations ${toList(rule.operations).join(', ')}`,
    rule.method && `method ${rule.method}`,
    rule.path && `path ${rule.path}`,
  ].filter(Boolean)
  return parts.length ? parts.join(', ') : 'every request'
}

/** A rule's `operations` as a list (one id, several, or none given). */
export function toList(value: string | readonly string[] | undefined): readonly string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value
}
