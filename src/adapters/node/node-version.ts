/**
 * msw 3 (and so this package) needs Node 22.12 or newer: on Node 20 it loads, then every request
 * fails deep inside msw (`currentHandlers.intersection is not a function`, `Promise.withResolvers
 * is not a function`), which names neither msw nor the Node version.
 */
export const MINIMUM_NODE = '22.12.0'

/**
 * Throws when `version` (default: this process's Node) is older than MINIMUM_NODE.
 * @throws Error naming both versions and what to do.
 * @example
 * assertSupportedNode('20.20.2') // throws: cloudsmith-mock needs Node 22.12.0 or newer ...
 */
export function assertSupportedNode(version: string = process.versions.node): void {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const [needMajor = 0, needMinor = 0] = MINIMUM_NODE.split('.').map(Number)
  if (major > needMajor || (major === needMajor && minor >= needMinor)) return
  throw new Error(
    `cloudsmith-mock needs Node ${MINIMUM_NODE} or newer (msw 3 does), and this is Node ${version}: ` +
      'run your tests with a newer Node (e.g. `nvm install 22`).',
  )
}
