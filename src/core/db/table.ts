/**
 * One @msw/data collection plus the indexes the handlers need. @msw/data finds records by
 * scanning; a mock that answers every request of a test suite must not, so lookups by key and
 * by group go through maps kept in step by the collection's own hooks (writes made directly on
 * `table.collection` by a user are indexed too). Records handed out are deeply frozen: change
 * them with update() (or the collection's own update), never in place.
 *
 * The table keeps the records by key and alias and swaps versions; groups (./group-index.ts),
 * the undo log (./undo-log.ts) and @msw/data's primary keys (./primary-key.ts) are their own.
 *
 * The table's own writes (insert, update, remove, rollback) store and drop records in the
 * collection's list themselves, as its bulk load does, instead of through @msw/data's create
 * and delete: those made a sanitising copy, emitted an event per record and found the record
 * to delete by a closure per element, most of a write's time in the data layer
 * (bench/NOTES.md, writes). The record stored is the same (the schema's parse of the values),
 * and a record that does not fit still fails through create, as before. So the collection's
 * hooks fire only for writes made on the collection itself.
 */
import { Collection } from '@msw/data'
import type * as z from 'zod'
import { deepFreeze } from './freeze.ts'
import { GroupIndex } from './group-index.ts'
import { plainCopy } from './plain.ts'
import { learnPrimaryKey, markAsStored, probePrimaryKey, withPrimaryKey } from './primary-key.ts'
import { compileCopier, Interner, UNSHARED } from './trusted-copy.ts'
import { UndoLog } from './undo-log.ts'

/** Set should @msw/data's `all()` ever return a copy: bulk loads then go through create(). */
let bulkUnsupported = false
/** A bulk load stored records in this process: a lazy one can then be finished synchronously. */
let bulkWorks = false

type Draft<T> = { -readonly [K in keyof T]: T[K] }

/** What a table indexes besides its key. */
export interface TableOptions<Row> {
  /** The group a record belongs to (a repository's namespace): `group()` lists it in O(1). */
  groupOf?: (record: Row) => string
  /** Numbers summed per group as records come and go (a repository's size, package count). */
  measure?: (record: Row) => Record<string, number>
  /**
   * A second name each record is found by in O(1) through `byAlias()` (a repository's
   * slug_perm, which clients such as the Terraform provider address it by). Meant to be unique;
   * should two records share one, the later indexed wins and `verify()` reports it.
   */
  aliasOf?: (record: Row) => string
  /**
   * A whole-number field insert() sets to 1 + the highest in the table, so records created in
   * the same clock instant still sort in creation order. Records loaded with a dataset keep
   * theirs (or none); reset() hands out the same numbers again.
   */
  sequenceField?: keyof Row & string
}

export class Table<Schema extends z.ZodObject> {
  private store: Collection<Schema>
  /**
   * Records a lazy replaceAll() took but has not stored yet: they are stored on the table's first
   * use (see settle()), so a mock whose first request reads two tables does not wait for all.
   */
  private pending: readonly z.input<Schema>[] | null = null
  /** `collection` was handed out: hooks or records may have been added to it from outside. */
  private exposed = false
  readonly schema: Schema
  private readonly keyOf: (record: z.output<Schema>) => string
  private byKey = new Map<string, z.output<Schema>>()
  private readonly groups: GroupIndex<z.output<Schema>> | undefined
  private readonly aliasOf: ((record: z.output<Schema>) => string) | undefined
  private aliases = new Map<string, z.output<Schema>>()
  /** What rollback() undoes: the writes since the baseline. */
  private readonly undo = new UndoLog<z.output<Schema>>()
  private changes = 0
  /**
   * Keys changed since the last takeChanges(), null until the first call: only --persist's log
   * drains it, so a mock without one keeps nothing per write.
   */
  private touched: Set<string> | null = null
  /** replaceAll() ran since the last takeChanges(): the whole table is new. */
  private replaced = false
  /** Set while update() swaps a record: it indexes the swap itself, in one synchronous step. */
  private swapping = false
  /** The field insert() stamps with the creation order (see the constructor's `options`). */
  private readonly sequenceField: string | undefined
  /** The highest creation number in the table, and what it was at the baseline. */
  private lastSequence = 0
  private baselineSequence = 0
  /** Builds the stored copy of a validated record (./trusted-copy.ts), made on first use. */
  private copier: ReturnType<typeof compileCopier> | undefined

  constructor(
    schema: Schema,
    keyOf: (record: z.output<Schema>) => string,
    options: TableOptions<z.output<Schema>> = {},
  ) {
    this.schema = schema
    this.keyOf = keyOf
    this.groups = options.groupOf ? new GroupIndex(options.groupOf, options.measure) : undefined
    this.aliasOf = options.aliasOf
    this.sequenceField = options.sequenceField
    this.store = this.newCollection()
  }

  /**
   * The @msw/data collection behind the table, for queries of its own (`findMany`). Writes made
   * on it are indexed too; prefer the table's.
   */
  get collection(): Collection<Schema> {
    if (this.pending) this.settle()
    this.exposed = true
    return this.store
  }

  private newCollection(): Collection<Schema> {
    const collection = new Collection({ schema: this.schema })
    collection.hooks.on('create', (event) => {
      if (!this.swapping) this.index(event.data.record as z.output<Schema>)
    })
    // Table.update does not use the collection's update; a user's direct one is indexed here.
    collection.hooks.on('update', (event) => {
      this.unindex(event.data.prevRecord as z.output<Schema>)
      this.index(event.data.nextRecord as z.output<Schema>)
    })
    collection.hooks.on('delete', (event) => {
      if (!this.swapping) this.unindex(event.data.deletedRecord as z.output<Schema>)
    })
    // The collection's own update stores a record it builds after its hooks ran (the schema
    // applied again to the draft): that one is indexed and frozen in place of the hooks' copy,
    // so `collection.findFirst()` and `get()` hand out the same frozen record.
    const update = collection.update.bind(collection) as (...args: unknown[]) => Promise<unknown>
    const updateMany = collection.updateMany.bind(collection) as (
      ...args: unknown[]
    ) => Promise<unknown[]>
    Object.assign(collection, {
      update: async (...args: unknown[]) => {
        const next = await update(...args)
        if (next) this.adopt(next as z.output<Schema>)
        return next
      },
      updateMany: async (...args: unknown[]) => {
        const next = await updateMany(...args)
        for (const record of next) this.adopt(record as z.output<Schema>)
        return next
      },
    })
    return collection
  }

  /** Indexes `record`, stored by the collection, in place of the version indexed under its key. */
  private adopt(record: z.output<Schema>): void {
    const indexed = this.byKey.get(this.keyOf(record))
    if (indexed === record) return
    if (indexed) this.unindex(indexed, true)
    this.index(record)
  }

  private index(record: z.output<Schema>): void {
    // Every record the table hands out passes here: frozen, it changes only through the table,
    // which counts the change (cached answers depend on that: src/core/response-cache.ts).
    deepFreeze(record)
    this.changes++
    if (this.sequenceField) {
      const sequence = (record as Record<string, unknown>)[this.sequenceField]
      if (typeof sequence === 'number' && sequence > this.lastSequence) this.lastSequence = sequence
    }
    const key = this.keyOf(record)
    this.touched?.add(key)
    this.undo.added(key)
    this.byKey.set(key, record)
    if (this.aliasOf) this.aliases.set(this.aliasOf(record), record)
    this.groups?.add(key, record)
  }

  /** `replaced`: the record is being swapped for its next version, which keeps its place. */
  private unindex(record: z.output<Schema>, replaced = false): void {
    this.changes++
    const key = this.keyOf(record)
    this.touched?.add(key)
    this.undo.removed(key, record)
    if (!replaced && this.byKey.get(key) === record) this.byKey.delete(key)
    if (this.aliasOf) {
      // By key, as for groups: an update hook's prevRecord is a copy of the stored record.
      const alias = this.aliasOf(record)
      const holder = this.aliases.get(alias)
      if (holder && this.keyOf(holder) === key) this.aliases.delete(alias)
    }
    // An update hook's prevRecord is a copy, not the stored object: the group index matches
    // by key and subtracts what was added for the stored record.
    this.groups?.remove(key, record)
  }

  get(key: string): z.output<Schema> | undefined {
    if (this.pending) this.settle()
    return this.byKey.get(key)
  }

  /**
   * The record whose alias (see TableOptions.aliasOf) is `alias`; undefined when none, or when
   * the table keeps no aliases.
   * @example
   * db.repositories.byAlias('r3p0PeRm1234') // the repository with that slug_perm
   */
  byAlias(alias: string): z.output<Schema> | undefined {
    if (this.pending) this.settle()
    return this.aliases.get(alias)
  }

  has(key: string): boolean {
    if (this.pending) this.settle()
    return this.byKey.has(key)
  }

  get size(): number {
    // Pending records are trusted (validated, keys unique): each becomes one record when
    // stored, so counting them needs no load (the server's banner counts every table).
    return this.pending ? this.pending.length : this.byKey.size
  }

  /**
   * Counts every change to the table: what was derived from it (a page, a view of another
   * table that depends on this one) is current while the version is the same.
   */
  get version(): number {
    return this.changes
  }

  all(): z.output<Schema>[] {
    if (this.pending) this.settle()
    return [...this.byKey.values()]
  }

  group(group: string): z.output<Schema>[] {
    if (this.pending) this.settle()
    return this.groups?.list(group) ?? []
  }

  groupSize(group: string): number {
    if (this.pending) this.settle()
    return this.groups?.size(group) ?? 0
  }

  /** Summed measures of a group (see the constructor's `measure`). */
  groupTotals(group: string): Readonly<Record<string, number>> {
    if (this.pending) this.settle()
    return this.groups?.totalsOf(group) ?? {}
  }

  /**
   * A derived list of a group (sorted, filtered), cached until the group next changes: list
   * endpoints page through the same view again and again, so they must not rebuild it per
   * request. `compute` gets the group's records and may sort them in place.
   */
  view(
    group: string,
    viewKey: string,
    compute: (records: z.output<Schema>[]) => z.output<Schema>[],
  ): z.output<Schema>[] {
    if (this.pending) this.settle()
    return this.groups ? this.groups.view(group, viewKey, compute) : compute([])
  }

  insert(values: z.input<Schema>): Promise<z.output<Schema>> {
    try {
      if (this.pending) this.settle()
      // Always a new number: a record built from a copy of another must not share its place.
      const stamped = this.sequenceField
        ? { ...values, [this.sequenceField]: this.lastSequence + 1 }
        : values
      return this.put(stamped)
    } catch (thrown) {
      return Promise.reject(thrown as Error)
    }
  }

  /**
   * Stores a new record made of `values` and indexes it. Straight into the collection's list
   * when the copy fits the schema; else through the collection's create, which rejects it as it
   * always has (or, the first time in a process, stores it and teaches the symbols). Not an
   * async function: a settled promise, not one resolved with another (two more turns of the
   * microtask queue for the handler awaiting it).
   */
  private put(values: z.input<Schema>): Promise<z.output<Schema>> {
    const record = this.storable(values)
    if (record && this.place(record)) {
      this.index(record)
      return Promise.resolve(record)
    }
    return this.created(values)
  }

  /** put() through the collection's create. */
  private async created(values: z.input<Schema>): Promise<z.output<Schema>> {
    const created = await this.store.create(withPrimaryKey(values))
    learnPrimaryKey(created)
    return created as z.output<Schema>
  }

  /**
   * The copy of `values` the table would store (./trusted-copy.ts: the schema's keys in its
   * order, this realm's objects, nothing shared with `values`), or null when the schema refuses
   * it. For data the schema accepts, the copy is what its parse returns (no field has a default
   * or a transform), so one copy is made, not a sanitised one and a parsed one.
   */
  private storable(values: unknown): z.output<Schema> | null {
    this.copier ??= compileCopier(this.schema)
    const copy = this.copier(values, UNSHARED) as z.output<Schema>
    return this.schema.safeParse(copy).success ? copy : null
  }

  /**
   * Appends a copy made by storable() to the collection's list, as @msw/data's create would
   * (a primary key, a relation map); false when that cannot be done (see loadTrusted).
   */
  private place(record: z.output<Schema>): boolean {
    if (bulkUnsupported || !markAsStored(record)) return false
    const stored = this.store.all() as unknown[]
    stored.push(record)
    if (this.store.count() === stored.length) return true
    bulkUnsupported = true
    return false
  }

  /** Takes a stored record out of the collection's list (unindexing is the caller's). */
  private drop(record: z.output<Schema>): void {
    const stored = this.store.all() as unknown[]
    // By reference: the list holds the very records the indexes hold (see adopt()).
    const at = bulkUnsupported ? -1 : stored.lastIndexOf(record)
    if (at !== -1) stored.splice(at, 1)
    else {
      this.swapping = true
      try {
        this.store.delete(record as never)
      } finally {
        this.swapping = false
      }
    }
  }

  /**
   * Applies `change` to a copy of the record stored under `key` and stores the result, validated
   * by the schema (a ZodError-bearing OperationError when it no longer fits, the stored record
   * untouched). Resolves to the stored result, or undefined when there is no such record.
   *
   * Not @msw/data's `collection.update`: that drafts a `structuredClone` of the record with
   * mutative, which accepts only objects whose prototype is its own realm's Object.prototype.
   * Under jest the global structuredClone is Node's outer realm, so every update threw (issue
   * 11). The copy here is built in this realm from any realm's data (./plain.ts); the new
   * version is created before the old one goes, and the indexes switch in one synchronous step,
   * so a concurrent reader sees either version, never none.
   * @example
   * await db.packages.update(slugPerm, (draft) => { draft.quarantined = true })
   */
  async update(
    key: string,
    change: (draft: Draft<z.output<Schema>>) => void,
  ): Promise<z.output<Schema> | undefined> {
    if (this.pending) this.settle()
    const record = this.byKey.get(key)
    if (!record) return undefined
    const draft = plainCopy(record) as Draft<z.output<Schema>>
    change(draft)
    let next = this.storable(draft)
    if (next && this.place(next)) this.drop(record)
    else {
      this.swapping = true
      try {
        next = (await this.store.create(
          withPrimaryKey(draft as z.input<Schema>),
        )) as z.output<Schema>
        this.store.delete(record as never)
      } finally {
        this.swapping = false
      }
    }
    // Same key: the next version takes the record's place in the key order.
    this.unindex(record, this.keyOf(next) === key)
    this.index(next)
    return next
  }

  remove(key: string): z.output<Schema> | undefined {
    if (this.pending) this.settle()
    const record = this.byKey.get(key)
    if (!record) return undefined
    this.drop(record)
    this.unindex(record)
    return record
  }

  /**
   * Replace every record: a fresh collection, so no stale hook or relation survives.
   *
   * `trusted`: every record already passed the schema (parseDataset, or built by the fixtures).
   * Each is then stored as one copy made for it (./trusted-copy.ts: the schema's keys, repeated
   * strings shared) instead of going through @msw/data's create (a sanitising copy, a schema
   * parse and a hooks event per record): the same stored records, a fraction of the time and of
   * the memory while loading. Untrusted records that do not fit reject, as create does.
   *
   * `lazy` (with `trusted`): `records` are the table's to keep (built for it; nobody changes
   * them later), so storing them can wait until the table is first used, in one synchronous
   * step: a mock's first request then pays only for the tables it reads. Loads eagerly while
   * the process has not yet stored records in bulk (the first load teaches it how).
   * @example
   * await db.packages.replaceAll(parseDataset(input).packages, { trusted: true })
   */
  async replaceAll(
    records: readonly z.input<Schema>[],
    { trusted = false, lazy = false }: { trusted?: boolean; lazy?: boolean } = {},
  ): Promise<void> {
    this.pending = null
    this.byKey = new Map()
    this.aliases = new Map()
    this.groups?.clear()
    this.changes++
    this.lastSequence = 0
    // The table's first load keeps the empty collection the constructor made (a mock's
    // creation made two per table); anything that may hold state of the old one is replaced.
    if (this.exposed || this.store.count() > 0) this.store = this.newCollection()
    this.exposed = false
    this.undo.clear()
    this.touched?.clear()
    this.replaced = true
    if (trusted && lazy && bulkWorks && !bulkUnsupported) {
      this.baselineSequence = 0
      if (records.length) this.pending = records
      return
    }
    if (trusted && records.length) await probePrimaryKey()
    await this.undo.untracked(async () => {
      let index = 0
      while (index < records.length) {
        if (trusted && !bulkUnsupported) index = this.loadTrusted(records, index)
        if (index === records.length) break
        // The first record a process stores teaches it @msw/data's symbols (./primary-key.ts).
        learnPrimaryKey(await this.store.create(withPrimaryKey(records[index]!)))
        index++
      }
    })
    this.undo.clear()
    this.baselineSequence = this.lastSequence
    this.touched?.clear()
    this.replaced = true
  }

  /**
   * Stores validated records straight into the collection's list (`all()` is that list, not a
   * copy: @msw/data keeps record references so queries find them by primary key). Starts at
   * `from`; returns the index of the first record it did not store: it stops, leaving the rest
   * to create(), when @msw/data's record symbols are not known yet or its `all()` turns out to
   * be a copy (then never again in this process).
   */
  /** Stores what a lazy replaceAll() left, as its eager load would have, before first use. */
  private settle(): void {
    const records = this.pending!
    this.pending = null
    // bulkWorks held when the load was deferred, so every record is stored here.
    if (this.loadTrusted(records, 0) !== records.length)
      throw new Error('@msw/data refused records loaded in bulk')
    this.undo.clear()
    this.baselineSequence = this.lastSequence
    this.touched?.clear()
  }

  private loadTrusted(records: readonly z.input<Schema>[], from: number): number {
    this.copier ??= compileCopier(this.schema)
    const strings = new Interner()
    const stored = this.store.all() as unknown[]
    for (let index = from; index < records.length; index++) {
      const record = this.copier(records[index], strings) as z.output<Schema>
      if (!markAsStored(record)) return index
      stored.push(record)
      if (this.store.count() !== stored.length) {
        bulkUnsupported = true
        return index
      }
      bulkWorks = true
      this.index(record)
    }
    return records.length
  }

  /**
   * What changed since the last call: `replaced` when the whole table was loaded anew (then
   * `records` is empty: take all()), else each changed key with its record now (null: gone), in
   * no particular order. The first call starts the record and reports `replaced`. Records are
   * the stored, frozen ones. Used by --persist to append only what a write changed.
   * @example
   * const { replaced, records } = db.packages.takeChanges() // records: [['Ab12Cd', {...}]]
   */
  takeChanges(): { replaced: boolean; records: [string, z.output<Schema> | null][] } {
    if (this.pending) this.settle()
    if (!this.touched || this.replaced) {
      this.touched = new Set()
      this.replaced = false
      return { replaced: true, records: [] }
    }
    const records: [string, z.output<Schema> | null][] = []
    for (const key of this.touched) records.push([key, this.byKey.get(key) ?? null])
    this.touched.clear()
    return { replaced: false, records }
  }

  /** Undoes every write since the baseline (the last replaceAll or commit). */
  async rollback(): Promise<void> {
    // Not stored yet: nothing was written since (every write stores them first).
    if (this.pending) return
    this.lastSequence = this.baselineSequence
    if (this.undo.size === 0) return
    await this.undo.untracked(async () => {
      for (const [key, original] of this.undo.touched()) {
        const current = this.byKey.get(key)
        if (current) {
          this.drop(current)
          this.unindex(current)
        }
        if (original) await this.put(original as z.input<Schema>)
      }
    })
    this.undo.clear()
  }

  /** Makes the current records the baseline that rollback() returns to. */
  commit(): void {
    // Not stored yet: the records taken are the baseline already (settle() makes them so).
    if (this.pending) return
    this.undo.clear()
    this.baselineSequence = this.lastSequence
  }

  get changed(): number {
    return this.undo.size
  }

  /**
   * Checks the indexes against the collection they mirror: one stored record per key, every
   * record in its group, and each group's totals equal to its records' measures summed again.
   * Returns what disagrees (empty when consistent); `name` prefixes each finding.
   */
  verify(name: string): string[] {
    if (this.pending) this.settle()
    const problems: string[] = []
    const stored = this.store.all() as z.output<Schema>[]
    const keys = new Set<string>()
    for (const record of stored) {
      const key = this.keyOf(record)
      if (keys.has(key)) problems.push(`${name}: two records with key "${key}"`)
      keys.add(key)
      if (!this.byKey.has(key)) problems.push(`${name}: "${key}" is stored but not indexed`)
    }
    for (const key of this.byKey.keys())
      if (!keys.has(key)) problems.push(`${name}: "${key}" is indexed but not stored`)
    problems.push(...this.verifyAliases(name))
    if (this.groups) problems.push(...this.groups.verify(name, this.byKey.values()))
    return problems
  }

  /**
   * Each record's alias indexed, and no alias left for a record that is gone. Two records with
   * one alias are a rule of the data, reported by the integrity check (src/core/db/integrity.ts).
   */
  private verifyAliases(name: string): string[] {
    if (!this.aliasOf) return []
    const problems: string[] = []
    for (const [key, record] of this.byKey) {
      const alias = this.aliasOf(record)
      if (!this.aliases.has(alias))
        problems.push(`${name}: "${key}" is not found by its alias "${alias}"`)
    }
    for (const [alias, record] of this.aliases)
      if (this.byKey.get(this.keyOf(record)) !== record)
        problems.push(`${name}: alias "${alias}" points at a record no longer stored`)
    return problems
  }

  /** Plain copies of every record, for snapshots and persistence. */
  toJSON(): z.output<Schema>[] {
    return this.all().map((record) => plainCopy(record))
  }
}
