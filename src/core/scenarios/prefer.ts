/**
 * The `Prefer` request header as RFC 7240 §2 defines it:
 *
 *   Prefer     = 1#preference
 *   preference = token [ BWS "=" BWS word ] *( OWS ";" [ OWS parameter ] )
 *   parameter  = token [ BWS "=" BWS word ]      word = token / quoted-string
 *
 * Names are case-insensitive, `=` may have whitespace around it, values may be quoted, one header
 * (or several, which Headers joins with ", ") holds several preferences, and "if any preference
 * is specified more than once, only the first instance is to be considered". Malformed parts are
 * skipped up to the next comma, as a server ignores what it cannot use.
 */

/** One preference: its value (null when it has none) and its parameters, names lower-cased. */
export interface Preference {
  value: string | null
  parameters: ReadonlyMap<string, string | null>
}

const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const ows = /[ \t]/

/**
 * Reads a Prefer header into its preferences, by lower-cased name.
 *
 * @example parsePrefer('CODE = "404", example=x; foo').get('code')?.value // '404'
 */
export function parsePrefer(header: string | null): Map<string, Preference> {
  const preferences = new Map<string, Preference>()
  if (!header) return preferences
  let i = 0
  const skip = () => {
    while (i < header.length && ows.test(header[i]!)) i++
  }
  const token = () => {
    const start = i
    while (i < header.length && tchar.test(header[i]!)) i++
    return header.slice(start, i)
  }
  const quoted = () => {
    let text = ''
    for (i++; i < header.length && header[i] !== '"'; i++) {
      if (header[i] === '\\' && i + 1 < header.length) i++
      text += header[i]
    }
    i++
    return text
  }
  const word = () => (header[i] === '"' ? quoted() : token())
  // `name [= word]`, whitespace allowed around "=" (RFC 7240's BWS).
  const pair = (): [string, string | null] | null => {
    const name = token().toLowerCase()
    if (!name) return null
    skip()
    if (header[i] !== '=') return [name, null]
    i++
    skip()
    return [name, word()]
  }
  const toNextComma = () => {
    while (i < header.length && header[i] !== ',') {
      if (header[i] === '"') quoted()
      else i++
    }
  }

  while (i < header.length) {
    skip()
    if (header[i] === ',') {
      i++
      continue
    }
    const preference = pair()
    if (!preference) {
      toNextComma()
      continue
    }
    const parameters = new Map<string, string | null>()
    skip()
    while (header[i] === ';') {
      i++
      skip()
      const parameter = pair()
      if (parameter && !parameters.has(parameter[0])) parameters.set(...parameter)
      skip()
    }
    if (i < header.length && header[i] !== ',') toNextComma()
    const [name, value] = preference
    if (!preferences.has(name)) preferences.set(name, { value, parameters })
  }
  return preferences
}
