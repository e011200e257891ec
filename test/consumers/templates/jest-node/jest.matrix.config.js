/**
 * docs/coverage.md's jest.config.mjs, as written (its setup file and reporters), with what this
 * row adds: jest running ES modules as they are (no transform, under node
 * --experimental-vm-modules) and the row's files. The runner passes it with --config.
 */
import config from './jest.config.mjs'

export default {
  ...config,
  testEnvironment: 'node',
  transform: {},
  testMatch: [
    '<rootDir>/cloudsmith.test.js',
    '<rootDir>/matchers.test.js',
    '<rootDir>/upload.test.js',
  ],
}
