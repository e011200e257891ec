/** `user_self`: who the credentials belong to (anonymous callers get authenticated: false). */
import { defineRoute } from './define-route.ts'

export const userRoutes = [
  defineRoute({
    operationId: 'user_self',
    method: 'GET',
    path: '/user/self/',
    access: 'optional',
    handle(ctx) {
      const user = ctx.identity ? ctx.state.db.namespaces.get(ctx.identity.user) : undefined
      if (!user)
        return {
          status: 200,
          body: {
            authenticated: false,
            email: null,
            name: null,
            profile_url: null,
            // UserBrief.self_url is the one field the document does not make nullable, and an
            // anonymous caller has no URL: it is left out rather than sent as null.
            slug: null,
            slug_perm: null,
          },
        }
      return {
        status: 200,
        body: {
          authenticated: true,
          email: user.email,
          name: user.name,
          profile_url: `https://cloudsmith.io/~${user.slug}/`,
          self_url: `${ctx.origin}/users/profile/${user.slug}/`,
          slug: user.slug,
          slug_perm: user.slug_perm,
        },
      }
    },
  }),
]
