/**
 * The request pipeline, identical in every runtime. Its steps, in the order they run, one file
 * each in this folder:
 *
 *   match -> identify -> decide -> authorise -> throttle -> validate -> execute
 *         -> render -> delay -> journal
 *
 * Each step returns a value (a refusal is a `MockError` value); `answer` below is the one place
 * that composes them, and the only place that knows which rate-limit headers an error carries:
 * the window as it stood before the request counted (up to throttle), or as it counted (after).
 */
import { MockError } from '../../src/core/errors.ts'
import { getOperation } from '../../src/core/openapi/index.ts'
import type { Reply } from '../../src/core/reply.ts'
import { requestUrl } from '../../src/core/request-url.ts'
import type { Router } from '../../src/core/router.ts'
import type { MockState } from '../../src/core/state.ts'
import type { RouteDefinition } from '../define-route.ts'
import { failed, UNKNOWN, type Answer } from './answer.ts'
import { attempt } from './attempt.ts'
import { authorise } from './authorise.ts'
import { decide, forcedAnswer } from './decide.ts'
import { delay } from './delay.ts'
import { chooseSync, execute } from './execute.ts'
import { identify } from './identify.ts'
import { journal } from './journal.ts'
import { match } from './match.ts'
import { render, toResponse } from './render.ts'
import { throttle } from './throttle.ts'
import { validate } from './validate.ts'

/**
 * Answers one request: the core `fetch(Request) => Response` every runtime adapts. A `refusal`
 * answers it with that error without routing (journaled like any other answer).
 */
export async function handleRequest(
  state: MockState,
  router: Router<RouteDefinition>,
  request: Request,
  refusal?: MockError,
): Promise<Response> {
  const reply = await replyTo(state, router, request, refusal)
  return reply ? toResponse(reply) : Response.error()
}

/** The answer to one request as plain data; null when the connection is to drop (`network-error`). */
export async function replyTo(
  state: MockState,
  router: Router<RouteDefinition>,
  request: Request,
  refusal?: MockError,
): Promise<Reply | null> {
  const started = performance.now()
  const url = requestUrl(request.method, request.url)
  const outcome = refusal ? failed(refusal) : await answer(state, router, request, url)
  const reply = outcome.result === 'network-error' ? null : render(outcome.result)
  const waited = delay(state, outcome.delay)
  if (waited) await waited
  journal(state, request, url, outcome, started)
  return reply
}

/**
 * Steps match to execute: what the request comes to. What the steps learn goes into one record,
 * updated as they run (a refusal copies it as it stands, `failed`): a copy per step was the
 * pipeline's largest cost of its own on a cached page (bench/NOTES.md).
 */
async function answer(
  state: MockState,
  router: Router<RouteDefinition>,
  request: Request,
  url: URL,
): Promise<Answer> {
  const matched = attempt(() => match(router, request.method, url))
  if (matched instanceof MockError) return failed(matched)
  const { route } = matched
  const where = route.operationId

  const caller = identify(state, request.headers, where)
  const now = state.clock.now()
  const before = () => state.limiter.headers(state.limiter.peek(caller.rateKey, now), now)
  const known: Omit<Answer, 'result'> = {
    ...UNKNOWN,
    operationId: where,
    identity: caller.identity?.user ?? null,
  }

  const decided = attempt(() => decide(state, request, url, matched), where)
  if (decided instanceof MockError) return failed(decided, known, before())
  const { decision, requested } = decided
  known.scenario = decision?.scenario ?? null
  known.delay = decision?.delay ?? 0
  const forced = attempt(() => forcedAnswer(state, matched, decision, caller.rateKey, now), where)
  if (forced instanceof MockError) return failed(forced, known, before())
  if (forced === 'network-error') return { ...known, result: forced }
  if (forced)
    return { ...known, result: { ...forced, headers: { ...before(), ...forced.headers } } }

  const identity = attempt(() => authorise(route, caller), where)
  if (identity instanceof MockError) return failed(identity, known, before())
  const rate = attempt(() => throttle(state, route, caller.rateKey, decision, now), where)
  if (rate instanceof MockError) return failed(rate, known, before())
  const counted = state.limiter.headers(rate, now)

  const checking = validate(route, request, url)
  const validated = checking instanceof Promise ? await checking : checking
  known.bodySummary = validated.summary
  known.body = validated.sent
  if ('error' in validated) return failed(validated.error, known, counted)

  const sync = chooseSync(state, requested)
  known.scenario ??= request.method !== 'GET' ? sync.scenario : null
  const executed = await execute(state, {
    matched,
    validated,
    url,
    identity,
    rate,
    sync: sync.behaviour,
  })
  known.sequence = executed.sequence
  if ('error' in executed) return failed(executed.error, known, counted)
  const { result } = executed
  const headers = { ...counted, ...result.headers, ...decision?.rule?.headers }
  const status = forcedSuccess(route.operationId, decision?.rule?.status, result.status)
  const answered = known as Answer
  answered.result = { status, body: result.body, headers }
  return answered
}

/**
 * A forced 2xx the operation documents with the same body as the one it answered (a key create
 * documents 200 and 201, both the key) is the status of the operation's own answer.
 */
function forcedSuccess(operationId: string, forced: number | undefined, natural: number): number {
  if (forced === undefined || forced === natural || forced >= 300 || natural >= 300) return natural
  const responses = getOperation(operationId)?.responses
  const same =
    responses &&
    JSON.stringify(responses[forced] ?? null) === JSON.stringify(responses[natural] ?? null)
  return same && String(forced) in responses ? forced : natural
}
