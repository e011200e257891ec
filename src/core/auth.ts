/**
 * Credentials as Cloudsmith accepts them: `X-Api-Key: KEY`, `Authorization: Token KEY`,
 * `Authorization: Bearer KEY`, or Basic with the key as password.
 */
import { errors } from './errors.ts'

export type Credentials =
  | { scheme: 'none' }
  | { scheme: 'key' | 'token' | 'bearer'; key: string }
  | { scheme: 'basic'; username: string; key: string }

export interface Identity {
  /** The user's namespace slug. */
  user: string
}

/** Reads credentials from headers; a header present but unreadable is a 401, as on the real API. */
export function readCredentials(headers: Headers): Credentials {
  const apiKey = headers.get('x-api-key')
  if (apiKey !== null) {
    const key = apiKey.trim()
    if (!key) throw errors.invalidToken()
    return { scheme: 'key', key }
  }
  const authorization = headers.get('authorization')
  if (authorization === null || authorization.trim() === '') return { scheme: 'none' }
  const match = /^\s*(\w+)\s+(.+?)\s*$/.exec(authorization)
  if (!match) throw errors.invalidToken()
  const scheme = match[1]!.toLowerCase()
  const value = match[2]!
  if (scheme === 'token') return { scheme: 'token', key: value }
  if (scheme === 'bearer') return { scheme: 'bearer', key: value }
  if (scheme === 'basic') {
    let decoded: string
    try {
      decoded = atob(value)
    } catch {
      throw errors.invalidBasic()
    }
    const colon = decoded.indexOf(':')
    if (colon < 0) throw errors.invalidBasic()
    return { scheme: 'basic', username: decoded.slice(0, colon), key: decoded.slice(colon + 1) }
  }
  throw errors.invalidToken()
}

/**
 * Resolves credentials to an identity. `lookup` maps an API key to its user; an unknown key is
 * 401 "Invalid token." (Basic: "Invalid username/password.").
 */
export function authenticate(
  credentials: Credentials,
  lookup: (key: string) => string | undefined,
): Identity | null {
  if (credentials.scheme === 'none') return null
  const user = lookup(credentials.key)
  if (user === undefined) {
    throw credentials.scheme === 'basic' ? errors.invalidBasic() : errors.invalidToken()
  }
  return { user }
}
