/** jest running ES modules as they are (no transform), under node --experimental-vm-modules. */
export default {
  testEnvironment: 'node',
  transform: {},
  testMatch: ['<rootDir>/cloudsmith.test.js'],
}
