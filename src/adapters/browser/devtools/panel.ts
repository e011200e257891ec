/**
 * The panel's content and behaviour, plain DOM: every action goes through the control
 * (`window.cloudsmithMock`), so the panel can do nothing the console cannot.
 */
import type { CloudsmithMockControl } from '../control.ts'
import { LOG_LIMIT, loadPanel, savePanel, toLogLine, type LogLine } from './memory.ts'
import { PANEL_CSS } from './styles.ts'

type Attributes = Record<string, string>

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value)
  node.append(...children)
  return node
}

const MINUTE = 60_000
const CLOCK_STEPS: [string, number][] = [
  ['+1 min', MINUTE],
  ['+1 h', 60 * MINUTE],
  ['+1 day', 24 * 60 * MINUTE],
]

/** `12:34:56` of an ISO time, as the log shows it. */
const clockTime = (iso: string) => iso.slice(11, 19)

function logRow(line: LogLine, earlier: boolean): HTMLTableRowElement {
  const row = el('tr', { class: earlier ? 'earlier' : '', title: `${line.method} ${line.path}` })
  const status = el(
    'td',
    { class: `status ${line.status < 400 ? 'ok' : 'bad'}` },
    String(line.status),
  )
  row.append(
    el('td', {}, clockTime(line.time)),
    el('td', { class: 'operation' }, line.operation ?? `${line.method} ${line.path}`),
    status,
    el('td', { class: 'scenario' }, line.scenario ?? ''),
  )
  return row
}

/**
 * Fills `root` with the panel and keeps it in step with the mock; returns the clean-up.
 * Remembers (sessionStorage) whether it is folded and its last log lines.
 */
export function buildPanel(root: ShadowRoot, control: CloudsmithMockControl): () => void {
  const memory = loadPanel()
  const fold = el('button', { type: 'button', name: 'fold' })
  const scenario = el('select', { name: 'scenario', 'aria-label': 'Scenario' })
  const active = el('p', { class: 'muted active' })
  const status = el('input', {
    type: 'number',
    name: 'status',
    min: '100',
    max: '599',
    value: '503',
    'aria-label': 'Status',
  })
  const times = el('input', {
    type: 'number',
    name: 'times',
    min: '1',
    value: '1',
    'aria-label': 'Requests',
  })
  const force = el('button', { type: 'button', name: 'force' }, 'Force')
  const cancel = el('button', { type: 'button', name: 'cancel-force' }, 'Cancel')
  const pending = el('span', { class: 'pending' })
  const now = el('span', { class: 'now' })
  const reset = el('button', { type: 'button', name: 'reset' }, 'Reset data')
  const problem = el('p', { class: 'error', role: 'alert' })
  const log = el('tbody')
  const panel = el(
    'div',
    { class: 'panel', part: 'panel' },
    el('header', {}, el('strong', {}, 'Cloudsmith mock'), fold),
    el(
      'section',
      { class: 'scenarios' },
      el('h2', {}, 'Scenario'),
      el('div', { class: 'row' }, scenario),
      active,
    ),
    el(
      'section',
      { class: 'force' },
      el('h2', {}, 'Force a status'),
      el('div', { class: 'row' }, status, 'for', times, 'requests', force),
      el('div', { class: 'row' }, pending, cancel),
    ),
    el(
      'section',
      { class: 'clock' },
      el('h2', {}, 'Clock and data'),
      el(
        'div',
        { class: 'row' },
        now,
        ...CLOCK_STEPS.map(([label, ms]) =>
          el('button', { type: 'button', name: 'advance', 'data-ms': String(ms) }, label),
        ),
        reset,
      ),
      problem,
    ),
    el('section', { class: 'log' }, el('h2', {}, 'Requests'), el('table', {}, log)),
  )
  root.append(el('style', {}, PANEL_CSS), panel)

  for (const { name, description } of control.scenarios()) {
    const option = new Option(name, name)
    option.title = description
    scenario.add(option)
  }
  log.append(...memory.log.map((line) => logRow(line, true)))

  const render = () => {
    panel.classList.toggle('folded', memory.folded)
    fold.textContent = memory.folded ? 'Show' : 'Hide'
    const names = control.active()
    scenario.value = names[0] ?? 'happy'
    active.textContent = `Active: ${names.join(', ')}`
    const forced = control.forced()
    pending.textContent = forced
      ? `${forced.status} for the next ${forced.remaining} request${forced.remaining === 1 ? '' : 's'}`
      : 'Nothing forced'
    cancel.hidden = !forced
    now.textContent = `Now ${control.now().slice(0, 19).replace('T', ' ')}`
  }
  // A refused action (unknown status for every operation, ...) is shown, never thrown away.
  const attempt = (action: () => void | Promise<void>) => async () => {
    problem.textContent = ''
    try {
      await action()
    } catch (error) {
      problem.textContent = (error as Error).message
    }
    render()
  }

  fold.addEventListener(
    'click',
    attempt(() => {
      memory.folded = !memory.folded
      savePanel(memory)
    }),
  )
  scenario.addEventListener(
    'change',
    attempt(() => control.use(scenario.value)),
  )
  force.addEventListener(
    'click',
    attempt(() => control.force(status.valueAsNumber, times.valueAsNumber)),
  )
  cancel.addEventListener(
    'click',
    attempt(() => control.force(null)),
  )
  for (const button of panel.querySelectorAll<HTMLButtonElement>('button[name="advance"]'))
    button.addEventListener(
      'click',
      attempt(() => control.advance(Number(button.dataset.ms))),
    )
  reset.addEventListener(
    'click',
    attempt(async () => {
      await control.reset()
      memory.log = []
      log.replaceChildren()
      savePanel(memory)
    }),
  )

  const unsubscribe = control.onRequest((entry) => {
    const line = toLogLine(entry)
    memory.log = [line, ...memory.log].slice(0, LOG_LIMIT)
    savePanel(memory)
    log.prepend(logRow(line, false))
    while (log.rows.length > LOG_LIMIT) log.lastElementChild?.remove()
    render()
  })
  render()
  return unsubscribe
}
