export {
  setupMockServer,
  type MockServer,
  type SetupMockServerOptions,
} from './setup-mock-server.ts'
export * from '../../index.ts'
