/**
 * A user's jest set-up for cloudsmith-mock: plain ES modules, no transform. Run it with
 * `node --experimental-vm-modules node_modules/jest/bin/jest.js --config test/jest/jest.config.mjs`
 * (npm run test:jest), after `npm run build`: the tests import the package by its name.
 */
export default {
  rootDir: '.',
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/**/*.test.mjs'],
}
