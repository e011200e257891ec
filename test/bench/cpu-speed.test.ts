/**
 * The CPU speed probe of the benchmark's HTTP rounds (bench/support/cpu-speed.c), compiled as a
 * full run compiles it. Its figures decide whether a round counts, so it must time every CPU of
 * the machine, and the decision must follow the limit. No speed of this machine is asserted.
 */
import { availableParallelism } from 'node:os'
import { describe, expect, it } from 'vitest'
import { compiledTool } from '../../bench/support/compiled-tool.ts'
import { probeCpuSpeeds, SLOW_CPU_LIMIT, slowCpu } from '../../bench/support/cpu-speed.ts'

describe('the CPU speed probe', () => {
  it('times its loop on every online CPU', () => {
    const binary = compiledTool('cpu-speed', false)
    expect(binary, 'a C compiler (npm test needs one, see the README)').not.toBeNull()
    const times = probeCpuSpeeds(binary!)
    expect(times).toHaveLength(availableParallelism())
    for (const time of times) expect(time).toBeGreaterThan(0)
  })

  it('names the slowest CPU when it is past the limit, and nothing within it', () => {
    expect(slowCpu([2.3, 4.8], 2.3)).toBe("CPU 1 ran 2.09x slower than the run's fastest")
    expect(slowCpu([5, 2.4], 2.3)).toBe("CPU 0 ran 2.17x slower than the run's fastest")
    expect(slowCpu([2.3, 2.3 * SLOW_CPU_LIMIT], 2.3)).toBeNull()
    expect(slowCpu([null, 2.4], 2.3)).toBeNull()
    expect(slowCpu([null, null], 2.3)).toBeNull()
  })
})
