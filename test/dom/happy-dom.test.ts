// @vitest-environment happy-dom
import { domCases } from './support/dom-cases.ts'

domCases('happy-dom')
