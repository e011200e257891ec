/**
 * msw 3's package.json asks for Node >= 22.12 (engines); on Node 20 it loads and then every request
 * fails with `currentHandlers.intersection is not a function` (Set.prototype.intersection is Node 22).
 */
import { describe, expect, it } from 'vitest'
import { assertSupportedNode } from '../../src/adapters/node/node-version.ts'

describe('assertSupportedNode', () => {
  it.each(['20.20.2', '22.11.0', '18.0.0'])('%s -> an error naming both versions', (version) => {
    expect(() => assertSupportedNode(version)).toThrow(
      `cloudsmith-mock needs Node 22.12.0 or newer (msw 3 does), and this is Node ${version}`,
    )
  })

  it.each(['22.12.0', '22.23.3', '24.1.0'])('%s -> accepted', (version) => {
    expect(() => assertSupportedNode(version)).not.toThrow()
  })
})
