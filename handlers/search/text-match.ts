/**
 * String matching for search values: `^` anchors to the start, `$` to the end, `*` is a
 * wildcard, case is ignored (docs.cloudsmith.com, "Package Search Syntax": "For string queries
 * you can use ^, $, *"). Without anchors a value matches when the field contains it, or, for the
 * fields Cloudsmith compares whole (`format:deb` is "format is deb"), when it equals it.
 */

/**
 * A matcher for one search value.
 *
 * @param value the value as written, anchors and wildcards included
 * @param whole true for fields compared whole (equality without anchors)
 * @example textMatcher('^lib*$', false)('libfoo') // true
 */
export function textMatcher(value: string, whole: boolean): (candidate: string) => boolean {
  const lower = value.toLowerCase()
  const start = lower.startsWith('^')
  const end = lower.length > 1 && lower.endsWith('$')
  const core = lower.slice(start ? 1 : 0, end ? -1 : undefined)
  if (core.includes('*') || start || end) {
    const exact = whole && !core.includes('*')
    const match = glob(core.split('*'), start || exact, end || exact)
    return (candidate) => match(candidate.toLowerCase())
  }
  return whole
    ? (candidate) => candidate.toLowerCase() === lower
    : (candidate) => candidate.toLowerCase().includes(lower)
}

/** Whether a value uses `^`, `$` or `*`, which make any field a string match. */
export function hasPattern(value: string): boolean {
  return value.startsWith('^') || (value.length > 1 && value.endsWith('$')) || value.includes('*')
}

/**
 * `*` wildcards without a regular expression: `name:*a*a*a…b` as a regex backtracks
 * exponentially and held the event loop for minutes. Pieces are found left to right, each at its
 * first place after the previous one, which is linear per piece.
 */
function glob(pieces: string[], anchorStart: boolean, anchorEnd: boolean) {
  const first = pieces[0]!
  const last = pieces[pieces.length - 1]!
  return (text: string): boolean => {
    if (pieces.length === 1) {
      if (anchorStart && anchorEnd) return text === first
      if (anchorStart) return text.startsWith(first)
      if (anchorEnd) return text.endsWith(first)
      return text.includes(first)
    }
    let at: number
    if (anchorStart) {
      if (!text.startsWith(first)) return false
      at = first.length
    } else {
      const found = text.indexOf(first)
      if (found < 0) return false
      at = found + first.length
    }
    for (let i = 1; i < pieces.length - 1; i++) {
      const found = text.indexOf(pieces[i]!, at)
      if (found < 0) return false
      at = found + pieces[i]!.length
    }
    if (anchorEnd) return text.length - last.length >= at && text.endsWith(last)
    return text.indexOf(last, at) >= 0
  }
}
