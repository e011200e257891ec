/**
 * The route table: a trie over path segments, so matching costs the depth of the path, not the
 * number of routes (about a hundred, thirty upload formats times two).
 */
import { REMEMBERED_METHODS } from './request-url.ts'

export interface RouteMatch<T> {
  route: T
  /** Frozen: a match is shared by every request for the same method and path. */
  params: Readonly<Record<string, string>>
  template: string
  /** The path as matched: after the router's `readPath`. */
  path: string
}

interface Node<T> {
  /**
   * Made on first use, as `routes`: a node needs one or the other, and building both for each
   * node was most of the route table's cost at a mock's creation (a few ms of a cold start).
   */
  static: Map<string, Node<T>> | null
  /** Any one segment. Its name is each route's own (see `names`): the document names the
   * same position `{identifier}` in one path and `{repo}` in another (retention). */
  param: Node<T> | null
  /** Per method: the route, its template and the names of its parameters, in path order. */
  routes: Map<string, { route: T; template: string; names: string[] }> | null
}

const newNode = <T>(): Node<T> => ({ static: null, param: null, routes: null })

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

const OPEN_BRACE = 123
const CLOSE_BRACE = 125

/** Matches remembered; past this many, they are forgotten and remembered afresh. */
const MAX_MATCHES = 1024

export interface RouterOptions {
  /** How a request's path is read before matching (e.g. without a version prefix); default: as it is. */
  readPath?: (path: string) => string
}

export class Router<T> {
  private readonly root: Node<T> = newNode()
  private readonly readPath: (path: string) => string
  /**
   * Found routes of reads by method and path: clients ask for the same few pages over and over,
   * and splitting and walking each one again was ~1 µs of a cached page's answer (bench/NOTES.md).
   */
  private readonly matches = new Map<string, Map<string, RouteMatch<T>>>()
  private remembered = 0

  constructor(options: RouterOptions = {}) {
    this.readPath = options.readPath ?? ((path) => path)
  }

  add(method: string, template: string, route: T): void {
    let node = this.root
    const names: string[] = []
    // Segment by segment without a regular expression or a list of parts: this runs for each
    // of the ~350 routes at every mock's creation.
    let start = 0
    while (start < template.length) {
      let end = template.indexOf('/', start)
      if (end === -1) end = template.length
      if (end > start) {
        if (
          end - start > 2 &&
          template.charCodeAt(start) === OPEN_BRACE &&
          template.charCodeAt(end - 1) === CLOSE_BRACE
        ) {
          names.push(template.slice(start + 1, end - 1))
          node = node.param ??= newNode()
        } else {
          const segment = template.slice(start, end)
          const children = (node.static ??= new Map())
          let next = children.get(segment)
          if (!next) children.set(segment, (next = newNode()))
          node = next
        }
      }
      start = end + 1
    }
    const routes = (node.routes ??= new Map())
    if (routes.has(method)) throw new Error(`Duplicate route ${method} ${template}`)
    routes.set(method, { route, template, names })
    // A new route may take a path a parameter took before.
    this.matches.clear()
    this.remembered = 0
  }

  /** `null`: no such path; `{ allowed }`: the path exists for other methods (405). */
  match(method: string, path: string): RouteMatch<T> | { allowed: string[] } | null {
    const remember = REMEMBERED_METHODS.has(method)
    const known = remember ? this.matches.get(method)?.get(path) : undefined
    if (known) return known
    const found = this.find(method, this.readPath(path))
    if (remember && found && 'route' in found) {
      if (this.remembered >= MAX_MATCHES) {
        this.matches.clear()
        this.remembered = 0
      }
      let byPath = this.matches.get(method)
      if (!byPath) this.matches.set(method, (byPath = new Map()))
      byPath.set(path, found)
      this.remembered++
    }
    return found
  }

  private find(method: string, path: string): RouteMatch<T> | { allowed: string[] } | null {
    const values: string[] = []
    const node = this.walk(this.root, segments(path), 0, values)
    if (!node) return null
    const routes = node.routes!
    const hit = routes.get(method) ?? (method === 'HEAD' ? routes.get('GET') : undefined)
    if (!hit) return { allowed: [...routes.keys()] }
    const params: Record<string, string> = {}
    hit.names.forEach((name, i) => (params[name] = values[i]!))
    return Object.freeze({
      route: hit.route,
      params: Object.freeze(params),
      template: hit.template,
      path,
    })
  }

  private walk(
    node: Node<T>,
    parts: string[],
    index: number,
    /** The values of the parameters matched so far, in path order. */
    values: string[],
  ): Node<T> | null {
    if (index === parts.length) return node.routes?.size ? node : null
    const part = parts[index]!
    const fixed = node.static?.get(part)
    if (fixed) {
      const found = this.walk(fixed, parts, index + 1, values)
      if (found) return found
    }
    if (node.param) {
      let value: string
      try {
        value = decodeURIComponent(part)
      } catch {
        return null
      }
      const depth = values.length
      values.push(value)
      const found = this.walk(node.param, parts, index + 1, values)
      if (found) return found
      values.length = depth
    }
    return null
  }
}
