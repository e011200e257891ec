/**
 * The caller's API keys (`/user/tokens/`) and logging in (`POST /user/token/`). They are the
 * records authentication reads (the apiKeys table): a key created or refreshed here
 * authenticates the next request, the key it replaced no longer does.
 *
 * The dataset keeps no passwords: `POST /user/token/` takes a dataset user's email with one of
 * that user's API keys as the password (as Basic auth takes the key as password), and answers
 * the user's API key, which is what the CLI's `login` stores (C `core/api/user.py`).
 */
import { resourceKey } from '../../../src/core/db/keys.ts'
import type { ApiKey } from '../../../src/core/db/schemas.ts'
import { errors } from '../../../src/core/errors.ts'
import { paginate, readPageRequest } from '../../../src/core/pagination.ts'
import { entityFaker, permId } from '../../../fixtures/index.ts'
import { nextId, type MockState, type RouteContext } from '../../context.ts'
import { defineRoute, type RouteDefinition } from '../../define-route.ts'
import { tokenOf } from '../schema-body.ts'

/** Marks that a user created their API key through `POST /user/tokens/` (one per user). */
const CREATED_FAMILY = 'user-api-key'

const keysOf = (state: MockState, user: string): ApiKey[] =>
  state.db.apiKeys
    .all()
    .filter((k) => k.user === user)
    .sort((a, b) => a.created_at - b.created_at || a.slug_perm.localeCompare(b.slug_perm))

/** Reads show a key's last four characters only (API-NOTES §6.2: "obfuscated on reads"). */
const masked = (key: string) => `${'*'.repeat(Math.max(0, key.length - 4))}${key.slice(-4)}`

const shape = (k: ApiKey, shown: boolean) => ({
  created: new Date(k.created_at).toISOString(),
  key: shown ? k.key : masked(k.key),
  slug_perm: k.slug_perm,
})

function requireUser(ctx: RouteContext): string {
  if (!ctx.identity) throw errors.notAuthenticated()
  return ctx.identity.user
}

/** A new key for `user`: 40 hex-like characters from the seed and a counter, never reused. */
async function issueKey(ctx: RouteContext, user: string): Promise<ApiKey> {
  const number = nextId(ctx.state, 'apiKeys')
  return ctx.state.db.apiKeys.insert({
    key: tokenOf(`${ctx.state.seed}:api-key:${user}:${number}`, 40).toLowerCase(),
    user,
    slug_perm: permId(entityFaker(ctx.state.seed, 'runtime:api-keys', number)),
    created_at: ctx.state.clock.now(),
  })
}

export const userTokenRoutes: RouteDefinition[] = [
  defineRoute({
    operationId: 'user_tokens_list',
    method: 'GET',
    path: '/user/tokens/',
    access: 'required',
    handle(ctx) {
      const user = requireUser(ctx)
      const { items, headers } = paginate(
        keysOf(ctx.state, user),
        readPageRequest(ctx.query),
        ctx.url,
      )
      return { status: 200, body: { results: items.map((k) => shape(k, false)) }, headers }
    },
  }),
  defineRoute({
    operationId: 'user_tokens_create',
    method: 'POST',
    path: '/user/tokens/',
    access: 'required',
    async handle(ctx) {
      const user = requireUser(ctx)
      // One API key per user (API-NOTES §6.2, S1): a second is refused; refresh replaces it.
      // The dataset's keys stand for how its users sign in (the web session of the real
      // service), so each user may still create the one API key of this endpoint.
      const marker = resourceKey(CREATED_FAMILY, user, 'default')
      if (ctx.state.db.resources.has(marker))
        throw errors.badRequest('User has already created an API key')
      const created = await issueKey(ctx, user)
      await ctx.state.db.resources.insert({
        family: CREATED_FAMILY,
        scope_kind: 'user',
        scope: user,
        key: 'default',
        data: { slug_perm: created.slug_perm },
      })
      return { status: 201, body: shape(created, true) }
    },
  }),
  defineRoute({
    operationId: 'user_tokens_refresh',
    method: 'PUT',
    path: '/user/tokens/{slug_perm}/refresh/',
    access: 'required',
    async handle(ctx) {
      const user = requireUser(ctx)
      const old = keysOf(ctx.state, user).find((k) => k.slug_perm === ctx.params.slug_perm)
      if (!old) throw errors.notFound()
      ctx.state.db.apiKeys.remove(old.key)
      const fresh = await issueKey(ctx, user)
      // The key is new, its identity is not: clients keep the slug_perm they had.
      const kept = await ctx.state.db.apiKeys.update(fresh.key, (draft) => {
        draft.slug_perm = old.slug_perm
      })
      return { status: 200, body: shape(kept ?? fresh, true) }
    },
  }),
  defineRoute({
    operationId: 'user_token_create',
    method: 'POST',
    path: '/user/token/',
    access: 'public',
    async handle(ctx) {
      const missing = missingFields(ctx.body, ['email', 'password'])
      if (Object.keys(missing).length) throw errors.invalid(missing)
      const email = String(ctx.body.email).trim().toLowerCase()
      const password = String(ctx.body.password)
      const user = ctx.state.db.namespaces
        .all()
        .find((n) => n.kind === 'User' && n.email?.toLowerCase() === email)
      const keys = user ? keysOf(ctx.state, user.slug) : []
      // The API's answer for wrong credentials (API-NOTES §6.2): 422 "Failed to authenticate."
      if (!user || !email || !keys.some((k) => k.key === password))
        throw errors.invalid({}, 'Failed to authenticate.')
      return {
        status: 201,
        // No second factor is asked (two_factor_required false). The API answers a null
        // two_factor_token (API-NOTES §6), but the document types it a non-empty string and the
        // contract tests require every readOnly property of an answer: a string that nothing
        // accepts is given, which clients ignore while two_factor_required is false.
        body: {
          token: keys[0]!.key,
          two_factor_required: false,
          two_factor_token: tokenOf(`2fa:${user.slug}`),
        },
      }
    },
  }),
]

/**
 * DRF's errors for required string fields `names` of `body`: absent (or null) "This field is
 * required.", empty "This field may not be blank."; `{}` when all are given.
 * @example missingFields({ email: '' }, ['email', 'password'])
 * // { email: ['This field may not be blank.'], password: ['This field is required.'] }
 */
function missingFields(body: Record<string, unknown>, names: string[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {}
  for (const name of names) {
    const value = body[name]
    if (value === undefined || value === null) fields[name] = ['This field is required.']
    else if (value === '') fields[name] = ['This field may not be blank.']
  }
  return fields
}
