// vitest.config.ts
import { defineConfig } from 'vitest/config'
import CoverageReporter from 'cloudsmith-mock/vitest-reporter'

export default defineConfig({
  test: {
    setupFiles: ['cloudsmith-mock/vitest'],
    reporters: [
      'default',
      new CoverageReporter({
        outputFile: 'reports/mock-coverage.json',
        requireStatuses: { packages_upload_raw: [201, 422, 429] },
      }),
    ],
  },
})
