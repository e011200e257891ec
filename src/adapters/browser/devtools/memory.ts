/**
 * What the panel itself keeps across reloads of the tab (the scenario and the forced status are
 * the control's to remember): whether it is folded, and the last lines of its request log.
 */
import type { JournalEntry } from '../../../core/journal.ts'

export const PANEL_KEY = 'cloudsmith-mock:devtools'
/** Log lines kept on screen and across reloads. */
export const LOG_LIMIT = 50

export interface LogLine {
  time: string
  method: string
  path: string
  operation: string | null
  status: number
  scenario: string | null
}

export interface PanelMemory {
  folded: boolean
  /** Newest first. */
  log: LogLine[]
}

export const toLogLine = (entry: JournalEntry): LogLine => ({
  time: entry.time,
  method: entry.method,
  path: entry.path,
  operation: entry.operationId,
  status: entry.status,
  scenario: entry.scenario,
})

// sessionStorage throws in sandboxed frames and some privacy modes: the panel still works.
function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

/** The remembered state, or a fresh one when there is none or it cannot be read. */
export function loadPanel(): PanelMemory {
  try {
    const saved = JSON.parse(storage()?.getItem(PANEL_KEY) ?? 'null') as Partial<PanelMemory> | null
    return {
      folded: saved?.folded === true,
      log: Array.isArray(saved?.log) ? saved.log.slice(0, LOG_LIMIT) : [],
    }
  } catch {
    return { folded: false, log: [] }
  }
}

export function savePanel(memory: PanelMemory): void {
  try {
    storage()?.setItem(PANEL_KEY, JSON.stringify(memory))
  } catch {
    // Full storage: the panel only forgets its log on reload.
  }
}
