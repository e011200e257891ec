/**
 * Imports point one way (fixtures/db -> core -> handlers -> composition -> adapters -> cli), and
 * the core stays runtime-agnostic: eslint.config.js enforces both, and `npm run lint` fails the
 * build. These probes lint code that breaks a rule, as if it sat in each folder, so the rules
 * cannot silently stop matching (a moved folder, a changed pattern).
 */
import { resolve } from 'node:path'
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') })

/** The rule ids eslint reports for `code` placed at `file` (relative to the repository). */
async function broken(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file })
  return result!.messages.map((m) => m.ruleId ?? m.message)
}

describe('layers', () => {
  it.each([
    ['src/core/probe.ts', "import { routes } from '../../handlers/index.ts'\nexport { routes }\n"],
    [
      'src/core/probe.ts',
      "import { createMock } from '../create-mock.ts'\nexport { createMock }\n",
    ],
    [
      'src/core/probe.ts',
      "import { createMockHttpServer } from '../adapters/server/index.ts'\nexport { createMockHttpServer }\n",
    ],
    ['src/core/probe.ts', "import { readFile } from 'node:fs/promises'\nexport { readFile }\n"],
    ['src/core/probe.ts', "import { readFile } from 'fs'\nexport { readFile }\n"],
    [
      'handlers/probe.ts',
      "import { createMockHttpServer } from '../src/adapters/server/index.ts'\nexport { createMockHttpServer }\n",
    ],
    [
      'handlers/probe.ts',
      "import { createMock } from '../src/create-mock.ts'\nexport { createMock }\n",
    ],
    ['fixtures/probe.ts', "import { routes } from '../handlers/index.ts'\nexport { routes }\n"],
    ['src/create-mock.ts', "import { run } from './cli/index.ts'\nexport { run }\n"],
  ])('%s: %s -> no-restricted-imports', async (file, code) => {
    expect(await broken(file, code)).toEqual(['no-restricted-imports'])
  })

  it.each(['process.env.HOME', 'window.location', 'document.title', 'Buffer.from("x")'])(
    'src/core: %s -> no-restricted-globals',
    async (expression) => {
      expect(await broken('src/core/probe.ts', `export const x = ${expression}\n`)).toEqual([
        'no-restricted-globals',
      ])
    },
  )

  it('lets the core use Web APIs and feature-detect on globalThis', async () => {
    const code =
      "export const x = [new URL('https://a.b/'), fetch, new Request('https://a.b/'), (globalThis as { location?: unknown }).location]\n"
    expect(await broken('src/core/probe.ts', code)).toEqual([])
  })

  it('lets handlers import the core and adapters import handlers', async () => {
    expect(
      await broken(
        'handlers/probe.ts',
        "import { errors } from '../src/core/errors.ts'\nexport { errors }\n",
      ),
    ).toEqual([])
    expect(
      await broken(
        'src/adapters/server/probe.ts',
        "import { routes } from '../../../handlers/index.ts'\nexport { routes }\n",
      ),
    ).toEqual([])
  })

  it('keeps MockErrors to the named factories of src/core/errors.ts', async () => {
    const code =
      "import { MockError } from '../src/core/errors.ts'\nexport const e = new MockError(400, 'x')\n"
    expect(await broken('handlers/probe.ts', code)).toEqual(['no-restricted-syntax'])
  })
})
