// What the matrix adds to vitest.config.ts (docs/coverage.md's config, as written): the files
// of this row and the JSON report the checks are read from. The runner passes this file with
// --config and no --reporter, which would replace the config's reporters (the coverage one).
import { defineConfig, mergeConfig } from 'vitest/config'
import config from './vitest.config.ts'

export default mergeConfig(
  config,
  defineConfig({
    test: {
      environment: 'node',
      include: ['cloudsmith.test.js', 'matchers.test.js', 'upload.test.js', 'factories.test.js'],
      reporters: ['json'],
    },
  }),
)
