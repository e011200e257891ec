// The app's entry, as docs/browser.md shows it, started in dev and in the built app alike (the
// matrix checks both): the mock first, then the app's requests (here, the shared checks).
import { startMockWorker } from 'cloudsmith-mock/browser'
import { cloudsmithCases } from './cloudsmith.cases.js'
import { runInPage } from './run-in-page.js'

runInPage(() => startMockWorker({ seed: 1, quiet: true }), cloudsmithCases)
