/**
 * Bundles the command line (dist/cli/cloudsmith-mock.js, the package's `bin`) into one file.
 * Unbundled, `cloudsmith-mock serve` loaded ~860 modules (@msw/data alone pulls in 555 of
 * es-toolkit's) and spent half its start-up resolving and compiling them (bench/RESULTS.md).
 * Dependencies go inside; Node's built-ins stay imports.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { build, type Plugin } from 'esbuild'
import { buildDefaultDataset } from '../fixtures/index.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const CLI_BUNDLE = path.join(root, 'dist/cli/cloudsmith-mock.js')

/** The default preset with default options, as `createMock()` would build it with faker. */
const defaultDatasetJson = JSON.stringify(buildDefaultDataset())
const snapshotModule = `export const defaultDatasetJson = ${JSON.stringify(defaultDatasetJson)}\n`

/**
 * Start-up costs the bundle avoids (bench/NOTES.md, cold start): the default dataset is built
 * here, once, instead of by faker at every start (fixtures/default-snapshot.ts), and JSON files
 * (the OpenAPI document) become `JSON.parse` of a string, which V8 parses far faster than the
 * same data as an object literal.
 */
const startUp: Plugin = {
  name: 'start-up',
  setup(build) {
    build.onLoad({ filter: /fixtures[\\/]default-snapshot\.ts$/ }, () => ({
      contents: snapshotModule,
      loader: 'js',
    }))
    build.onLoad({ filter: /\.json$/ }, async (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(await readFile(args.path, 'utf8'))))})`,
      loader: 'js',
    }))
  },
}

/**
 * Node's built-ins are loaded with `require()`, not `import`: importing one as ESM builds its
 * facade, which reads every export, and node:http's lazy `WebSocket`/`MessageEvent` getters then
 * load undici (~30 ms of a cold start, for a server that answers without it).
 */
const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'builtin'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'builtin' },
    )
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)})`,
      loader: 'js',
    }))
  },
}

/**
 * Dependencies the server's start-up does not use, in files of their own next to the bundle
 * (dist/cli/lazy/), loaded on first use: msw (the server answers through `mock.reply`; only
 * `mock.handlers` needs it, and its cookie store alone builds tldts's suffix trie and loads
 * undici) and faker (the default dataset is prebuilt). Out of the bundle, a start neither
 * reads, compiles nor runs them. Each export named here is a stand-in that requires its file
 * when first touched.
 */
const lazyModules: Record<string, { file: string; exports: readonly string[] }> = {
  msw: { file: 'msw.cjs', exports: ['http', 'RequestHandler'] },
  '@faker-js/faker/locale/en': { file: 'faker-en.cjs', exports: ['faker'] },
}
const LAZY_DIR = path.join(path.dirname(CLI_BUNDLE), 'lazy')
const loadedOnFirstUse: Plugin = {
  name: 'loaded-on-first-use',
  setup(build) {
    const specifiers = Object.keys(lazyModules).map((s) => s.replace(/[/.@-]/g, '\\$&'))
    build.onResolve({ filter: new RegExp(`^(${specifiers.join('|')})$`) }, (args) => ({
      path: args.path,
      namespace: 'lazy',
    }))
    build.onResolve({ filter: /^\.\/lazy\// }, (args) => ({ path: args.path, external: true }))
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => {
      const { file, exports } = lazyModules[args.path]!
      return {
        contents: [
          'let loaded',
          `const load = () => (loaded ??= require(${JSON.stringify(`./lazy/${file}`)}))`,
          ...exports.map(
            (name) =>
              `export const ${name} = new Proxy(function () {}, {` +
              ` get: (_, key) => load().${name}[key],` +
              ` apply: (_, self, args) => Reflect.apply(load().${name}, self, args),` +
              ` construct: (_, args) => Reflect.construct(load().${name}, args) })`,
          ),
        ].join('\n'),
        loader: 'js',
      }
    })
  },
}

await rm(LAZY_DIR, { recursive: true, force: true })
for (const [specifier, { file }] of Object.entries(lazyModules))
  await build({
    stdin: { contents: `module.exports = require(${JSON.stringify(specifier)})`, resolveDir: root },
    outfile: path.join(LAZY_DIR, file),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    minifyWhitespace: true,
    logLevel: 'warning',
  })

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
  // Whitespace and comments out: a third less to read, decode and compile at every start; the
  // output is then ASCII (esbuild escapes the rest), which Node decodes on its fast path.
  minifyWhitespace: true,
  inject: [path.join(root, 'scripts/lazy-message-event.js')],
  logLevel: 'warning',
  plugins: [startUp, builtinsByRequire, loadedOnFirstUse],
})
console.log(`built ${path.relative(root, CLI_BUNDLE)}`)

// The compiled package (dist/src, dist/fixtures: what `cloudsmith-mock/node` imports) gets the
// same snapshot: setupMockServer() and createMock() then skip faker too. tsc compiled the
// source's null; the browser bundle, built from source, keeps it (1 MB more to download would
// cost a page more than faker does).
const compiled = path.join(root, 'dist/fixtures/default-snapshot.js')
await writeFile(compiled, snapshotModule)
await rm(`${compiled}.map`, { force: true })
console.log(`wrote the default dataset into ${path.relative(root, compiled)}`)
