/**
 * The package search syntax as a tree: terms joined by `AND` (also implied by a space), `OR` and
 * `NOT`, grouped with parentheses; `AND` binds tighter than `OR` (docs.cloudsmith.com, "Package
 * Search Syntax": "AND has a higher precedence than OR"). A term is `[~][field:][~][op]value`,
 * the value bare or quoted ('1 day ago'). Only the upper-case words are operators: `and` is a
 * search word. Knows nothing of packages: fields and values are checked by compile.ts.
 */
import { errors, type MockError } from '../../src/core/errors.ts'

/** A comparison written before a value: `version:>=1.2`, `size:<1000`, `version:~=1.1`. */
export type Operator = '>' | '>=' | '<' | '<=' | '=' | '~='

export interface Term {
  kind: 'term'
  /** Lower-cased field name, or null for a bare word (name, filename, version…). */
  field: string | null
  /** Where things start in the query, 0-based, for error messages. */
  at: number
  operatorAt: number
  valueAt: number
  negate: boolean
  operator: Operator | null
  /** Without its quotes; anchors and wildcards kept. */
  value: string
}

export type QueryNode =
  Term | { kind: 'not'; operand: QueryNode } | { kind: 'and' | 'or'; operands: QueryNode[] }

/**
 * The one error a query can get: a 422 whose `fields.query` says what and where (1-based).
 *
 * @example queryError('Unclosed "("', 0) // 422 { fields: { query: ['Unclosed "(" at character 1.'] } }
 */
export function queryError(message: string, at: number): MockError {
  return errors.invalid({ query: [`${message} at character ${at + 1}.`] })
}

interface Token {
  type: 'open' | 'close' | 'AND' | 'OR' | 'NOT' | 'term'
  at: number
  end: number
}

const space = /\s/
const fieldPrefix = /^~?[A-Za-z_][A-Za-z0-9_]*:$/
// A quote opens a quoted value only where a value starts, so `name:O'Reilly` stays a word.
const beforeQuote = new Set(['', ':', '~', '<', '>', '=', '^'])

function tokenize(query: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < query.length) {
    const c = query[i]!
    if (space.test(c)) {
      i++
      continue
    }
    if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'open' : 'close', at: i, end: i + 1 })
      i++
      continue
    }
    const start = i
    while (i < query.length) {
      const ch = query[i]!
      if (space.test(ch)) {
        // The docs write `uploaded: >'1 month ago'`: a space may follow a field's colon.
        let next = i
        while (next < query.length && space.test(query[next]!)) next++
        const follows = query[next]
        const continues = follows !== undefined && follows !== '(' && follows !== ')'
        if (continues && fieldPrefix.test(query.slice(start, i))) {
          i = next
          continue
        }
        break
      }
      if (ch === '(' || ch === ')') break
      const before = i === start ? '' : query[i - 1]!
      if ((ch === '"' || ch === "'") && (beforeQuote.has(before) || space.test(before))) {
        const close = query.indexOf(ch, i + 1)
        if (close < 0) throw queryError(`Unclosed quote ${ch}`, i)
        i = close + 1
        continue
      }
      i++
    }
    const text = query.slice(start, i)
    const type = text === 'AND' || text === 'OR' || text === 'NOT' ? text : 'term'
    tokens.push({ type, at: start, end: i })
  }
  return tokens
}

const shown = (token: Token) =>
  token.type === 'open' ? '(' : token.type === 'close' ? ')' : token.type

const fieldName = /^[A-Za-z_][A-Za-z0-9_]*:/
const operators: Operator[] = ['>=', '<=', '~=', '>', '<', '=']

function parseTerm(query: string, token: Token): Term {
  let i = token.at
  const end = token.end
  let negate = false
  if (query[i] === '~') {
    negate = true
    i++
  }
  const at = i
  let field: string | null = null
  let operator: Operator | null = null
  const named = fieldName.exec(query.slice(i, end))
  if (named) {
    field = named[0].slice(0, -1).toLowerCase()
    i += named[0].length
    while (i < end && space.test(query[i]!)) i++
    if (query[i] === '~' && query[i + 1] !== '=') {
      negate = !negate
      i++
    }
    operator = operators.find((op) => query.startsWith(op, i)) ?? null
  }
  const operatorAt = i
  if (operator) i += operator.length
  const valueAt = i
  let value = query.slice(i, end)
  const quote = value[0]
  if (quote === '"' || quote === "'") {
    if (value.length < 2 || !value.endsWith(quote))
      throw queryError(`Text after the closing quote ${quote}`, query.indexOf(quote, i + 1) + 1)
    value = value.slice(1, -1)
  } else if (field === null && negate && value === '') {
    throw queryError('"~" needs a search term after it', token.at)
  }
  if (!value)
    throw queryError(
      field === null ? 'Empty search term' : `Search field "${field.slice(0, 40)}" needs a value`,
      valueAt,
    )
  return { kind: 'term', field, at, operatorAt, valueAt, negate, operator, value }
}

/**
 * Parses a search query into a tree; null for a blank query. Throws the 422 of queryError for
 * anything that is not a query: unbalanced parentheses or quotes, an operator without a term,
 * an empty value.
 *
 * @example parseQuery('format:raw OR format:npm') // { kind: 'or', operands: [term, term] }
 */
export function parseQuery(query: string): QueryNode | null {
  const tokens = tokenize(query)
  if (!tokens.length) return null
  let next = 0
  const peek = () => tokens[next]

  const expectTerm = (after: Token | undefined): never => {
    const found = peek()
    if (!found)
      throw after
        ? queryError(`Expected a search term after "${shown(after)}"`, after.at)
        : queryError('Expected a search term', query.length)
    if (found.type === 'close') throw queryError('Unmatched ")"', found.at)
    throw queryError(`"${shown(found)}" needs a search term before it`, found.at)
  }

  const primary = (after: Token | undefined): QueryNode => {
    const token = peek()
    if (token?.type === 'term') {
      next++
      return parseTerm(query, token)
    }
    if (token?.type === 'NOT') {
      next++
      return { kind: 'not', operand: primary(token) }
    }
    if (token?.type === 'open') {
      next++
      if (peek()?.type === 'close') throw queryError('Empty parentheses', token.at)
      const inner = or(token)
      if (peek()?.type !== 'close') throw queryError('Unclosed "("', token.at)
      next++
      return inner
    }
    return expectTerm(after)
  }

  const and = (after: Token | undefined): QueryNode => {
    const operands = [primary(after)]
    for (let token = peek(); token && token.type !== 'OR' && token.type !== 'close';) {
      if (token.type === 'AND') next++
      operands.push(primary(token.type === 'AND' ? token : undefined))
      token = peek()
    }
    return operands.length === 1 ? operands[0]! : { kind: 'and', operands }
  }

  const or = (after: Token | undefined): QueryNode => {
    const operands = [and(after)]
    for (let token = peek(); token?.type === 'OR'; token = peek()) {
      next++
      operands.push(and(token))
    }
    return operands.length === 1 ? operands[0]! : { kind: 'or', operands }
  }

  const tree = or(undefined)
  const left = peek()
  if (left) throw queryError('Unmatched ")"', left.at)
  return tree
}
