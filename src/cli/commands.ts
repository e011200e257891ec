/**
 * The small commands: `scenarios` (the catalog), `fixtures` (the dataset as JSON) and
 * `init <publicDir>` (msw's service worker, for the browser runtime).
 */
import { copyFile, mkdir, readFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMock } from '../create-mock.ts'
import { CliError, oneLine } from './cli-error.ts'
import { loadConfigFile } from './config-file.ts'
import { checkPreset } from './serve-options.ts'

export async function listScenarios(
  options: { config?: string; json?: boolean },
  out: (text: string) => void,
): Promise<void> {
  const config = options.config ? await loadConfigFile(options.config) : {}
  let mock
  try {
    mock = createMock({
      preset: 'empty',
      customScenarios: config.customScenarios,
    })
  } catch (error) {
    throw new CliError(oneLine(error))
  }
  const scenarios = mock.scenarios.list()
  if (options.json) return out(JSON.stringify(scenarios, null, 2))
  const width = Math.max(...scenarios.map((s) => s.name.length))
  out(scenarios.map((s) => `${s.name.padEnd(width)}  ${s.description}`).join('\n'))
}

export async function printFixtures(
  options: { seed?: number; preset?: string },
  out: (text: string) => void,
): Promise<void> {
  const mock = createMock({ seed: options.seed, preset: checkPreset(options.preset) })
  await mock.ready()
  out(JSON.stringify(mock.db.snapshot(), null, 2))
}

export async function initWorker(publicDir: string, out: (text: string) => void): Promise<void> {
  const source = fileURLToPath(import.meta.resolve('msw/mockServiceWorker.js'))
  const target = join(resolve(publicDir), 'mockServiceWorker.js')
  try {
    await mkdir(resolve(publicDir), { recursive: true })
    await copyFile(source, target)
  } catch (error) {
    throw new CliError(`Cannot write ${target}: ${oneLine(error)}`)
  }
  const pkg = JSON.parse(
    await readFile(fileURLToPath(import.meta.resolve('msw/package.json')), 'utf8'),
  ) as { version: string }
  out(`Copied msw ${pkg.version}'s mockServiceWorker.js to ${target}.`)
  out('Serve that directory at the root of your app, then call startMockWorker().')
}
