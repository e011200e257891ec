/** The package's version, read from its package.json (from src/ in development, dist/ when built). */
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export function packageVersion(): string {
  let directory = dirname(fileURLToPath(import.meta.url))
  for (let depth = 0; depth < 5; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string
        version?: string
      }
      if (pkg.name === 'cloudsmith-mock' && pkg.version) return pkg.version
    } catch {
      // not here: look one level up
    }
    directory = dirname(directory)
  }
  return '0.0.0'
}
