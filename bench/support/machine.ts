/** The machine the figures were measured on. */
import { cpus, loadavg, totalmem } from 'node:os'
import { readFileSync } from 'node:fs'
import type { Machine } from './report.ts'

function cpuModel(): string {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    const model = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]
    if (model) return model.trim()
  } catch {
    // not Linux: fall back to what os.cpus() says
  }
  return cpus()[0]?.model ?? 'unknown CPU'
}

export function describeMachine(): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadBefore: loadavg(),
  }
}
