/**
 * jsdom as msw recommends it for jest: jest-fixed-jsdom is jest-environment-jsdom with
 * `customExportConditions: ['']` (so `cloudsmith-mock/node` and `msw/node` resolve as in Node,
 * not to their browser builds) and Node's fetch, Request, Response, FormData, Blob and streams
 * put back, which plain jsdom removes.
 */
export default {
  testEnvironment: 'jest-fixed-jsdom',
  // Said again here, as msw's docs do for plain jest-environment-jsdom: Node's export conditions.
  testEnvironmentOptions: { customExportConditions: [''] },
  transform: {},
  testMatch: ['<rootDir>/*.test.js'],
}
