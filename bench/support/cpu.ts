/**
 * CPU time of processes and of the whole machine, to show that a figure measured the server and
 * not the load generator or a neighbour: /proc on Linux, `ps` elsewhere (macOS), where the
 * machine-wide figure is unknown (NaN).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
export const CLOCK_TICKS = 100

/** `ps -o time=` output ([[hh:]mm:]ss.cc) in ms. */
export function parsePsTime(text: string): number {
  const parts = text.trim().split(/[:-]/).map(Number)
  let seconds = 0
  for (const part of parts) seconds = seconds * 60 + part
  return seconds * 1000
}

/** CPU time (user + system) a process has used so far, in ms; null once it has gone. */
export function cpuTimeOf(pid: number): number | null {
  return cpuTimesOf(pid)?.total ?? null
}

/**
 * A process's CPU time so far in ms: all of it, and its part in user space (the rest is the
 * kernel's, its system calls); null once it has gone. Elsewhere than Linux only the total is
 * known (`user` NaN).
 */
export function cpuTimesOf(pid: number): { total: number; user: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const user = (Number(fields[11]) * 1000) / CLOCK_TICKS
    return { total: user + (Number(fields[12]) * 1000) / CLOCK_TICKS, user }
  } catch {
    if (process.platform === 'linux') return null
  }
  try {
    const total = parsePsTime(
      execFileSync('ps', ['-o', 'time=', '-p', String(pid)], { encoding: 'utf8' }),
    )
    return { total, user: Number.NaN }
  } catch {
    return null
  }
}

/** CPU time every core of the machine spent busy so far, in ms (/proc/stat); NaN elsewhere. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
    // cpu user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
    const [user, nice, system, , , irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number)
    return ((user! + nice! + system! + irq! + softirq! + (steal ?? 0)) * 1000) / CLOCK_TICKS
  } catch {
    return Number.NaN
  }
}

/** CPU shares over one measured window, in cores (1 = one core busy for the whole window). */
export interface CpuShares {
  server: number
  /** The server's share in user space alone (NaN where unknown). */
  serverUser: number
  client: number
  /** Every other process on the machine (NaN where the machine-wide figure is unknown). */
  other: number
}

/** Limits a round must stay within to count (issue 17 point 1). */
export const OTHER_LIMIT = 0.15

/** Why a round does not count, or null when it does. */
export function disturbance(cpu: CpuShares): string | null {
  if (cpu.client > cpu.server)
    return `client ${cpu.client.toFixed(2)} > server ${cpu.server.toFixed(2)} cores`
  if (cpu.other > OTHER_LIMIT) return `other processes ${cpu.other.toFixed(2)} cores`
  return null
}
