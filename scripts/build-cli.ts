/**
 * Bundles the command line into one file (dist/cli/main.js), which the package's `bin`
 * (dist/cli/cloudsmith-mock.js, written here too) imports, with its data files (dist/cli/data/)
 * and the dependencies it loads on first use (dist/cli/lazy/) beside it. Unbundled,
 * `cloudsmith-mock serve` loaded ~860 modules (@msw/data alone pulls in 555 of es-toolkit's) and
 * spent half its start-up resolving and compiling them (bench/RESULTS.md). Dependencies go
 * inside; Node's built-ins stay imports.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { build, type Plugin } from 'esbuild'
import { buildDefaultDataset } from '../fixtures/index.ts'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
/** The package's `bin`: turns on Node's compile cache, then imports the bundle beside it. */
export const CLI_BIN = path.join(root, 'dist/cli/cloudsmith-mock.js')
export const CLI_BUNDLE = path.join(root, 'dist/cli/main.js')

/** The default preset with default options, as `createMock()` would build it with faker. */
const defaultDatasetJson = JSON.stringify(buildDefaultDataset())
const snapshotModule = `export const defaultDatasetJson = ${JSON.stringify(defaultDatasetJson)}\n`

/**
 * Data the bundle reads from files beside it (dist/cli/data/) instead of holding as string
 * literals: every start read, decoded and scanned those 880 KB of text with the code around
 * them, ~35 ms of a ~370 ms cold start here (bench/NOTES.md); a file read is one `readFileSync`.
 */
const DATA_DIR = path.join(path.dirname(CLI_BUNDLE), 'data')
const readBeside = (file: string) =>
  `import { readFileSync } from 'node:fs'\n` +
  `const text = readFileSync(new URL(${JSON.stringify(`./data/${file}`)}, import.meta.url), 'utf8')\n`
/** JSON files larger than this become data files; small ones (ajv's meta-schemas) stay inline. */
const INLINE_JSON_LIMIT = 64 * 1024

/**
 * Start-up costs the bundle avoids (bench/NOTES.md, cold start): the default dataset is built
 * here, once, instead of by faker at every start (fixtures/default-snapshot.ts), and JSON files
 * (the OpenAPI document) become `JSON.parse` of text, which V8 parses far faster than the same
 * data as an object literal.
 */
const dataFiles = new Set<string>()
const startUp: Plugin = {
  name: 'start-up',
  setup(build) {
    build.onLoad({ filter: /fixtures[\\/]default-snapshot\.ts$/ }, async () => {
      await writeFile(path.join(DATA_DIR, 'default-dataset.json'), defaultDatasetJson)
      return {
        contents: `${readBeside('default-dataset.json')}export const defaultDatasetJson = text\n`,
        loader: 'js',
      }
    })
    build.onLoad({ filter: /\.json$/ }, async (args) => {
      const json = JSON.stringify(JSON.parse(await readFile(args.path, 'utf8')))
      if (json.length <= INLINE_JSON_LIMIT)
        return { contents: `export default JSON.parse(${JSON.stringify(json)})`, loader: 'js' }
      const file = path.basename(args.path)
      if (dataFiles.has(file)) throw new Error(`two JSON files named ${file} in the bundle`)
      dataFiles.add(file)
      await writeFile(path.join(DATA_DIR, file), json)
      return { contents: `${readBeside(file)}export default JSON.parse(text)\n`, loader: 'js' }
    })
  },
}

/**
 * Node's built-ins are loaded with `require()`, not `import`: importing one as ESM builds its
 * facade, which reads every export, and node:http's lazy `WebSocket`/`MessageEvent` getters then
 * load undici (~30 ms of a cold start, for a server that answers without it). Those a start
 * does not use are required when first used (~10 ms of a start here): commander imports
 * node:child_process for executable subcommands, which this CLI has none of; node:crypto serves
 * uploads' checksums, the write log and the admin token.
 */
const loadedWhenUsed = new Set(['node:child_process', 'node:crypto'])
const builtinsByRequire: Plugin = {
  name: 'builtins-by-require',
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.namespace === 'builtin'
        ? { path: args.path, external: true }
        : { path: args.path, namespace: 'builtin' },
    )
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, async (args) => {
      const required = `require(${JSON.stringify(args.path)})`
      if (!loadedWhenUsed.has(args.path))
        return { contents: `module.exports = ${required}`, loader: 'js' }
      // An ES module of stand-ins: esbuild binds imports to them without reading the built-in's
      // properties, which a CommonJS `module.exports` would have it copy at load.
      const names = Object.keys((await import(args.path)) as object).filter((n) => n !== 'default')
      return { contents: standIns(required, names, true), loader: 'js' }
    })
  },
}

/**
 * An ES module whose exports stand in for `names` of the module `required` loads, loading it
 * when one is first called, constructed or read; with `withDefault`, its default export stands in
 * for the whole module.
 */
function standIns(required: string, names: readonly string[], withDefault = false): string {
  return [
    'let loaded',
    `const load = () => (loaded ??= ${required})`,
    'const standIn = (name) => new Proxy(function () {}, {',
    '  get: (_, key) => load()[name][key],',
    '  apply: (_, self, args) => Reflect.apply(load()[name], self, args),',
    '  construct: (_, args) => Reflect.construct(load()[name], args),',
    '})',
    ...names.map((name) => `export const ${name} = standIn(${JSON.stringify(name)})`),
    ...(withDefault
      ? [
          'export default new Proxy({}, {',
          '  get: (_, key) => load()[key],',
          '  has: (_, key) => key in load(),',
          '  ownKeys: () => Reflect.ownKeys(load()),',
          '  getOwnPropertyDescriptor: (_, key) => {',
          '    const own = Reflect.getOwnPropertyDescriptor(load(), key)',
          '    return own && { ...own, configurable: true }',
          '  },',
          '})',
        ]
      : []),
  ].join('\n')
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
        contents: standIns(`require(${JSON.stringify(`./lazy/${file}`)})`, exports),
        loader: 'js',
      }
    })
  },
}

await rm(LAZY_DIR, { recursive: true, force: true })
await rm(DATA_DIR, { recursive: true, force: true })
await mkdir(DATA_DIR, { recursive: true })
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

/**
 * Node's compile cache (in the OS temp directory, as TypeScript's `tsc` bin does): every start
 * after the first skips compiling the bundle's top level, ~15-20 ms of a ~340 ms start here
 * (bench/NOTES.md). It has to be on before the bundle is imported, hence a file of its own.
 * NODE_DISABLE_COMPILE_CACHE=1 turns it off; where the directory cannot be written Node runs
 * without it.
 */
await writeFile(
  CLI_BIN,
  [
    '#!/usr/bin/env node',
    "import module from 'node:module'",
    'module.enableCompileCache?.()',
    `await import('./${path.basename(CLI_BUNDLE)}')`,
    '',
  ].join('\n'),
  { mode: 0o755 },
)
console.log(`built ${path.relative(root, CLI_BUNDLE)} and ${path.relative(root, CLI_BIN)}`)

// The compiled package (dist/src, dist/fixtures: what `cloudsmith-mock/node` imports) gets the
// same snapshot: setupMockServer() and createMock() then skip faker too. tsc compiled the
// source's null; the browser bundle, built from source, keeps it (1 MB more to download would
// cost a page more than faker does).
const compiled = path.join(root, 'dist/fixtures/default-snapshot.js')
await writeFile(compiled, snapshotModule)
await rm(`${compiled}.map`, { force: true })
console.log(`wrote the default dataset into ${path.relative(root, compiled)}`)
