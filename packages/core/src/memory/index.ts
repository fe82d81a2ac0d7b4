/**
 * The in-memory store: the reference implementation of the storage contract and the default for
 * tests and server-side use. Hash indexes answer equality and `in` (including array fields, one
 * entry per element); sorted indexes, rebuilt lazily after bulk writes, answer ranges and ordered
 * pages without sorting the whole collection. A write lock makes every write and transaction
 * all-or-nothing; watches are re-evaluated after each commit.
 */
import { KehuError } from '../errors.ts';
import type { Unsubscribe } from '../events.ts';
import { type CollectionName, collectionNames, collections, type EntityOf } from '../model/collections.ts';
import type {
  DeleteOptions,
  Page,
  PutOptions,
  Query,
  Store,
  StoreTransaction,
  WatchHandlers,
  Where,
} from '../storage/contract.ts';
import {
  assertCollection,
  assertId,
  compareEntities,
  compareValues,
  isAfterCursor,
  matchesWhere,
  type NormalizedCondition,
  type NormalizedQuery,
  normalizeQuery,
  normalizeWhere,
  runQuery,
  sortValue,
} from '../storage/query.ts';
import { conflict, parseEntity, watchHandlers } from '../storage/validate.ts';

type Row = Record<string, unknown> & { id: string; version: number };

/** Deep copy of JSON-shaped data; faster than structuredClone for plain records. */
function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  const out: Record<string, unknown> = {};
  for (const key in value) out[key] = clone((value as Record<string, unknown>)[key]);
  return out as T;
}

/** Index keys of a field value: one per array element, `null` for a missing value. */
function indexKeys(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.length ? value : [];
  return [value === undefined ? null : value];
}

/** The most restrictive of several bounds (largest lower / smallest upper), ignoring missing ones. */
function tightest(bounds: (string | number | undefined)[], sign: 1 | -1): string | number | undefined {
  let best: string | number | undefined;
  for (const bound of bounds) {
    if (bound === undefined) continue;
    if (best === undefined || compareValues(bound, best) * sign > 0) best = bound;
  }
  return best;
}

class SortedIndex {
  private rows: Row[] = [];
  private dirty = true;

  constructor(
    readonly field: string,
    private readonly table: Table,
  ) {}

  invalidate(): void {
    this.dirty = true;
  }

  /** Keeps the index current for a single write instead of rebuilding it. */
  replace(before: Row | undefined, after: Row | undefined): void {
    if (this.dirty) return;
    if (before) {
      const at = this.locate(before);
      if (this.rows[at]?.id === before.id) this.rows.splice(at, 1);
      else this.dirty = true;
    }
    if (after) this.rows.splice(this.locate(after), 0, after);
  }

  all(): Row[] {
    if (this.dirty) {
      this.rows = [...this.table.rows.values()].sort((a, b) => compareEntities(a, b, this.field, 'asc'));
      this.dirty = false;
    }
    return this.rows;
  }

  /** First position whose row is not before `row` (binary search on value, then id). */
  private locate(row: Row): number {
    let lo = 0;
    let hi = this.rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareEntities(this.rows[mid]!, row, this.field, 'asc') < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Rows whose value may lie within the bounds of `condition`, in ascending order. The slice is
   * inclusive of the tightest bound on each side; the caller's filter applies exclusivity.
   */
  range(condition: NormalizedCondition): Row[] {
    const rows = this.all();
    const lower = tightest([condition.gt, condition.gte], 1);
    const upper = tightest([condition.lt, condition.lte], -1);
    const start = lower === undefined ? 0 : this.bound(rows, lower, false);
    const end = upper === undefined ? rows.length : this.bound(rows, upper, true);
    return rows.slice(start, Math.max(start, end));
  }

  /** First index whose value is > `value` (after = true) or ≥ `value` (after = false). */
  private bound(rows: Row[], value: unknown, after: boolean): number {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const order = compareValues(sortValue(rows[mid]!, this.field), value);
      if (order < 0 || (after && order === 0)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

class Table {
  readonly rows = new Map<string, Row>();
  private readonly hash = new Map<string, Map<unknown, Set<string>>>();
  private readonly sorted = new Map<string, SortedIndex>();

  constructor(collection: CollectionName) {
    const definition: {
      indexes: readonly string[];
      multiEntry?: readonly string[];
      compound?: readonly (readonly string[])[];
    } = collections[collection];
    const fields = new Set<string>([...definition.indexes, ...(definition.multiEntry ?? [])]);
    for (const compound of definition.compound ?? []) for (const field of compound) fields.add(field);
    for (const field of fields) this.hash.set(field, new Map());
    for (const field of new Set(['id', 'createdAt', ...fields])) {
      if (!(definition.multiEntry ?? []).includes(field))
        this.sorted.set(field, new SortedIndex(field, this));
    }
  }

  write(id: string, next: Row | undefined, single: boolean): void {
    const previous = this.rows.get(id);
    for (const [field, index] of this.hash) {
      if (previous) {
        for (const key of indexKeys(previous[field])) {
          const ids = index.get(key);
          ids?.delete(id);
          if (ids?.size === 0) index.delete(key);
        }
      }
      if (next) {
        for (const key of indexKeys(next[field])) {
          let ids = index.get(key);
          if (!ids) {
            ids = new Set();
            index.set(key, ids);
          }
          ids.add(id);
        }
      }
    }
    if (next) this.rows.set(id, next);
    else this.rows.delete(id);
    for (const index of this.sorted.values()) {
      if (single) index.replace(previous, next);
      else index.invalidate();
    }
  }

  /** Rows that may match, narrowed by the cheapest index; the caller still filters them all. */
  candidates(query: NormalizedQuery): { rows: Iterable<Row>; presorted: boolean } {
    let best: Set<string> | undefined;
    for (const condition of query.conditions) {
      const index = this.hash.get(condition.field);
      if (!index) continue;
      const keys = condition.eq !== undefined ? [condition.eq] : condition.in;
      if (!keys) continue;
      let ids: Set<string>;
      if (keys.length === 1) ids = index.get(keys[0]) ?? new Set();
      else {
        ids = new Set();
        for (const key of keys) for (const id of index.get(key) ?? []) ids.add(id);
      }
      if (!best || ids.size < best.size) best = ids;
    }
    const ordered = this.sorted.get(query.orderBy);
    if (best) {
      // Walking the sort index until the page is full beats sorting the candidates when the
      // candidates are many and the page is small.
      const walkCost =
        query.limit === undefined ? Infinity : ((query.limit + 1) * this.rows.size) / (best.size || 1);
      const sortCost = best.size * Math.log2(best.size + 2);
      if (!ordered || walkCost >= sortCost) return { rows: this.lookup(best), presorted: false };
    }
    if (!best) {
      const range = query.conditions.find(
        (c) => this.sorted.has(c.field) && (c.gt ?? c.gte ?? c.lt ?? c.lte) !== undefined,
      );
      if (range && range.field !== query.orderBy) {
        return { rows: this.sorted.get(range.field)!.range(range), presorted: false };
      }
    }
    if (ordered) {
      const rows = ordered.all();
      return { rows: query.direction === 'asc' ? rows : reversed(rows), presorted: true };
    }
    return { rows: this.rows.values(), presorted: false };
  }

  private *lookup(ids: Set<string>): Iterable<Row> {
    for (const id of ids) yield this.rows.get(id)!;
  }

  count(conditions: NormalizedCondition[]): number {
    if (conditions.length === 0) return this.rows.size;
    let total = 0;
    const { rows } = this.candidates({
      conditions,
      orderBy: 'id',
      direction: 'asc',
      limit: undefined,
      after: undefined,
    });
    for (const row of rows) if (matchesWhere(row, conditions)) total++;
    return total;
  }
}

function* reversed<T>(items: T[]): Iterable<T> {
  for (let i = items.length - 1; i >= 0; i--) yield items[i]!;
}

interface Change {
  collections: Set<CollectionName>;
}

/**
 * The shared state behind one or more store objects — what a database is to its connections.
 * Two `createMemoryStore({ database })` calls on the same database see each other's writes.
 */
export class MemoryDatabase {
  readonly tables = new Map<CollectionName, Table>();
  private lock: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<(change: Change) => void>();

  table(collection: CollectionName): Table {
    let table = this.tables.get(collection);
    if (!table) {
      table = new Table(collection);
      this.tables.set(collection, table);
    }
    return table;
  }

  /** Runs `fn` after every earlier write has finished; writes never interleave. */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  onChange(listener: (change: Change) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  publish(change: Change): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

export function createMemoryDatabase(): MemoryDatabase {
  return new MemoryDatabase();
}

export interface MemoryStoreOptions {
  name?: string;
  /** Share state with other store objects, like two connections to one database. */
  database?: MemoryDatabase;
}

export interface MemoryStore extends Store {
  readonly database: MemoryDatabase;
}

type Pending = Map<CollectionName, Map<string, Row | null>>;

/** Reads and writes of one transaction: an overlay over the committed tables. */
class Overlay implements StoreTransaction {
  readonly pending: Pending = new Map();
  finished = false;

  constructor(
    private readonly db: MemoryDatabase,
    private readonly scope: ReadonlySet<CollectionName>,
  ) {}

  private use(collection: unknown): Map<string, Row | null> {
    assertCollection(collection);
    if (this.finished) throw new KehuError('STORAGE', 'This transaction has already finished');
    if (!this.scope.has(collection)) {
      throw new KehuError('STORAGE', `Collection ${collection} is not part of this transaction`, {
        details: { collection },
      });
    }
    let pending = this.pending.get(collection);
    if (!pending) {
      pending = new Map();
      this.pending.set(collection, pending);
    }
    return pending;
  }

  private current(collection: CollectionName, id: string): Row | undefined {
    const pending = this.pending.get(collection);
    if (pending?.has(id)) return pending.get(id) ?? undefined;
    return this.db.table(collection).rows.get(id);
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<EntityOf<C> | undefined> {
    this.use(collection);
    assertId(id);
    const row = this.current(collection, id);
    return row ? (clone(row) as EntityOf<C>) : undefined;
  }

  async getMany<C extends CollectionName>(
    collection: C,
    ids: readonly string[],
  ): Promise<(EntityOf<C> | undefined)[]> {
    this.use(collection);
    ids.forEach((id, index) => {
      assertId(id, ['ids', index]);
    });
    return ids.map((id) => {
      const row = this.current(collection, id);
      return row ? (clone(row) as EntityOf<C>) : undefined;
    });
  }

  async query<C extends CollectionName>(collection: C, query?: Query<C>): Promise<Page<EntityOf<C>>> {
    const pending = this.use(collection);
    const normalized = normalizeQuery(collection, query as Query);
    const table = this.db.table(collection);
    const page =
      pending.size === 0
        ? queryTable(table, normalized)
        : runQuery(this.merged(collection, table), normalized);
    return { items: page.items.map(clone) as EntityOf<C>[], nextCursor: page.nextCursor };
  }

  private *merged(collection: CollectionName, table: Table): Iterable<Row> {
    const pending = this.pending.get(collection)!;
    for (const [id, row] of table.rows) if (!pending.has(id)) yield row;
    for (const row of pending.values()) if (row) yield row;
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    const pending = this.use(collection);
    const conditions = normalizeWhere(collection, where as Where);
    const table = this.db.table(collection);
    if (pending.size === 0) return table.count(conditions);
    let total = 0;
    for (const row of this.merged(collection, table)) if (matchesWhere(row, conditions)) total++;
    return total;
  }

  async put<C extends CollectionName>(
    collection: C,
    entity: unknown,
    options: PutOptions = {},
  ): Promise<EntityOf<C>> {
    const pending = this.use(collection);
    const id = (entity as { id?: unknown } | null)?.id;
    const existing = typeof id === 'string' ? this.current(collection, id) : undefined;
    const expected = options.expectedVersion;
    if (expected !== undefined && typeof id === 'string' && (existing?.version ?? 0) !== expected) {
      throw conflict(collection, id, expected, existing?.version ?? null);
    }
    const row = parseEntity(collection, entity, (existing?.version ?? 0) + 1) as unknown as Row;
    pending.set(row.id, row);
    return clone(row) as EntityOf<C>;
  }

  async bulkPut<C extends CollectionName>(collection: C, entities: readonly unknown[]): Promise<void> {
    const pending = this.use(collection);
    if (!Array.isArray(entities)) {
      throw new KehuError('VALIDATION', 'bulkPut expects an array', {
        issues: [{ path: [], message: 'Expected an array', code: 'invalid_type' }],
      });
    }
    const rows = entities.map((entity, index) => {
      const id = (entity as { id?: unknown } | null)?.id;
      const version = typeof id === 'string' ? (this.current(collection, id)?.version ?? 0) : 0;
      return parseEntity(collection, entity, version + 1, [index]) as unknown as Row;
    });
    // Two records with one id in the same batch: the second wins with the next version.
    for (const row of rows) {
      const earlier = pending.get(row.id);
      if (earlier) row.version = earlier.version + 1;
      pending.set(row.id, row);
    }
  }

  async delete<C extends CollectionName>(
    collection: C,
    id: string,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    const pending = this.use(collection);
    assertId(id);
    const existing = this.current(collection, id);
    if (options.expectedVersion !== undefined && (existing?.version ?? 0) !== options.expectedVersion) {
      throw conflict(collection, id, options.expectedVersion, existing?.version ?? null);
    }
    if (!existing) return false;
    pending.set(id, null);
    return true;
  }

  /** Applies every pending write to the tables; called with the write lock held. */
  commit(): Set<CollectionName> {
    const changed = new Set<CollectionName>();
    for (const [collection, writes] of this.pending) {
      if (writes.size === 0) continue;
      const table = this.db.table(collection);
      const single = writes.size === 1;
      for (const [id, row] of writes) table.write(id, row ?? undefined, single);
      changed.add(collection);
    }
    return changed;
  }
}

function queryTable(table: Table, query: NormalizedQuery): { items: Row[]; nextCursor: string | null } {
  const { rows, presorted } = table.candidates(query);
  if (!presorted || !query.after) return runQuery(rows, query, { presorted });
  // Skip to the cursor by position rather than testing every earlier row.
  return runQuery(skipUntilAfter(rows, query), query, { presorted: true });
}

function* skipUntilAfter(rows: Iterable<Row>, query: NormalizedQuery): Iterable<Row> {
  let started = false;
  for (const row of rows) {
    if (!started && !isAfterCursor(row, query)) continue;
    started = true;
    yield row;
  }
}

interface Watcher {
  collection: CollectionName;
  query: NormalizedQuery;
  handlers: WatchHandlers<never>;
  signature: string | undefined;
  scheduled: boolean;
}

function signatureOf(page: { items: Row[]; nextCursor: string | null }): string {
  let signature = page.nextCursor ?? '';
  for (const row of page.items) signature += `|${row.id}:${row.version}`;
  return signature;
}

/** Creates a memory store; pass `database` to open a second store object on shared state. */
export function createMemoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const db = options.database ?? new MemoryDatabase();
  const name = options.name ?? 'memory';
  const watchers = new Set<Watcher>();
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new KehuError('STORAGE', `The store ${name} is closed`);
  };

  const refresh = (watcher: Watcher) => {
    if (watcher.scheduled) return;
    watcher.scheduled = true;
    queueMicrotask(() => {
      watcher.scheduled = false;
      if (!watchers.has(watcher)) return;
      try {
        const page = queryTable(db.table(watcher.collection), watcher.query);
        const signature = signatureOf(page);
        if (signature === watcher.signature) return;
        watcher.signature = signature;
        watcher.handlers.next({ items: page.items.map(clone) as never[], nextCursor: page.nextCursor });
      } catch (error) {
        const failure =
          error instanceof KehuError ? error : new KehuError('STORAGE', 'A watch failed', { cause: error });
        if (watcher.handlers.error) watcher.handlers.error(failure);
        else throw failure;
      }
    });
  };

  const stopListening = db.onChange((change) => {
    for (const watcher of watchers) if (change.collections.has(watcher.collection)) refresh(watcher);
  });

  const write = <R>(
    scope: readonly CollectionName[],
    work: (tx: StoreTransaction) => Promise<R>,
  ): Promise<R> => {
    ensureOpen();
    scope.forEach((collection) => {
      assertCollection(collection);
    });
    return db.exclusive(async () => {
      const overlay = new Overlay(db, new Set(scope));
      try {
        const result = await work(overlay);
        const changed = overlay.commit();
        if (changed.size) db.publish({ collections: changed });
        return result;
      } finally {
        overlay.finished = true;
      }
    });
  };

  const reader = new Overlay(db, new Set(collectionNames));

  const store: MemoryStore = {
    name,
    database: db,
    get: async (collection, id) => {
      ensureOpen();
      return reader.get(collection, id);
    },
    getMany: async (collection, ids) => {
      ensureOpen();
      return reader.getMany(collection, ids);
    },
    query: async (collection, query) => {
      ensureOpen();
      return reader.query(collection, query);
    },
    count: async (collection, where) => {
      ensureOpen();
      return reader.count(collection, where);
    },
    put: async (collection, entity, putOptions) => {
      assertCollection(collection);
      return write([collection], (tx) => tx.put(collection, entity, putOptions));
    },
    bulkPut: async (collection, entities) => {
      assertCollection(collection);
      return write([collection], (tx) => tx.bulkPut(collection, entities));
    },
    delete: async (collection, id, deleteOptions) => {
      assertCollection(collection);
      return write([collection], (tx) => tx.delete(collection, id, deleteOptions));
    },
    transaction: async (scope, work) => write(scope, work),
    watch(collection, query, handlers) {
      ensureOpen();
      assertCollection(collection);
      const watcher: Watcher = {
        collection,
        query: normalizeQuery(collection, query as Query),
        handlers: watchHandlers(handlers) as WatchHandlers<never>,
        signature: undefined,
        scheduled: false,
      };
      watchers.add(watcher);
      refresh(watcher);
      return () => {
        watchers.delete(watcher);
      };
    },
    async close() {
      closed = true;
      watchers.clear();
      stopListening();
    },
  };
  return store;
}
