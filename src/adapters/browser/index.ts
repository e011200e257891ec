export {
  startMockWorker,
  type MockWorker,
  type StartMockWorkerOptions,
} from './start-mock-worker.ts'
export type { CloudsmithMockControl, ScenarioSummary } from './control.ts'
export { SCENARIO_PARAM, STORAGE_KEY } from './scenario-memory.ts'
export * from '../../index.ts'

import type { CloudsmithMockControl } from './control.ts'

declare global {
  interface Window {
    /** Set by `startMockWorker()` (unless `global: false`): switch scenarios from the console. */
    cloudsmithMock?: CloudsmithMockControl
  }
}
