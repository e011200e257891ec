/**
 * A table's records by group (a repository's namespace), with numbers summed per group (a
 * repository's size, package count) and derived lists (sorted, filtered) cached per group until
 * it next changes. Members are matched by key: an update hook's previous record is a copy, not
 * the stored object.
 */

const MAX_VIEWS_PER_GROUP = 64

export class GroupIndex<Row> {
  private members = new Map<string, Map<string, Row>>()
  /** Derived lists per group, dropped when that group changes. */
  private views = new Map<string, Map<string, Row[]>>()
  private totals = new Map<string, Record<string, number>>()

  private readonly groupOf: (record: Row) => string
  private readonly measure: ((record: Row) => Record<string, number>) | undefined

  constructor(
    groupOf: (record: Row) => string,
    measure: ((record: Row) => Record<string, number>) | undefined,
  ) {
    this.groupOf = groupOf
    this.measure = measure
  }

  add(key: string, record: Row): void {
    const group = this.groupOf(record)
    this.views.delete(group)
    let members = this.members.get(group)
    if (!members) this.members.set(group, (members = new Map()))
    members.set(key, record)
    this.tally(group, record, 1)
  }

  /** Removes what is stored under `key` in `record`'s group, subtracting what it added. */
  remove(key: string, record: Row): void {
    const group = this.groupOf(record)
    this.views.delete(group)
    const members = this.members.get(group)
    const stored = members?.get(key)
    if (members && stored) {
      members.delete(key)
      this.tally(group, stored, -1)
      if (members.size === 0) {
        this.members.delete(group)
        this.totals.delete(group)
      }
    }
  }

  list(group: string): Row[] {
    const members = this.members.get(group)
    return members ? [...members.values()] : []
  }

  size(group: string): number {
    return this.members.get(group)?.size ?? 0
  }

  totalsOf(group: string): Readonly<Record<string, number>> {
    return this.totals.get(group) ?? {}
  }

  /** See Table.view. */
  view(group: string, viewKey: string, compute: (records: Row[]) => Row[]): Row[] {
    // An empty group (a new or deleted repository) is not cached: one entry per such group
    // asked about would grow without end.
    if (!this.members.has(group)) return compute([])
    let cached = this.views.get(group)
    if (!cached) this.views.set(group, (cached = new Map()))
    let result = cached.get(viewKey)
    if (!result) {
      // Bounded: a client cycling through many queries must not grow memory without end.
      if (cached.size >= MAX_VIEWS_PER_GROUP) cached.clear()
      result = compute(this.list(group))
      cached.set(viewKey, result)
    }
    return result
  }

  clear(): void {
    this.members = new Map()
    this.views = new Map()
    this.totals = new Map()
  }

  /**
   * Checks the index against `records` (every record of the table): each group's size, and its
   * totals equal to its records' measures summed again. Returns what disagrees, `name` first.
   */
  verify(name: string, records: Iterable<Row>): string[] {
    const problems: string[] = []
    const expected = new Map<string, { size: number; totals: Record<string, number> }>()
    for (const record of records) {
      const group = this.groupOf(record)
      let entry = expected.get(group)
      if (!entry) expected.set(group, (entry = { size: 0, totals: {} }))
      entry.size++
      for (const [measure, value] of Object.entries(this.measure?.(record) ?? {}))
        entry.totals[measure] = (entry.totals[measure] ?? 0) + value
    }
    for (const group of new Set([...expected.keys(), ...this.members.keys()])) {
      const want = expected.get(group) ?? { size: 0, totals: {} }
      const size = this.size(group)
      if (size !== want.size)
        problems.push(`${name}: group "${group}" lists ${size} records, holds ${want.size}`)
    }
    for (const group of new Set([...expected.keys(), ...this.totals.keys()])) {
      const want = expected.get(group)?.totals ?? {}
      const have = this.totalsOf(group)
      for (const measure of new Set([...Object.keys(want), ...Object.keys(have)]))
        if ((have[measure] ?? 0) !== (want[measure] ?? 0))
          problems.push(
            `${name}: group "${group}" ${measure} is ${have[measure] ?? 0}, records sum to ${want[measure] ?? 0}`,
          )
    }
    return problems
  }

  private tally(group: string, record: Row, sign: 1 | -1): void {
    if (!this.measure) return
    let totals = this.totals.get(group)
    if (!totals) this.totals.set(group, (totals = {}))
    for (const [name, value] of Object.entries(this.measure(record)))
      totals[name] = (totals[name] ?? 0) + sign * value
  }
}
