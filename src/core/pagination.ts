/**
 * Cloudsmith pagination: `page` (1-based) and `page_size` (default 30, max 500, larger values
 * clamped as the CLI's --page-all relies on), X-Pagination-* headers and a `Link` header.
 * Empty lists are never paginated.
 */
import { errors } from './errors.ts'
import { lastParam } from './query-params.ts'

export const DEFAULT_PAGE_SIZE = 30
export const MAX_PAGE_SIZE = 500

export interface PageRequest {
  page: number
  pageSize: number
}

/** `page` and `page_size`, the last of each when repeated (Django's QueryDict.get). */
export function readPageRequest(query: URLSearchParams): PageRequest {
  const page = Number.parseInt(lastParam(query, 'page') ?? '', 10)
  const size = Number.parseInt(lastParam(query, 'page_size') ?? '', 10)
  return {
    page: Number.isFinite(page) && page > 0 ? page : 1,
    pageSize: Number.isFinite(size) && size > 0 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE,
  }
}

export interface Page<T> {
  items: T[]
  headers: Record<string, string>
}

const PAGE_MARK = 'cloudsmith-mock-page-mark'

/**
 * The page's URL for each page number, serialised as URLSearchParams would (`set('page', n)`),
 * from one serialisation: updating a URL's query once per link cost more than the page itself.
 */
function pageLink(url: URL): (page: number, rel: string) => string {
  const target = new URL(url)
  target.searchParams.set('page', PAGE_MARK)
  const parts = target.href.split(PAGE_MARK)
  if (parts.length === 2) return (page, rel) => `<${parts[0]}${page}${parts[1]}>; rel="${rel}"`
  return (page, rel) => {
    target.searchParams.set('page', String(page))
    return `<${target.href}>; rel="${rel}"`
  }
}

export function paginate<T>(all: readonly T[], request: PageRequest, url: URL): Page<T> {
  if (all.length === 0) return { items: [], headers: {} }
  const pageTotal = Math.ceil(all.length / request.pageSize)
  if (request.page > pageTotal) throw errors.invalidPage()
  const start = (request.page - 1) * request.pageSize
  const link = pageLink(url)
  const links: string[] = []
  if (pageTotal > 1) links.push(link(1, 'first'))
  if (request.page > 1) links.push(link(request.page - 1, 'prev'))
  if (request.page < pageTotal) links.push(link(request.page + 1, 'next'))
  if (pageTotal > 1) links.push(link(pageTotal, 'last'))
  const headers: Record<string, string> = {
    'X-Pagination-Count': String(all.length),
    'X-Pagination-Page': String(request.page),
    'X-Pagination-PageTotal': String(pageTotal),
    'X-Pagination-PageSize': String(request.pageSize),
  }
  if (links.length) headers['Link'] = links.join(', ')
  return { items: all.slice(start, start + request.pageSize), headers }
}
