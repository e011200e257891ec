/**
 * With the frozen clock: same seed, same scenarios, same requests: byte-identical responses,
 * bodies and headers, in a new process. A different seed gives different data.
 */
import { execFile } from 'node:child_process'
import { resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const node = resolve('node_modules/.bin/node')
const script = resolve('test/scenarios/determinism-run.ts')

async function run(seed: number): Promise<string> {
  const { stdout } = await promisify(execFile)(node, [script, String(seed)], {
    maxBuffer: 64 * 1024 * 1024,
  })
  return stdout
}

describe('determinism across processes', () => {
  it('gives byte-identical responses for the same seed, and other data for another', async () => {
    const [first, second, other] = await Promise.all([run(7), run(7), run(8)])
    const lines = first.trim().split('\n')
    // The sequence reached what it means to cover: creation, forced errors, sequences.
    const statuses = lines.map((line) => (JSON.parse(line) as [string, string, number])[2])
    expect(statuses).toEqual(expect.arrayContaining([200, 201, 202, 204, 422, 429, 503]))
    expect(second).toBe(first)
    expect(other).not.toBe(first)
    // Different data, same shape: the same statuses in the same order.
    const otherStatuses = other
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as [string, string, number])[2])
    expect(otherStatuses).toEqual(statuses)
  })
})
