/**
 * The mock panel: pick a scenario (through `window.cloudsmithMock`) and see what the app got back.
 */
import { onResponse, type ErrorBody } from './api.ts'

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T

export function mountPanel(onChange: () => void): void {
  const control = window.cloudsmithMock
  if (!control) return
  const select = $<HTMLSelectElement>('scenario-select')
  const description = $('scenario-description')
  const scenarios = control.scenarios()
  for (const scenario of scenarios) select.add(new Option(scenario.name, scenario.name))
  const showActive = () => {
    select.value = control.active()[0] ?? 'happy'
    description.textContent = `Active: ${control.active().join(', ')}. ${
      scenarios.find((s) => s.name === select.value)?.description ?? ''
    }`
  }
  showActive()
  $('scenario-apply').addEventListener('click', () => {
    control.use(select.value)
    showActive()
    onChange()
  })
  $('mock-reset').addEventListener('click', async () => {
    await control.reset()
    showActive()
    onChange()
  })

  const status = $('last-status')
  const log = $('request-log')
  onResponse((response) => {
    const path = new URL(response.url).pathname
    $('last-request').textContent = `${response.method} ${path}`
    const fields = $('last-fields')
    fields.replaceChildren()
    if ('error' in response) {
      status.textContent = 'network error'
      status.className = 'error'
      $('last-detail').textContent = response.error
    } else {
      status.textContent = String(response.status)
      status.className = response.ok ? 'ok' : 'error'
      const body = (response.ok ? null : response.body) as ErrorBody | null
      $('last-detail').textContent = body?.detail ?? ''
      for (const [field, messages] of Object.entries(body?.fields ?? {})) {
        const item = document.createElement('li')
        item.textContent = `${field}: ${messages.join(' ')}`
        fields.append(item)
      }
    }
    const entry = document.createElement('li')
    entry.textContent = `${response.method} ${path} → ${'error' in response ? 'failed' : response.status}`
    log.prepend(entry)
  })
}
