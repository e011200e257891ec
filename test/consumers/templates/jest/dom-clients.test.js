/* global beforeAll, afterEach, afterAll, test, expect -- jest's globals */
import axios from 'axios'
import { setupMockServer } from 'cloudsmith-mock/node'
import { domClientCases } from './dom-clients.cases.js'

const mock = setupMockServer({ seed: 1 })
beforeAll(() => mock.listen())
afterEach(() => mock.reset())
afterAll(() => mock.close())

for (const { name, run } of domClientCases) test(name, () => run({ mock, expect, axios }))
