/**
 * Documented operations the mock does not model, each with the reason its 501 gives. Every
 * operation of the document is either served by a route or listed here (test/contract/
 * route-table.test.ts fails otherwise), so no operation ever answers a 404 that reads as
 * missing data. Modelling one means adding its route and deleting its line here.
 */
import { errors } from '../../src/core/errors.ts'
import { getOperation, type OperationId } from '../../src/core/openapi/index.ts'
import { defineRoute, type RouteDefinition } from '../define-route.ts'

/** Operation id -> why it answers 501. */
export const notModelled: Readonly<Partial<Record<OperationId, string>>> = {
  // orgs
  orgs_delete:
    'deleting an organisation (its repositories, packages, members and settings) is not modelled: the dataset’s organisation is kept.',
}

/**
 * One route per operation in `notModelled`, at the document's method and path: authentication
 * and scenarios apply as anywhere; its own answer is the 501. The body is not read.
 */
export function notModelledRoutes(): RouteDefinition[] {
  return Object.entries(notModelled).map(([operationId, reason]) => {
    const op = getOperation(operationId as OperationId)
    return defineRoute({
      operationId,
      method: op.method as RouteDefinition['method'],
      path: op.path,
      access: 'optional',
      body: 'raw',
      writes: false,
      handle() {
        throw errors.notModelled(operationId, reason!)
      },
    })
  })
}
