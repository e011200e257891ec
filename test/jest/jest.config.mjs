/**
 * A user's jest set-up for cloudsmith-mock: plain ES modules, no transform. Run it with
 * `node --experimental-vm-modules node_modules/jest/bin/jest.js --config test/jest/jest.config.mjs`
 * (npm run test:jest), after `npm run build`: the tests import the package by its name.
 *
 * Two projects run the same files: `node`, and `jsdom` configured as msw's docs recommend for
 * jest: `jest-fixed-jsdom` (jsdom with Node's fetch, Request, Response, TextEncoder, streams and
 * structuredClone put back; under plain `jsdom` msw cannot load: "TextEncoder is not defined")
 * with the default export conditions, so `cloudsmith-mock/node` and `msw/node` resolve.
 */
const shared = { rootDir: '.', transform: {}, testMatch: ['<rootDir>/**/*.test.mjs'] }

export default {
  projects: [
    { ...shared, displayName: 'node', testEnvironment: 'node' },
    {
      ...shared,
      displayName: 'jsdom',
      testEnvironment: 'jest-fixed-jsdom',
      testEnvironmentOptions: { customExportConditions: [''] },
    },
  ],
}
