// jest.config.mjs
export default {
  setupFilesAfterEnv: ['cloudsmith-mock/jest'],
  reporters: [
    'default',
    [
      'cloudsmith-mock/jest-reporter',
      {
        outputFile: 'reports/mock-coverage.json',
        requireStatuses: { packages_upload_raw: [201, 422, 429] },
      },
    ],
  ],
}
