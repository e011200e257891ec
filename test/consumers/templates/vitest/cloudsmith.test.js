import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { setupMockServer } from 'cloudsmith-mock/node'
import { cloudsmithCases } from './cloudsmith.cases.js'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

for (const { name, run } of cloudsmithCases) test(name, () => run({ mock, expect }))
