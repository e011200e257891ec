export {
  AdminTokenError,
  createMockHttpServer,
  DEFAULT_MAX_BODY_SIZE,
  type MockHttpServer,
  type MockHttpServerOptions,
  type RequestLogEntry,
} from './create-mock-http-server.ts'
export { EXPOSED_HEADERS, type CorsOptions } from '../../core/cors.ts'
export { StateFileError } from './state-file.ts'
export * from '../../index.ts'
