/**
 * A request's headers, read straight from node:http's `rawHeaders`, as the fetch `Headers` the
 * core reads (`get`, `has`, iteration).
 *
 * Why not `new Headers()`: Node builds fetch's classes from undici, which it loads on first use,
 * and that load was the largest part of the server's first answer (~30-70 ms of a cold start
 * here, bench/NOTES.md); building one per request and appending each header (undici checks and
 * lowercases every name and value again) was also a per-request cost. node:http's parser has
 * already refused what fetch would (a name that is not a token, a value with CR, LF or NUL).
 */

/** The fetch Standard's HTTP whitespace (tab, LF, CR, space), stripped from a value's ends. */
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g

/**
 * `value` without HTTP whitespace at its ends. node:http's parser already strips it, so the
 * regular expression runs only for a value that still has some (one per header per request was
 * ~0.4 µs of a request's answer on the server).
 */
function trimmed(value: string): string {
  const first = value.charCodeAt(0)
  const last = value.charCodeAt(value.length - 1)
  return isHttpWhitespace(first) || isHttpWhitespace(last)
    ? value.replace(HTTP_WHITESPACE, '')
    : value
}

/** Tab, LF, CR or space. */
const isHttpWhitespace = (code: number) => code === 9 || code === 10 || code === 13 || code === 32

/**
 * The fetch `Headers` of a request that node:http parsed: names lowercased, repeated headers
 * combined with ", " (each `set-cookie` apart, as `getSetCookie()` and iteration give them),
 * iterated in name order, as `Headers` does. Writing to it (`append`, `set`, `delete`) turns it
 * into a real `Headers` with the same entries, which answers from then on.
 * @example
 * const headers = new IncomingHeaders(['X-Api-Key', 'demo-api-key', 'Accept', 'a', 'accept', 'b'])
 * headers.get('x-api-key') // 'demo-api-key'
 * headers.get('Accept') // 'a, b'
 */
export class IncomingHeaders implements Headers {
  readonly #raw: readonly string[]
  #byName: Map<string, string> | undefined
  #real: Headers | undefined

  /** @param raw node:http's `rawHeaders`: name, value, name, value... as received. */
  constructor(raw: readonly string[]) {
    this.#raw = raw
  }

  #fields(): Map<string, string> {
    if (this.#byName) return this.#byName
    const byName = new Map<string, string>()
    const raw = this.#raw
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase()
      const value = trimmed(raw[i + 1]!)
      const before = byName.get(name)
      byName.set(name, before === undefined ? value : `${before}, ${value}`)
    }
    return (this.#byName = byName)
  }

  #writable(): Headers {
    this.#real ??= new Headers([...this.#entries()])
    return this.#real
  }

  *#entries(): Generator<[string, string]> {
    const byName = this.#fields()
    for (const name of [...byName.keys()].sort())
      if (name === 'set-cookie') for (const value of this.getSetCookie()) yield [name, value]
      else yield [name, byName.get(name)!]
  }

  *#column(index: 0 | 1): Generator<string> {
    for (const entry of this.#entries()) yield entry[index]
  }

  get(name: string): string | null {
    if (this.#real) return this.#real.get(name)
    return this.#fields().get(name.toLowerCase()) ?? null
  }

  has(name: string): boolean {
    if (this.#real) return this.#real.has(name)
    return this.#fields().has(name.toLowerCase())
  }

  getSetCookie(): string[] {
    if (this.#real) return this.#real.getSetCookie()
    const cookies: string[] = []
    const raw = this.#raw
    for (let i = 0; i < raw.length; i += 2)
      if (raw[i]!.toLowerCase() === 'set-cookie') cookies.push(trimmed(raw[i + 1]!))
    return cookies
  }

  append(name: string, value: string): void {
    this.#writable().append(name, value)
  }

  set(name: string, value: string): void {
    this.#writable().set(name, value)
  }

  delete(name: string): void {
    this.#writable().delete(name)
  }

  forEach(
    callback: (value: string, key: string, parent: Headers) => void,
    thisArg?: unknown,
  ): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this)
  }

  entries(): HeadersIterator<[string, string]> {
    return (this.#real ? this.#real.entries() : this.#entries()) as HeadersIterator<
      [string, string]
    >
  }

  keys(): HeadersIterator<string> {
    return (this.#real ? this.#real.keys() : this.#column(0)) as HeadersIterator<string>
  }

  values(): HeadersIterator<string> {
    return (this.#real ? this.#real.values() : this.#column(1)) as HeadersIterator<string>
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries()
  }

  get [Symbol.toStringTag](): string {
    return 'Headers'
  }
}
