/**
 * Bundles the command line (dist/cli/cloudsmith-mock.js, the package's `bin`) into one file.
 * Unbundled, `cloudsmith-mock serve` loaded ~860 modules (@msw/data alone pulls in 555 of
 * es-toolkit's) and spent half its start-up resolving and compiling them (bench/RESULTS.md).
 * Dependencies go inside; Node's built-ins stay imports.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_BUNDLE = path.join(root, 'dist/cli/cloudsmith-mock.js')

await build({
  entryPoints: [path.join(root, 'src/cli/bin.ts')],
  outfile: CLI_BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // CommonJS dependencies (ajv, commander, debug) require() Node's built-ins.
  banner: {
    js: "import { createRequire as createRequire$ } from 'node:module'; const require = createRequire$(import.meta.url);",
  },
  logLevel: 'warning',
})
console.log(`built ${path.relative(root, CLI_BUNDLE)}`)
