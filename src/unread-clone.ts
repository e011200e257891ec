/**
 * msw clones every request a handler runs on (`RequestHandler.cache`, one clone per request,
 * kept for its own logging) and nothing reads that clone in Node, where msw runs quiet. A
 * clone is a `tee()` of the body: the branch nobody reads queues every chunk the other branch
 * is given, so an upload read by the mock was held once more, whole, until the request was
 * gone (20 concurrent 50 MiB uploads: about 1,000 MiB). Cancelling that branch makes the tee
 * stop queueing for it; the branch the mock reads goes on as before.
 */
import { RequestHandler } from 'msw'

/**
 * Cancels the body of msw's cached clone of `request` (no-op when there is none, no body, or
 * it was read). Never throws.
 * @example
 * http.all('*', ({ request }) => {
 *   releaseUnreadClone(request)
 *   return handle(request)
 * })
 */
export function releaseUnreadClone(request: Request): void {
  const clone = RequestHandler.cache.get(request)
  if (!clone?.body || clone.bodyUsed || clone.body.locked) return
  clone.body.cancel().catch(() => undefined)
}
