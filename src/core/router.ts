/**
 * The route table: a trie over path segments, so matching costs the depth of the path, not the
 * number of routes (about a hundred, thirty upload formats times two).
 */
export interface RouteMatch<T> {
  route: T
  params: Record<string, string>
  template: string
}

interface Node<T> {
  static: Map<string, Node<T>>
  /** Any one segment. Its name is each route's own (see `names`): the document names the
   * same position `{identifier}` in one path and `{repo}` in another (retention). */
  param: Node<T> | null
  /** Per method: the route, its template and the names of its parameters, in path order. */
  routes: Map<string, { route: T; template: string; names: string[] }>
}

const newNode = <T>(): Node<T> => ({ static: new Map(), param: null, routes: new Map() })

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

export class Router<T> {
  private readonly root: Node<T> = newNode()

  add(method: string, template: string, route: T): void {
    let node = this.root
    const names: string[] = []
    for (const segment of segments(template)) {
      const param = /^\{(.+)\}$/.exec(segment)
      if (param) {
        names.push(param[1]!)
        node = node.param ??= newNode()
      } else {
        let next = node.static.get(segment)
        if (!next) node.static.set(segment, (next = newNode()))
        node = next
      }
    }
    if (node.routes.has(method)) throw new Error(`Duplicate route ${method} ${template}`)
    node.routes.set(method, { route, template, names })
  }

  /** `null`: no such path; `{ allowed }`: the path exists for other methods (405). */
  match(method: string, path: string): RouteMatch<T> | { allowed: string[] } | null {
    const values: string[] = []
    const node = this.walk(this.root, segments(path), 0, values)
    if (!node) return null
    const hit = node.routes.get(method) ?? (method === 'HEAD' ? node.routes.get('GET') : undefined)
    if (!hit) return { allowed: [...node.routes.keys()] }
    const params: Record<string, string> = {}
    hit.names.forEach((name, i) => (params[name] = values[i]!))
    return { route: hit.route, params, template: hit.template }
  }

  private walk(
    node: Node<T>,
    parts: string[],
    index: number,
    /** The values of the parameters matched so far, in path order. */
    values: string[],
  ): Node<T> | null {
    if (index === parts.length) return node.routes.size ? node : null
    const part = parts[index]!
    const fixed = node.static.get(part)
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
