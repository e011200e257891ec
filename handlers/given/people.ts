/** Factories for who exists: namespaces (organisations), users with their API keys, memberships. */
import { buildApiKey, buildNamespace } from '../../fixtures/index.ts'
import type { Membership, Namespace } from '../../src/core/db/schemas.ts'
import { isoTime } from '../../src/core/clock.ts'
import type { Namespace as NamespaceShape } from '../../src/generated/types.ts'
import { serializeNamespace } from '../serialize.ts'
import { defineFactory, refuse, type FactoryEnv } from './definition.ts'
import { apiKeyFields, membershipFields, namespaceFields, userFields } from './fields.ts'

/** What `user_self` answers for a user, plus the API key the factory gave them. */
export interface GivenUser {
  authenticated: true
  email: string | null
  name: string
  profile_url: string
  self_url: string
  slug: string
  slug_perm: string
  /** Send it as `X-Api-Key` to act as this user. */
  api_key: string
}

/** An API key as stored: whose it is and its permanent id. */
export interface GivenApiKey {
  key: string
  user: string
  slug_perm: string
  created_at: string
}

/** A slug no namespace has yet: `base`, else `base-2`, `base-3`... */
function freeSlug(env: FactoryEnv, base: string): string {
  let slug = base
  for (let n = 2; env.state.db.findNamespace(slug); n++) slug = `${base}-${n}`
  return slug
}

function takenSlug(env: FactoryEnv, slug: string): void {
  if (env.state.db.findNamespace(slug))
    refuse(env, 'slug', `a namespace "${slug}" already exists; give another slug or leave it out`)
}

/** The user `slug` names, or a refusal listing the users there are. */
export function requireUser(env: FactoryEnv, option: string, slug: string): Namespace {
  const found = env.state.db.namespaces.get(slug)
  if (found?.kind === 'User') return found
  const users = env.state.db.namespaces
    .all()
    .filter((n) => n.kind === 'User')
    .map((n) => n.slug)
  return refuse(
    env,
    option,
    `no user "${slug.slice(0, 60)}". Users: ${users.slice(0, 20).join(', ') || '(none; make one with given.user())'}`,
  )
}

/** The organisation `slug` names, or a refusal listing the organisations there are. */
export function requireOrganisation(env: FactoryEnv, option: string, slug: string): Namespace {
  const found = env.state.db.namespaces.get(slug)
  if (found?.kind === 'Organization') return found
  const orgs = env.state.db.namespaces
    .all()
    .filter((n) => n.kind === 'Organization')
    .map((n) => n.slug)
  return refuse(
    env,
    option,
    `no organisation "${slug.slice(0, 60)}". Organisations: ${orgs.slice(0, 20).join(', ') || '(none; make one with given.namespace())'}`,
  )
}

export const namespaceFactory = defineFactory({
  fields: namespaceFields,
  traits: {},
  async create(env, fields): Promise<NamespaceShape> {
    if (fields.slug) takenSlug(env, fields.slug)
    const record = await env.state.db.namespaces.insert(
      buildNamespace(env.faker('namespaces'), {
        slug: fields.slug ?? ((seeded) => freeSlug(env, seeded)),
        kind: fields.kind ?? 'Organization',
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.email !== undefined ? { email: fields.email } : {}),
      }),
    )
    return serializeNamespace(record)
  },
})

export const userFactory = defineFactory({
  fields: userFields,
  traits: {},
  async create(env, fields): Promise<GivenUser> {
    if (fields.slug) takenSlug(env, fields.slug)
    const f = env.faker('users')
    const built = buildNamespace(f, {
      slug: fields.slug ?? ((seeded) => freeSlug(env, seeded)),
      kind: 'User',
      ...(fields.name !== undefined ? { name: fields.name } : {}),
      ...(fields.email !== undefined ? { email: fields.email } : {}),
    })
    const key = fields.apiKey ?? `${built.slug}-api-key`
    if (env.state.db.apiKeys.has(key))
      refuse(env, 'apiKey', `the API key "${key.slice(0, 60)}" belongs to someone already`)
    const user = await env.state.db.namespaces.insert(built)
    await env.state.db.apiKeys.insert(
      buildApiKey(f, { user: user.slug, key, now: env.state.clock.now() }),
    )
    return {
      authenticated: true,
      email: user.email,
      name: user.name,
      profile_url: `https://cloudsmith.io/~${user.slug}/`,
      self_url: `${env.origin}/users/profile/${user.slug}/`,
      slug: user.slug,
      slug_perm: user.slug_perm,
      api_key: key,
    }
  },
})

export const apiKeyFactory = defineFactory({
  fields: apiKeyFields,
  traits: {},
  async create(env, fields): Promise<GivenApiKey> {
    const user = fields.user
      ? requireUser(env, 'user', fields.user).slug
      : ((await env.make('user')) as GivenUser).slug
    const built = buildApiKey(env.faker('apiKeys'), {
      user,
      ...(fields.key !== undefined ? { key: fields.key } : {}),
      now: env.state.clock.now(),
    })
    if (env.state.db.apiKeys.has(built.key))
      refuse(env, 'key', `the API key "${built.key.slice(0, 60)}" belongs to someone already`)
    const record = await env.state.db.apiKeys.insert(built)
    return { ...record, created_at: isoTime(record.created_at) }
  },
})

/** The organisation a record goes to when none is named: the first by slug, else a new one. */
export async function defaultOrganisation(env: FactoryEnv): Promise<string> {
  const orgs = env.state.db.namespaces
    .all()
    .filter((n) => n.kind === 'Organization')
    .map((n) => n.slug)
    .sort()
  return orgs[0] ?? ((await env.make('namespace')) as NamespaceShape).slug
}

export const membershipFactory = defineFactory({
  fields: membershipFields,
  traits: {},
  async create(env, fields): Promise<Membership> {
    const org = fields.org
      ? requireOrganisation(env, 'org', fields.org).slug
      : await defaultOrganisation(env)
    const user = fields.user
      ? requireUser(env, 'user', fields.user).slug
      : ((await env.make('user')) as GivenUser).slug
    if (env.state.db.memberships.has(`${org}/${user}`))
      refuse(env, 'user', `"${user}" is a member of "${org}" already`)
    const record = await env.state.db.memberships.insert({
      org,
      user,
      role: fields.role ?? 'Read',
    })
    return { ...record }
  },
})
