/**
 * The browser project's global setup: builds the browser bundle once per run (the same build as
 * `npm run build`, unminified for readable stacks) into test-results/, and hands its path to every
 * browser test file through `inject('browserBundle')`. Each file used to build its own copy.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { buildBrowserBundle } from '../../../scripts/build-browser.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the browser bundle built for this run. */
    browserBundle: string
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

export default async function setup(project: TestProject): Promise<void> {
  const outfile = path.join(root, 'test-results', 'browser-bundle', 'cloudsmith-mock.js')
  await buildBrowserBundle({ outfile, minify: false })
  project.provide('browserBundle', outfile)
}
