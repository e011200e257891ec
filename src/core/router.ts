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
  param: { name: string; node: Node<T> } | null
  routes: Map<string, { route: T; template: string }>
}

const newNode = <T>(): Node<T> => ({ static: new Map(), param: null, routes: new Map() })

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '')
}

export class Router<T> {
  private readonly root: Node<T> = newNode()

  add(method: string, template: string, route: T): void {
    let node = this.root
    for (const segment of segments(template)) {
      const param = /^\{(.+)\}$/.exec(segment)
      if (param) {
        if (!node.param) node.param = { name: param[1]!, node: newNode() }
        else if (node.param.name !== param[1])
          throw new Error(`Route ${template}: {${param[1]}} conflicts with {${node.param.name}}`)
        node = node.param.node
      } else {
        let next = node.static.get(segment)
        if (!next) node.static.set(segment, (next = newNode()))
        node = next
      }
    }
    if (node.routes.has(method)) throw new Error(`Duplicate route ${method} ${template}`)
    node.routes.set(method, { route, template })
  }

  /** `null`: no such path; `{ allowed }`: the path exists for other methods (405). */
  match(method: string, path: string): RouteMatch<T> | { allowed: string[] } | null {
    const params: Record<string, string> = {}
    const node = this.walk(this.root, segments(path), 0, params)
    if (!node) return null
    const hit = node.routes.get(method) ?? (method === 'HEAD' ? node.routes.get('GET') : undefined)
    if (!hit) return { allowed: [...node.routes.keys()] }
    return { route: hit.route, params, template: hit.template }
  }

  private walk(
    node: Node<T>,
    parts: string[],
    index: number,
    params: Record<string, string>,
  ): Node<T> | null {
    if (index === parts.length) return node.routes.size ? node : null
    const part = parts[index]!
    const fixed = node.static.get(part)
    if (fixed) {
      const found = this.walk(fixed, parts, index + 1, params)
      if (found) return found
    }
    if (node.param) {
      let value: string
      try {
        value = decodeURIComponent(part)
      } catch {
        return null
      }
      const found = this.walk(node.param.node, parts, index + 1, params)
      if (found) {
        params[node.param.name] = value
        return found
      }
    }
    return null
  }
}
