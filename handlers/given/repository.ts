/** The repository factory: a repository as `repos_create` stores it, with its type and access. */
import { buildRepository, slugify } from '../../fixtures/index.ts'
import { repoKey } from '../../src/core/db/database.ts'
import type { RepositoryRecord, RepositoryType } from '../../src/core/db/schemas.ts'
import type { Repository } from '../../src/generated/types.ts'
import { repositoryStats, settingsFrom } from '../repos.ts'
import { serializeRepository, writableRepositoryFields } from '../serialize.ts'
import { defineFactory, refuse, type FactoryEnv } from './definition.ts'
import { repositoryFields } from './fields.ts'
import { defaultOrganisation, requireUser } from './people.ts'

const typeTraits: Record<string, RepositoryType> = {
  private: 'Private',
  public: 'Public',
  openSource: 'Open-Source',
}

/** What the API answers for a stored repository (totals from the packages table). */
export function repositoryAnswer(env: FactoryEnv, repo: RepositoryRecord): Repository {
  return serializeRepository(repo, env.origin, repositoryStats(env.state.db, repo))
}

/**
 * The repository `name` names (`namespace/slug`, or a slug with `namespace`), or a refusal
 * listing some that exist.
 */
export function requireRepository(
  env: FactoryEnv,
  name: string,
  namespace: string | undefined,
): RepositoryRecord {
  const [owner, slug] = name.includes('/') ? name.split('/') : [namespace, name]
  const found = owner ? env.state.db.findRepository(owner, slug!) : undefined
  if (found) return found
  const known = env.state.db.repositories.all().map((r) => `${r.namespace}/${r.slug}`)
  return refuse(
    env,
    'repository',
    `no repository "${owner ? `${owner}/` : ''}${slug!.slice(0, 60)}"${owner ? '' : ' (name it as "namespace/slug")'}. Repositories: ${known.slice(0, 20).join(', ') || '(none; make one with given.repository())'}${known.length > 20 ? `, and ${known.length - 20} more` : ''}`,
  )
}

/**
 * The slug of a new repository: the one given (or made from the name given), refused if taken;
 * else the seeded name, numbered past the ones taken.
 */
function freeSlug(
  env: FactoryEnv,
  namespace: string,
  fields: { slug?: string | undefined; name?: string | undefined },
  seeded: string,
): string {
  const taken = (slug: string) => env.state.db.repositories.has(repoKey(namespace, slug))
  if (fields.slug || fields.name) {
    const slug = fields.slug ?? slugify(fields.name!)
    if (taken(slug))
      refuse(env, fields.slug ? 'slug' : 'name', `a repository ${namespace}/${slug} already exists`)
    return slug
  }
  let slug = seeded
  for (let n = 2; taken(slug); n++) slug = `${seeded}-${n}`
  return slug
}

export const repositoryFactory = defineFactory({
  fields: repositoryFields,
  traits: {
    private: 'none',
    public: 'none',
    openSource: 'none',
    empty: 'none',
    readOnlyFor: 'text',
    deletedToRecycleBin: 'none',
  },
  async create(env, fields, traits): Promise<Repository> {
    const db = env.state.db
    let namespace: string
    if (fields.namespace) {
      const found = db.findNamespace(fields.namespace)
      if (!found) {
        const all = db.namespaces.all().map((n) => n.slug)
        refuse(
          env,
          'namespace',
          `no namespace "${fields.namespace}". Namespaces: ${all.slice(0, 20).join(', ')}`,
        )
      }
      namespace = found.slug
    } else namespace = await defaultOrganisation(env)
    const chosen = traits.list.filter((t) => t.name in typeTraits).map((t) => t.name)
    if (new Set(chosen).size > 1)
      refuse(
        env,
        'traits',
        `a repository is one of private, public, openSource: got ${chosen.join(' and ')}`,
      )
    const readers = traits.arguments('readOnlyFor') as string[]
    const users = readers.map((user) => requireUser(env, 'traits.readOnlyFor', user).slug)
    for (const user of users) {
      // A privilege adds to what a membership gives, never takes away: checked before any write.
      const role = db.memberships.get(`${namespace}/${user}`)?.role
      if (user === namespace || (role && role !== 'Read'))
        refuse(
          env,
          'traits.readOnlyFor',
          `"${user}" can write in ${namespace} (${role ? `${role} member` : 'its own namespace'}); a read-only privilege cannot take that away`,
        )
    }
    if (fields.settings)
      for (const name of Object.keys(fields.settings))
        if (
          !writableRepositoryFields.has(name) ||
          ['name', 'slug', 'description', 'repository_type_str'].includes(name)
        )
          refuse(
            env,
            `settings.${name}`,
            `unknown repository setting "${name.slice(0, 60)}". Settings: ${[...writableRepositoryFields].filter((n) => !['name', 'slug', 'description', 'repository_type_str'].includes(n)).join(', ')}`,
          )

    const type: RepositoryType = chosen.length
      ? typeTraits[chosen[0]!]!
      : (fields.repository_type_str ?? 'Public')
    const now = env.state.clock.now()
    // The presets' builder; a new repository is created now and has no downloads yet.
    const built = buildRepository(
      env.faker('repositories'),
      { namespace, now, slug: (seeded) => freeSlug(env, namespace, fields, seeded) },
      {
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.description !== undefined ? { description: fields.description } : {}),
        repository_type_str: type,
        created_at: fields.created_at ?? now,
        num_downloads: fields.num_downloads ?? 0,
        settings: settingsFrom(fields.settings ?? {}),
        ...(traits.has('deletedToRecycleBin') ? { deleted_at: now } : {}),
      },
    )
    const record = await db.repositories.insert(built)
    const slug = record.slug
    for (const user of users)
      await db.repoPrivileges.insert({ namespace, repository: slug, user, privilege: 'Read' })
    return repositoryAnswer(env, record)
  },
})
