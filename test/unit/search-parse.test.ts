/**
 * The search parser on its own: how a query groups (docs.cloudsmith.com, "Package Search
 * Syntax": "AND has a higher precedence than OR", "~ for negation"), and the ordering of
 * versions it compares (docs/search.md says which library decides which pair).
 */
import { describe, expect, it } from 'vitest'
import { parseQuery, type QueryNode } from '../../handlers/search/parse.ts'
import { compareVersions, compatibleWith, isPrerelease } from '../../handlers/search/versions.ts'
import { MockError } from '../../src/core/errors.ts'

/** A compact picture of the tree: terms as written, groups as (op ...). */
function shape(node: QueryNode | null): string {
  if (node === null) return '∅'
  switch (node.kind) {
    case 'term':
      return `${node.negate ? '!' : ''}${node.field ? `${node.field}:` : ''}${node.operator ?? ''}${node.value}`
    case 'not':
      return `(not ${shape(node.operand)})`
    default:
      return `(${node.kind} ${node.operands.map(shape).join(' ')})`
  }
}

describe('parseQuery', () => {
  it.each([
    ['', '∅'],
    ['   ', '∅'],
    ['format:raw OR format:npm', '(or format:raw format:npm)'],
    ['a b OR c', '(or (and a b) c)'],
    ['a OR b c', '(or a (and b c))'],
    ['a AND (b OR c)', '(and a (or b c))'],
    ['NOT a b', '(and (not a) b)'],
    ['NOT (a OR b)', '(not (or a b))'],
    ['NOT NOT a', '(not (not a))'],
    ['name:~x', '!name:x'],
    ['~name:x', '!name:x'],
    ['~name:~x', 'name:x'],
    ['version:~=9.2.0', 'version:~=9.2.0'],
    ['version:>=1.0 size:<10', '(and version:>=1.0 size:<10)'],
    ["uploaded: >'1 month ago'", 'uploaded:>1 month ago'],
    ['uploaded:>"1 day ago"', 'uploaded:>1 day ago'],
    ["name:O'Reilly", "name:O'Reilly"],
    ['and or not', '(and and or not)'],
    ['FORMAT:deb', 'format:deb'],
    ['(((a)))', 'a'],
  ])('%j parses as %s', (query, expected) => {
    expect(shape(parseQuery(query))).toBe(expected)
  })

  it.each([
    ['a OR', 'Expected a search term after "OR" at character 3.'],
    ['a AND', 'Expected a search term after "AND" at character 3.'],
    ['NOT', 'Expected a search term after "NOT" at character 1.'],
    ['a (', 'Expected a search term after "(" at character 3.'],
    ['(a', 'Unclosed "(" at character 1.'],
    ['a )', 'Unmatched ")" at character 3.'],
    ['a (b) )', 'Unmatched ")" at character 7.'],
    ['~', '"~" needs a search term after it at character 1.'],
    ['name:"x" y:"z', 'Unclosed quote " at character 12.'],
    ['name:"x"y', 'Text after the closing quote " at character 9.'],
  ])('%j is refused: %s', (query, message) => {
    try {
      parseQuery(query)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(MockError)
      expect((error as MockError).status).toBe(422)
      expect((error as MockError).fields).toEqual({ query: [message] })
    }
  })

  it('parses a long chain without deep recursion trouble', () => {
    const query = Array.from({ length: 200 }, (_, i) => `name:n${i}`).join(' OR ')
    const tree = parseQuery(query)
    expect(tree?.kind).toBe('or')
  })
})

describe('compareVersions', () => {
  it.each([
    ['1.2.3', '1.2.10', -1, 'semver'],
    ['2.0.0-rc.1', '2.0.0', -1, 'semver: a prerelease precedes its release'],
    ['v1.2.3', '1.2.3', 0, 'semver, loose'],
    ['1.0', '1.0.0', 0, 'PEP 440: missing numbers are zeros'],
    ['9.3.0a1', '9.3', -1, 'PEP 440: a1 precedes the release'],
    ['1.0.post1', '1.0', 1, 'PEP 440: post releases follow'],
    ['r10', 'r9', 1, 'natural order'],
    ['Release-B', 'release-b', 0, 'natural order ignores case'],
  ])('%s against %s is %i (%s)', (a, b, expected) => {
    expect(Math.sign(compareVersions(a, b))).toBe(expected)
  })

  it('~= is PEP 440 compatible release: ~=1.1.0 takes 1.1.x from 1.1.0 on', () => {
    const compatible = compatibleWith('1.1.0')!
    expect(['1.1.0', '1.1.9', '1.1.10'].map(compatible)).toEqual([true, true, true])
    expect(['1.0.9', '1.2.0', '1.2.0a1', '2.0'].map(compatible)).toEqual([
      false,
      false,
      false,
      false,
    ])
    expect(compatibleWith('latest')).toBeNull()
  })

  it.each([
    ['2.0.0-rc.1', true],
    ['9.3.0a1', true],
    ['1.0.dev3', true],
    ['1.0-SNAPSHOT', true],
    ['1.0~rc1', true],
    ['1.2.3', false],
    ['1.0.post1', false],
  ])('isPrerelease(%s) is %s', (version, expected) => {
    expect(isPrerelease(version)).toBe(expected)
  })
})
