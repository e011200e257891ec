/**
 * DNS rebinding guard: a page on `evil.example` whose name is re-pointed at 127.0.0.1 reaches
 * the server as a same-origin request, so CORS cannot stop it; its `Host` header still names
 * `evil.example`. The server answers only Host values that name this machine, an IP address
 * (a rebinding attack needs a name), the address it listens on, or a host the user allowed.
 */
import { isIP } from 'node:net'

export interface HostGuardOptions {
  /** Extra host names (no port) to answer, e.g. a tunnel's or a LAN name; `*` allows any. */
  allowedHosts?: readonly string[]
}

export interface HostGuard {
  /** Whether a request with this `Host` header (name[:port]) may be answered; no header passes. */
  allows(host: string | undefined): boolean
  /** Also allows the name the server was asked to listen on (`listen(port, host)`). */
  addListenHost(host: string): void
}

const LOCAL_NAME = /^(?:[a-z\d-]+\.)*localhost\.?$/i

/** The name part of a Host header: `[::1]:80` -> `::1`, `Example.com.:80` -> `example.com`. */
function hostname(header: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(header)
  const name = bracketed ? bracketed[1]! : header.replace(/:\d*$/, '')
  return name.toLowerCase().replace(/\.$/, '')
}

/**
 * @example
 * const guard = createHostGuard({ allowedHosts: ['mock.internal'] })
 * guard.allows('127.0.0.1:8787') // true
 * guard.allows('evil.example:8787') // false
 */
export function createHostGuard(options: HostGuardOptions = {}): HostGuard {
  const names = new Set((options.allowedHosts ?? []).map(hostname))
  const any = names.has('*')
  // Host headers seen, and the verdict: a client sends the same one on every request, and
  // parsing it (three regular expressions, isIP) was a measurable part of a cached page.
  const seen = new Map<string, boolean>()
  return {
    allows(host) {
      // HTTP/1.0 clients may send none; browsers always do, so no rebinding comes without one.
      if (host === undefined || any) return true
      let verdict = seen.get(host)
      if (verdict === undefined) {
        const name = hostname(host)
        verdict = isIP(name) !== 0 || LOCAL_NAME.test(name) || names.has(name)
        // Bounded: a client inventing Host values must not grow it.
        if (seen.size >= 64) seen.clear()
        seen.set(host, verdict)
      }
      return verdict
    },
    addListenHost(host) {
      names.add(hostname(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host))
      seen.clear()
    },
  }
}
