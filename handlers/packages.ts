/** Packages: list and search, read, delete, copy, move, resync, tag, status, quarantine. */
import { repoKey } from '../src/core/db/database.ts'
import { plainCopy } from '../src/core/db/plain.ts'
import type { PackageRecord } from '../src/core/db/schemas.ts'
import { errors } from '../src/core/errors.ts'
import { paginate, readPageRequest } from '../src/core/pagination.ts'
import type { Lifetime, MockSource } from '../src/core/response-cache.ts'
import { entityFaker, permId } from '../fixtures/index.ts'
import { repoLevel, repoWithLevel, visibleRepo, type Level } from './access.ts'
import { nextId, type RouteContext } from './context.ts'
import { defineRoute } from './define-route.ts'
import { cachedAnswer, jsonArray } from './json-text.ts'
import {
  arrive,
  purgeSuperseded,
  resyncPlan,
  settleArrival,
  superseded,
} from './package-arrival.ts'
import { packageSorter, parsePackageQuery } from './package-query.ts'
import { recyclePackage } from './resources/recycle-bin/recycle-bin.ts'
import { serializePackage, serializePackageStatus } from './serialize.ts'
import { stepsTaken, syncView } from './sync.ts'

const base = '/packages/{owner}/{repo}/{identifier}/'

/** The addressed package (by slug_perm or slug) if the caller may reach it at `level`. */
function target(ctx: RouteContext, level: Level) {
  const owner = ctx.params.owner ?? ''
  const repoSlug = ctx.params.repo ?? ''
  const identifier = ctx.params.identifier ?? ''
  const repo =
    level === 'read'
      ? visibleRepo(ctx, owner, repoSlug).repo
      : repoWithLevel(ctx, owner, repoSlug, level)
  const pkg = ctx.state.db.findPackage(repo.namespace, repo.slug, identifier)
  // Replaced: gone, as far as the API is concerned.
  if (!pkg || superseded(ctx.state.db, pkg, ctx.state.clock.now())) throw errors.notFound()
  return { repo, pkg }
}

const json = (ctx: RouteContext, pkg: PackageRecord, now = ctx.state.clock.now()) =>
  serializePackage(pkg, ctx.origin, now)

/**
 * A package's text, cached per record. The clock reaches its JSON only through the sync steps
 * taken (serializePackage -> syncView -> stepsTaken), so those are the input, not the time: with
 * `serve`'s real clock, keyed by the millisecond, every page re-serialised all its packages
 * (~1 ms of a 30-package page's request, bench/NOTES.md).
 */
const jsonText = (ctx: RouteContext, pkg: PackageRecord, now: number) =>
  ctx.state.responses.text(pkg, `${ctx.origin} ${stepsTaken(pkg, now)}`, () => json(ctx, pkg, now))

/**
 * What a package list shows: the repository and who may see it, and its packages. The clock is
 * not a source: a page depends on the time only while it shows it (see `pageLifetime`).
 */
const LIST_READS = [
  'namespaces',
  'repositories',
  'memberships',
  'repoPrivileges',
  'resources',
  'packages',
] as const satisfies readonly MockSource[]

/**
 * Until when a package page holds as the clock moves: only this millisecond while the time can
 * change it (a sync still running on the page, a query with status words or relative dates, a
 * replaced package that goes once its successor completes), from now on otherwise. A finished
 * sync stays finished as time passes (`stepsTaken` never decreases), and a clock set back
 * rebuilds the page. With `serve`'s real clock, reading the clock as a source rebuilt the page
 * every millisecond: a 114 KB string and its bytes, the young-generation garbage behind most
 * collections under load (bench/NOTES.md).
 */
function pageLifetime(lifetime: Lifetime, items: readonly PackageRecord[], timed: boolean): void {
  const now = lifetime.now
  const changing = timed || items.some((pkg) => stepsTaken(pkg, now) < pkg.sync.steps)
  lifetime.until(changing ? now + 1 : Infinity)
}

function destination(ctx: RouteContext, source: PackageRecord) {
  const slug = String(ctx.body.destination)
  const repo = ctx.state.db.repositories.get(repoKey(source.namespace, slug))
  // A repository the caller cannot see answers like a missing one: its existence must not leak.
  if (!repo || repo.deleted_at != null || repoLevel(ctx.state, ctx.identity, repo) === 'none') {
    throw errors.invalid({
      destination: [
        `Repository "${slug.slice(0, 100)}" does not exist or you do not have access to it.`,
      ],
    })
  }
  return repoWithLevel(ctx, source.namespace, slug, 'write')
}

function requireState(ok: boolean, action: string) {
  if (!ok) throw errors.badRequest(`Package cannot be ${action} in its current state.`)
}

export const packageRoutes = [
  defineRoute({
    operationId: 'packages_list',
    method: 'GET',
    path: '/packages/{owner}/{repo}/',
    access: 'optional',
    handle(ctx) {
      return cachedAnswer(ctx, LIST_READS, (lifetime) => {
        const { repo } = visibleRepo(ctx, ctx.params.owner, ctx.params.repo)
        const now = lifetime.now
        const sorter = packageSorter(ctx.query.get('sort'))
        const query = (ctx.query.get('query') ?? '').trim()
        const predicate = parsePackageQuery(query)
        // Status words and relative dates depend on the clock: such views are keyed by the time.
        const viewKey = `${sorter.key}\u0000${query}\u0000${predicate?.readsClock ? now : ''}`
        const matching = ctx.state.db.packages.view(
          repoKey(repo.namespace, repo.slug),
          viewKey,
          (all) => {
            const kept = predicate ? all.filter((pkg) => predicate(pkg, now)) : [...all]
            return kept.sort(sorter.compare)
          },
        )
        const request = readPageRequest(ctx.query)
        // Replaced packages go when their successor completes, by time too: not a cached view.
        const replacing = matching.some((pkg) => pkg.replaced_by)
        const shown = replacing
          ? matching.filter((pkg) => !superseded(ctx.state.db, pkg, now))
          : matching
        const { items, headers } = paginate(shown, request, ctx.url)
        pageLifetime(lifetime, items, replacing || predicate?.readsClock === true)
        const body = jsonArray(items.map((pkg) => jsonText(ctx, pkg, now)))
        return { status: 200, body, headers }
      })
    },
  }),
  defineRoute({
    operationId: 'packages_read',
    method: 'GET',
    path: base,
    access: 'optional',
    handle(ctx) {
      return { status: 200, body: json(ctx, target(ctx, 'read').pkg) }
    },
  }),
  defineRoute({
    operationId: 'packages_delete',
    method: 'DELETE',
    path: base,
    access: 'required',
    async handle(ctx) {
      const { pkg } = target(ctx, 'write')
      // Deleted packages wait in the recycle bin, where they can be restored.
      await recyclePackage(ctx.state, pkg, ctx.identity?.user ?? null)
      return { status: 204 }
    },
  }),
  defineRoute({
    operationId: 'packages_copy',
    method: 'POST',
    path: `${base}copy/`,
    access: 'required',
    async handle(ctx) {
      const { pkg } = target(ctx, 'read')
      const dest = destination(ctx, pkg)
      requireState(syncView(pkg, ctx.state.clock.now()).is_sync_completed, 'copied')
      const f = entityFaker(ctx.state.seed, 'runtime:packages', nextId(ctx.state, 'packages'))
      const slugPerm = permId(f)
      const now = ctx.state.clock.now()
      const record: PackageRecord = {
        ...plainCopy(pkg),
        replaced_by: null,
        slug_perm: slugPerm,
        slug: `${pkg.slug.replace(/-[a-z0-9]{4}$/, '')}-${slugPerm.slice(0, 4).toLowerCase()}`,
        repository: dest.slug,
        uploaded_at: now,
        sync: { started_at: now, steps: 0, polled: 0, outcome: 'completed', reason: null },
        downloads: 0,
        // A copy is not made from an upload: only the original counts as the upload's package.
        upload: null,
      }
      const arrival = arrive(ctx, dest, record, ctx.body.republish)
      const copy = await ctx.state.db.packages.insert(
        arrival.duplicate ? { ...record, sync: arrival.duplicate } : record,
      )
      await settleArrival(ctx, copy, arrival.replaces)
      return { status: 200, body: json(ctx, copy) }
    },
  }),
  defineRoute({
    operationId: 'packages_move',
    method: 'POST',
    path: `${base}move/`,
    access: 'required',
    async handle(ctx) {
      const { pkg, repo } = target(ctx, 'write')
      const dest = destination(ctx, pkg)
      if (dest.slug === repo.slug)
        throw errors.invalid({ destination: ['The package is already in this repository.'] })
      requireState(syncView(pkg, ctx.state.clock.now()).is_sync_completed, 'moved')
      const arrival = arrive(ctx, dest, { ...pkg, repository: dest.slug }, ctx.body.republish)
      const moved = await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
        draft.repository = dest.slug
        if (arrival.duplicate) draft.sync = arrival.duplicate
      })
      await settleArrival(ctx, moved!, arrival.replaces)
      return { status: 200, body: json(ctx, moved!) }
    },
  }),
  defineRoute({
    operationId: 'packages_resync',
    method: 'POST',
    path: `${base}resync/`,
    access: 'required',
    async handle(ctx) {
      const { pkg, repo } = target(ctx, 'write')
      const view = syncView(pkg, ctx.state.clock.now())
      requireState(view.is_sync_completed || view.is_sync_failed, 'resynchronised')
      const plan = resyncPlan(ctx, repo, pkg)
      const resynced = await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
        draft.sync = plan
      })
      return { status: 200, body: json(ctx, resynced!) }
    },
  }),
  defineRoute({
    operationId: 'packages_tag',
    method: 'POST',
    path: `${base}tag/`,
    access: 'required',
    // The CLI sends "add"/"remove"...; the document's enum is capitalised.
    prepare: (body) =>
      typeof body.action === 'string'
        ? {
            ...body,
            action: body.action.charAt(0).toUpperCase() + body.action.slice(1).toLowerCase(),
          }
        : body,
    async handle(ctx) {
      const { pkg } = target(ctx, 'write')
      const action = (ctx.body.action as string | undefined) ?? 'Add'
      const tags = (ctx.body.tags as string[] | undefined) ?? []
      if (action !== 'Clear' && tags.length === 0)
        throw errors.invalid({ tags: ['This field is required.'] })
      const immutable = ctx.body.is_immutable === true
      // "An immutable flag is a tag that cannot be removed from a package" (OpenAPI document,
      // PackageTagRequest.is_immutable): Clear, Replace and Remove touch mutable tags only.
      const updated = await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
        const mutable = draft.tags
        if (action === 'Clear') for (const key of Object.keys(mutable)) delete mutable[key]
        if (action === 'Replace') delete mutable.info
        if (action === 'Remove')
          for (const key of Object.keys(mutable)) {
            mutable[key] = mutable[key]!.filter((t) => !tags.includes(t))
            if (mutable[key].length === 0) delete mutable[key]
          }
        if (action === 'Add' || action === 'Replace') {
          const bag = immutable ? draft.tags_immutable : mutable
          bag.info = [...new Set([...(bag.info ?? []), ...tags])].sort()
        }
      })
      return { status: 200, body: json(ctx, updated!) }
    },
  }),
  defineRoute({
    operationId: 'packages_status',
    method: 'GET',
    path: `${base}status/`,
    access: 'optional',
    // Each poll advances the sync: a write, queued with the others.
    writes: true,
    async handle(ctx) {
      let { pkg } = target(ctx, 'read')
      const now = ctx.state.clock.now()
      const view = syncView(pkg, now)
      // Each poll moves an unfinished sync one step, as the CLI's wait loop expects.
      if (!view.is_sync_completed && !view.is_sync_failed)
        pkg =
          (await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
            draft.sync.polled += 1
          })) ?? pkg
      // The packages this one replaces are gone once it completes.
      if (syncView(pkg, now).is_sync_completed)
        purgeSuperseded(ctx.state.db, pkg.namespace, pkg.repository, now)
      return { status: 200, body: serializePackageStatus(pkg, ctx.origin, now) }
    },
  }),
  defineRoute({
    operationId: 'packages_quarantine',
    method: 'POST',
    path: `${base}quarantine/`,
    access: 'required',
    async handle(ctx) {
      const { pkg } = target(ctx, 'write')
      const release = ctx.body.release === true || ctx.body.restore === true
      const updated = await ctx.state.db.packages.update(pkg.slug_perm, (draft) => {
        draft.quarantined = !release
        if (release && draft.sync.outcome === 'quarantined') draft.sync.outcome = 'completed'
      })
      return { status: 200, body: json(ctx, updated!) }
    },
  }),
]
