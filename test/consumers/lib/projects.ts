/**
 * The temporary projects: the package packed as published, and a fresh project per row with that
 * tarball installed. Third-party dependencies (vitest, jest, vite, ..., and the package's own
 * dependencies) are installed once per template into a cache keyed by their versions, and
 * hard-linked into each project; cloudsmith-mock itself is installed fresh, by `npm install`,
 * into every project on every run.
 */
import { createHash } from 'node:crypto'
import {
  copyFile,
  cp,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Row } from '../rows.ts'
import { exec, mustExec } from './exec.ts'

export const CONSUMERS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const ROOT = path.resolve(CONSUMERS, '../..')
const TEMPLATES = path.join(CONSUMERS, 'templates')
const SHARED = path.join(CONSUMERS, 'shared')
const CACHE = path.join(os.tmpdir(), 'cloudsmith-mock-consumers', 'deps')

const INSTALL_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']
const MINUTE = 60_000

interface Manifest {
  name?: string
  dependencies?: Record<string, string>
  devDependencies?: Record<string, string>
  [key: string]: unknown
}

const readJson = async (file: string) => JSON.parse(await readFile(file, 'utf8')) as Manifest
const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  )

/**
 * Packs this repository as `npm publish` would (running `prepack`) into `dir`; returns the
 * tarball's path. `CONSUMERS_TARBALL` names an existing tarball to use instead.
 */
export async function pack(dir: string, logFile: string): Promise<string> {
  if (process.env.CONSUMERS_TARBALL) return path.resolve(process.env.CONSUMERS_TARBALL)
  // `npm test` has just built dist/: CONSUMERS_BUILT=1 packs it as it is instead of building
  // it again in `prepack` (half a minute); the tarball's contents are the same.
  const built = process.env.CONSUMERS_BUILT === '1' ? ['--ignore-scripts'] : []
  await mustExec('npm', ['pack', ...built, '--pack-destination', dir], {
    cwd: ROOT,
    timeoutMs: 5 * MINUTE,
    logFile,
  })
  const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'))
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`)
  return path.join(dir, tarball)
}

const caches = new Map<string, Promise<string>>()

/** The cached node_modules for a template (installed on first use, then reused across runs). */
export function depsCache(base: string, logFile: string): Promise<string> {
  let cache = caches.get(base)
  if (!cache) {
    cache = buildDepsCache(base, logFile)
    caches.set(base, cache)
  }
  return cache
}

async function buildDepsCache(base: string, logFile: string): Promise<string> {
  const template = await readJson(path.join(TEMPLATES, base, 'package.json'))
  const own = await readJson(path.join(ROOT, 'package.json'))
  const devDependencies = { ...own.dependencies, ...template.devDependencies }
  const key = createHash('sha256')
    .update(JSON.stringify({ devDependencies, node: process.versions.node.split('.')[0] }))
    .digest('hex')
    .slice(0, 16)
  const dir = path.join(CACHE, `${base}-${key}`)
  if (await exists(path.join(dir, 'ready'))) return dir

  // Built aside and renamed into place, so a run that is stopped leaves no half-made cache.
  const building = `${dir}.building-${process.pid}`
  await rm(building, { recursive: true, force: true })
  await mkdir(building, { recursive: true })
  const manifest = { name: `consumer-deps-${base}`, private: true, devDependencies }
  await writeFile(path.join(building, 'package.json'), JSON.stringify(manifest, null, 2))
  await mustExec('npm', ['install', ...INSTALL_FLAGS], {
    cwd: building,
    timeoutMs: 10 * MINUTE,
    logFile,
  })
  await writeFile(path.join(building, 'ready'), new Date().toISOString())
  try {
    await rename(building, dir)
  } catch {
    // Another run finished the same cache first: use that one.
    await rm(building, { recursive: true, force: true })
  }
  return dir
}

/**
 * Creates `workDir/<row.id>`: the template files, the shared checks, the cached dependencies,
 * and the tarball installed with `npm install` as a user's devDependency.
 */
export async function createProject(
  row: Row,
  workDir: string,
  tarball: string,
  logFile: string,
): Promise<string> {
  const dir = path.join(workDir, row.id)
  const deps = await depsCache(row.base, logFile)
  await mkdir(dir, { recursive: true })
  const hardLinked = await exec('cp', ['-al', path.join(deps, 'node_modules'), dir], {
    cwd: dir,
    timeoutMs: 2 * MINUTE,
    logFile,
  })
  if (hardLinked.code !== 0) {
    await rm(path.join(dir, 'node_modules'), { recursive: true, force: true })
    await cp(path.join(deps, 'node_modules'), path.join(dir, 'node_modules'), {
      recursive: true,
      verbatimSymlinks: true,
    })
  }
  // npm rewrites its hidden lockfile in place: give the project its own copy, not a link.
  const hidden = path.join(dir, 'node_modules', '.package-lock.json')
  if (await exists(hidden)) {
    await rm(hidden)
    await copyFile(path.join(deps, 'node_modules', '.package-lock.json'), hidden)
  }

  for (const folder of [row.base, row.overlay]) {
    if (!folder) continue
    await cp(path.join(TEMPLATES, folder), dir, {
      recursive: true,
      filter: (source) => path.basename(source) !== 'package.json',
    })
  }
  await cp(SHARED, path.join(dir, row.sharedInto), { recursive: true })

  const manifest = await readJson(path.join(TEMPLATES, row.base, 'package.json'))
  manifest.devDependencies = { ...manifest.devDependencies, 'cloudsmith-mock': `file:${tarball}` }
  await writeFile(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2))
  await mustExec('npm', ['install', ...INSTALL_FLAGS], { cwd: dir, timeoutMs: 5 * MINUTE, logFile })
  return dir
}
