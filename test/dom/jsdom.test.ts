// @vitest-environment jsdom
import { domCases } from './support/dom-cases.ts'

domCases('jsdom')
