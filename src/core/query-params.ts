/**
 * Query parameters read as Cloudsmith's back end reads them. It is Django REST framework, whose
 * `request.query_params` is a QueryDict, and `QueryDict.get` answers the LAST value of a repeated
 * parameter (`?page=1&page=2` is page 2), where URLSearchParams.get answers the first. Every
 * query parameter the mock reads goes through here: page, page_size, query, sort, filename,
 * part_number, and the mock's own __code and __scenario.
 */

/**
 * The last value of `name`, or null when absent.
 *
 * @example lastParam(new URLSearchParams('page=1&page=2'), 'page') // '2'
 */
export function lastParam(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name)
  return values.length ? values[values.length - 1]! : null
}

/**
 * URLSearchParams whose `get` is QueryDict's: the last value wins. Handlers receive their query
 * as one of these, so `ctx.query.get('sort')` reads as the real service does.
 *
 * @example new QueryDict('sort=name&sort=-date').get('sort') // '-date'
 */
export class QueryDict extends URLSearchParams {
  override get(name: string): string | null {
    return lastParam(this, name)
  }
}
