/**
 * One @msw/data collection plus the indexes the handlers need. @msw/data finds records by
 * scanning; a mock that answers every request of a test suite must not, so lookups by key and
 * by group go through maps kept in step by the collection's own hooks (writes made directly on
 * `table.collection` by a user are indexed too).
 */
import { Collection } from '@msw/data'
import type { z } from 'zod'

type Draft<T> = { -readonly [K in keyof T]: T[K] }

export class Table<Schema extends z.ZodObject> {
  collection: Collection<Schema>
  readonly schema: Schema
  private readonly keyOf: (record: z.output<Schema>) => string
  private readonly groupOf: ((record: z.output<Schema>) => string) | undefined
  private byKey = new Map<string, z.output<Schema>>()
  private byGroup = new Map<string, Map<string, z.output<Schema>>>()
  private sortedCache = new Map<string, z.output<Schema>[]>()
  /**
   * Undo log since the baseline: for each key touched, the record it had then (null: none).
   * reset() rolls back only what a test changed, so its cost follows the writes, not the dataset.
   */
  private undo = new Map<string, z.output<Schema> | null>()
  private tracking = true

  constructor(
    schema: Schema,
    keyOf: (record: z.output<Schema>) => string,
    groupOf?: (record: z.output<Schema>) => string,
  ) {
    this.schema = schema
    this.keyOf = keyOf
    this.groupOf = groupOf
    this.collection = this.newCollection()
  }

  private newCollection(): Collection<Schema> {
    const collection = new Collection({ schema: this.schema })
    collection.hooks.on('create', (event) => this.index(event.data.record as z.output<Schema>))
    collection.hooks.on('update', (event) => {
      this.unindex(event.data.prevRecord as z.output<Schema>)
      this.index(event.data.nextRecord as z.output<Schema>)
    })
    collection.hooks.on('delete', (event) =>
      this.unindex(event.data.deletedRecord as z.output<Schema>),
    )
    return collection
  }

  private index(record: z.output<Schema>): void {
    this.sortedCache.clear()
    const key = this.keyOf(record)
    if (this.tracking && !this.undo.has(key)) this.undo.set(key, null)
    this.byKey.set(key, record)
    if (this.groupOf) {
      const group = this.groupOf(record)
      let members = this.byGroup.get(group)
      if (!members) this.byGroup.set(group, (members = new Map()))
      members.set(key, record)
    }
  }

  private unindex(record: z.output<Schema>): void {
    this.sortedCache.clear()
    const key = this.keyOf(record)
    if (this.tracking && !this.undo.has(key)) this.undo.set(key, record)
    if (this.byKey.get(key) === record) this.byKey.delete(key)
    if (this.groupOf) {
      const group = this.groupOf(record)
      const members = this.byGroup.get(group)
      if (members?.get(key) === record) {
        members.delete(key)
        if (members.size === 0) this.byGroup.delete(group)
      }
    }
  }

  get(key: string): z.output<Schema> | undefined {
    return this.byKey.get(key)
  }

  has(key: string): boolean {
    return this.byKey.has(key)
  }

  get size(): number {
    return this.byKey.size
  }

  all(): z.output<Schema>[] {
    return [...this.byKey.values()]
  }

  group(group: string): z.output<Schema>[] {
    const members = this.byGroup.get(group)
    return members ? [...members.values()] : []
  }

  groupSize(group: string): number {
    return this.byGroup.get(group)?.size ?? 0
  }

  /**
   * A group sorted by `compare`, cached until the next write: list endpoints page through the
   * same order again and again, so they should not sort per request.
   */
  sortedGroup(
    group: string,
    cacheKey: string,
    compare: (a: z.output<Schema>, b: z.output<Schema>) => number,
  ): z.output<Schema>[] {
    const id = `${group}\u0000${cacheKey}`
    let sorted = this.sortedCache.get(id)
    if (!sorted) {
      sorted = this.group(group).sort(compare)
      this.sortedCache.set(id, sorted)
    }
    return sorted
  }

  async insert(values: z.input<Schema>): Promise<z.output<Schema>> {
    return (await this.collection.create(values)) as z.output<Schema>
  }

  async update(
    key: string,
    change: (draft: Draft<z.output<Schema>>) => void,
  ): Promise<z.output<Schema> | undefined> {
    const record = this.byKey.get(key)
    if (!record) return undefined
    const next = await this.collection.update(record as never, {
      data: (draft) => change(draft as Draft<z.output<Schema>>),
    })
    return next as z.output<Schema> | undefined
  }

  remove(key: string): z.output<Schema> | undefined {
    const record = this.byKey.get(key)
    if (!record) return undefined
    this.collection.delete(record as never)
    return record
  }

  /** Replace every record: a fresh collection, so no stale hook or relation survives. */
  async replaceAll(records: readonly z.input<Schema>[]): Promise<void> {
    this.byKey = new Map()
    this.byGroup = new Map()
    this.sortedCache.clear()
    this.collection = this.newCollection()
    this.tracking = false
    try {
      for (const record of records) await this.collection.create(record)
    } finally {
      this.tracking = true
    }
    this.undo.clear()
  }

  /** Undoes every write since the baseline (the last replaceAll or commit). */
  async rollback(): Promise<void> {
    if (this.undo.size === 0) return
    this.tracking = false
    try {
      for (const [key, original] of this.undo) {
        const current = this.byKey.get(key)
        if (current) this.collection.delete(current as never)
        if (original) await this.collection.create(structuredClone(original) as z.input<Schema>)
      }
    } finally {
      this.tracking = true
    }
    this.undo.clear()
  }

  /** Makes the current records the baseline that rollback() returns to. */
  commit(): void {
    this.undo.clear()
  }

  get changed(): number {
    return this.undo.size
  }

  /** Plain copies of every record, for snapshots and persistence. */
  toJSON(): z.output<Schema>[] {
    return this.all().map((record) => structuredClone(record))
  }
}
