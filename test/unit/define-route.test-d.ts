/**
 * A route's handler sees the params of its own path and, on routes that require credentials, a
 * caller who is there: checked by `tsc` (npm run typecheck), so reading a param the path lacks,
 * or needing `ctx.identity!`, fails the build.
 */
import { expectTypeOf } from 'vitest'
import { defineRoute, type PathParamNames, type PathParams } from '../../handlers/define-route.ts'
import type { Identity } from '../../src/core/auth.ts'

expectTypeOf<PathParamNames<'/repos/{owner}/{identifier}/'>>().toEqualTypeOf<
  'owner' | 'identifier'
>()
expectTypeOf<PathParams<'/repos/{owner}/{identifier}/'>>().toEqualTypeOf<{
  owner: string
  identifier: string
}>()
expectTypeOf<PathParamNames<'/status/check/basic/'>>().toEqualTypeOf<never>()
// A path built from a `string` part still knows the literal parts' params.
expectTypeOf<PathParams<`/packages/{owner}/{repo}/upload/${string}/`>>().toEqualTypeOf<{
  owner: string
  repo: string
}>()
// Routes built from a table (paths only known as `string`) still compile: any name, maybe absent.
expectTypeOf<PathParams<string>>().toEqualTypeOf<Record<string, string>>()

defineRoute({
  operationId: 'repos_read',
  method: 'GET',
  path: '/repos/{owner}/{identifier}/',
  access: 'optional',
  handle(ctx) {
    expectTypeOf(ctx.params).toEqualTypeOf<{ owner: string; identifier: string }>()
    expectTypeOf(ctx.identity).toEqualTypeOf<Identity | null>()
    // @ts-expect-error `repo` is not a parameter of this path
    void ctx.params.repo
    return { status: 200 }
  },
})

defineRoute({
  operationId: 'repos_partial_update',
  method: 'PATCH',
  path: '/repos/{owner}/{identifier}/',
  access: 'required',
  handle(ctx) {
    // Authorise refused anonymous callers before the handler runs: no `!` needed.
    expectTypeOf(ctx.identity).toEqualTypeOf<Identity>()
    const user: string = ctx.identity.user
    return { status: 200, body: user }
  },
})

defineRoute({
  operationId: 'status_check_basic',
  method: 'GET',
  path: '/status/check/basic/',
  access: 'public',
  handle(ctx) {
    expectTypeOf(ctx.identity).toEqualTypeOf<Identity | null>()
    // @ts-expect-error this path has no parameters
    void ctx.params.owner
    return { status: 200 }
  },
})

declare const generatedPath: string
defineRoute({
  operationId: 'repos_list',
  method: 'GET',
  path: generatedPath,
  access: 'required',
  handle(ctx) {
    expectTypeOf(ctx.params).toEqualTypeOf<Record<string, string>>()
    expectTypeOf(ctx.params.anything).toEqualTypeOf<string | undefined>()
    expectTypeOf(ctx.identity).toEqualTypeOf<Identity>()
    return { status: 200 }
  },
})
