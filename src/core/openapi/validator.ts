/**
 * Requests and responses checked against Cloudsmith's OpenAPI document, errors worded as DRF
 * words them. One file a job: compile.ts (the document for ajv), drf-messages.ts, and one file
 * per thing checked (request-body.ts, query.ts, response.ts).
 */
export type { FieldErrors } from './drf-messages.ts'
export { validateQuery } from './query.ts'
export { validateRequestBody } from './request-body.ts'
export { validateResponse } from './response.ts'
