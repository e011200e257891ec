import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    environment: 'node',
    include: ['cloudsmith.test.js', 'matchers.test.js', 'factories.test.js'],
  },
})
