import { builtinModules } from 'node:module'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * Imports point one way: fixtures/db -> core -> handlers -> composition (src/create-mock.ts,
 * src/served-hosts.ts) -> adapters -> cli. Each layer lists what sits above it.
 */
const above = {
  handlers: {
    group: ['**/handlers/**', '**/handlers'],
    message: 'The core sits below the routes.',
  },
  composition: {
    group: ['**/create-mock.ts', '**/served-hosts.ts', '**/src/index.ts'],
    message: 'The composition root sits above this layer: take what you need as a parameter.',
  },
  adapters: { group: ['**/adapters/**'], message: 'Adapters sit above this layer.' },
  cli: { group: ['**/cli/**'], message: 'The CLI sits above this layer.' },
}

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'src/generated', 'test-results', 'examples/**/public'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Errors are values of the one error module: named factories in src/core/errors.ts.
    files: ['src/**/*.ts', 'handlers/**/*.ts'],
    ignores: ['src/core/errors.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='MockError']",
          message: 'Add a named factory to `errors` in src/core/errors.ts and throw that.',
        },
        {
          // defineRoute types it: non-null on routes whose access is 'required'.
          selector: "TSNonNullExpression > MemberExpression[property.name='identity']",
          message:
            "Declare the route with access: 'required' (or narrow); identity is typed from it.",
        },
      ],
    },
  },
  {
    // The core runs in Node, browsers and workers alike: Web APIs only (fetch, URL, streams).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            above.handlers,
            above.composition,
            above.adapters,
            above.cli,
            {
              group: ['node:*', ...builtinModules],
              message: 'The core is runtime-agnostic: no Node modules.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'The core is runtime-agnostic: take it as an option.' },
        { name: 'Buffer', message: 'The core is runtime-agnostic: use Uint8Array.' },
        { name: 'window', message: 'The core is runtime-agnostic: feature-detect on globalThis.' },
        {
          name: 'document',
          message: 'The core is runtime-agnostic: feature-detect on globalThis.',
        },
      ],
    },
  },
  {
    files: ['handlers/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [above.composition, above.adapters, above.cli] },
      ],
    },
  },
  {
    files: ['fixtures/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [above.handlers, above.composition, above.adapters, above.cli] },
      ],
    },
  },
  {
    files: ['src/create-mock.ts', 'src/served-hosts.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [above.adapters, above.cli] }],
    },
  },
  {
    files: ['src/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [above.cli] }],
    },
  },
)
