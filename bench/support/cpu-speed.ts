/**
 * Whether every CPU of the machine ran at full speed around a round: bench/support/cpu-speed.c
 * times one loop per CPU before and after it. On this project's VM the host sometimes runs one
 * vCPU at half speed for minutes; the guest's CPU accounting does not show it (steal stays 0),
 * and a server placed on that vCPU answers at half its rate while its CPU share still reads
 * 100% (bench/NOTES.md). Linux only (it pins itself with sched_setaffinity).
 */
import { execFileSync } from 'node:child_process'
import { compiledTool } from './compiled-tool.ts'

/** A CPU whose loop took this much longer than the run's fastest makes its round not count. */
export const SLOW_CPU_LIMIT = 1.25

/** Seconds a round waits, probing every 2 s, for a slow CPU to come back to full speed. */
export const SLOW_CPU_WAIT_S = 60

export interface CpuSpeedWatch {
  /**
   * Times the loop on every CPU; returns why the machine was not at full speed (a CPU slower
   * than SLOW_CPU_LIMIT times the fastest probe of the run so far), or null.
   */
  check(): string | null
  /** check() until it passes, for up to SLOW_CPU_WAIT_S; the last reason, or null. */
  settle(): Promise<string | null>
}

/**
 * Milliseconds the probe's loop took on each online CPU (the fastest of three), null for a CPU it
 * could not pin itself to.
 * @example
 * probeCpuSpeeds(binary) // [2.37, 2.29]
 */
export function probeCpuSpeeds(binary: string): (number | null)[] {
  return (JSON.parse(execFileSync(binary, { encoding: 'utf8' })) as { ms: (number | null)[] }).ms
}

/**
 * Why a probe shows a CPU below full speed: its time more than SLOW_CPU_LIMIT times `fastest`
 * (the fastest time of the run, this probe's included); null when none is.
 * @example
 * slowCpu([2.3, 4.8], 2.3) // 'CPU 1 ran 2.09x slower than the run's fastest'
 */
export function slowCpu(times: readonly (number | null)[], fastest: number): string | null {
  let slowest = -1
  for (const [cpu, time] of times.entries())
    if (time !== null && (slowest < 0 || time > times[slowest]!)) slowest = cpu
  if (slowest < 0) return null
  const factor = times[slowest]! / fastest
  return factor > SLOW_CPU_LIMIT
    ? `CPU ${slowest} ran ${factor.toFixed(2)}x slower than the run's fastest`
    : null
}

/**
 * A watch over the CPUs' speed for one run; null where the probe cannot run (not Linux, no C
 * compiler).
 * @example
 * const watch = cpuSpeedWatch(false)
 * watch?.check() // null, or 'CPU 1 ran 2.05x slower than the run's fastest'
 */
export function cpuSpeedWatch(install: boolean): CpuSpeedWatch | null {
  if (process.platform !== 'linux') return null
  const binary = compiledTool('cpu-speed', install)
  if (!binary) return null
  let fastest = Number.POSITIVE_INFINITY
  const watch: CpuSpeedWatch = {
    async settle() {
      let reason = watch.check()
      for (let waited = 0; reason && waited < SLOW_CPU_WAIT_S; waited += 2) {
        await new Promise((resolve) => setTimeout(resolve, 2000))
        reason = watch.check()
      }
      return reason
    },
    check() {
      const times = probeCpuSpeeds(binary)
      for (const time of times) if (time !== null) fastest = Math.min(fastest, time)
      return slowCpu(times, fastest)
    },
  }
  return watch
}
