/**
 * Builds the prebuilt browser bundle (dist/browser/cloudsmith-mock.js): one ESM file a plain
 * `<script type="module">` can import, with msw, zod, faker and ajv inside. Fails when a Node-only
 * module is reachable from the browser entry, naming the file that imports it.
 */
import { builtinModules } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Metafile, type Plugin } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const BROWSER_ENTRY = path.join(root, 'src/adapters/browser/index.ts')
export const BROWSER_BUNDLE = path.join(root, 'dist/browser/cloudsmith-mock.js')

const nodeOnly = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]))

/** esbuild would only say "could not resolve"; this says which of our files reached for Node. */
export const rejectNodeBuiltins: Plugin = {
  name: 'reject-node-builtins',
  setup(context) {
    context.onResolve({ filter: /^[a-z_:/]+$/ }, (args) => {
      if (!nodeOnly.has(args.path)) return undefined
      return {
        errors: [
          {
            text: `Node-only module "${args.path}" reached the browser bundle from ${path.relative(root, args.importer)}`,
          },
        ],
      }
    })
  },
}

export interface BrowserBuildOptions {
  /** Entry module (default: the browser adapter). */
  entry?: string
  outfile?: string
  minify?: boolean
}

/** Bundles `entry` for browsers; resolves with esbuild's metafile (inputs and sizes). */
export async function buildBrowserBundle(options: BrowserBuildOptions = {}): Promise<Metafile> {
  const result = await build({
    entryPoints: [options.entry ?? BROWSER_ENTRY],
    outfile: options.outfile ?? BROWSER_BUNDLE,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    sourcemap: true,
    metafile: true,
    legalComments: 'linked',
    logLevel: 'silent',
    plugins: [rejectNodeBuiltins],
  })
  return result.metafile
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const metafile = await buildBrowserBundle()
  const output = metafile.outputs[path.relative(process.cwd(), BROWSER_BUNDLE)]
  const kb = output ? Math.round(output.bytes / 1024) : 0
  console.log(`built ${path.relative(process.cwd(), BROWSER_BUNDLE)} (${kb} KiB)`)
}
