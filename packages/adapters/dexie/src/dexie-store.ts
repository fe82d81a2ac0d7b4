/**
 * The storage contract on IndexedDB through Dexie: the embedded, offline store Kehu's widgets use
 * when there is no backend. Every write runs in one Dexie read-write transaction that reads the
 * stored version, checks `expectedVersion` and writes, so IndexedDB's own transaction ordering
 * makes two tabs racing for one record end with one success and one `CONFLICT`. Watches are Dexie
 * `liveQuery` observables, which hear about commits from this page and, through Dexie's
 * cross-tab broadcast, from every other tab of the origin.
 */
import {
  assertCollection,
  assertId,
  type CollectionName,
  conflict,
  type DeleteOptions,
  type EntityOf,
  isKehuError,
  KehuError,
  type NormalizedQuery,
  type Page,
  type PutOptions,
  parseEntity,
  type Query,
  type Store,
  type StoreTransaction,
  type Unsubscribe,
  type WatchHandlers,
  type Where,
  watchHandlers,
} from '@kehu/core';
import { Dexie, type DexieOptions, liveQuery, type Subscription, type Table, type Transaction } from '#dexie';
import { isStorageFailure, storageError } from './errors.ts';
import { normalizeQueryOnce, normalizeWhereOnce } from './normalize.ts';
import { countRows, type Row, type RowTable, readPage } from './plan.ts';
import { SCHEMA_VERSION, schemaVersions } from './schema.ts';

/** Dexie's typed tables, one per collection: `db.deals.where('[pipelineId+stageId+position]')…`. */
export type KehuTables = { readonly [C in CollectionName]: Table<EntityOf<C>, string> };

export type KehuDexie = Dexie & KehuTables;

/** What `onVersionChange` receives when another tab or connection upgrades or deletes the database. */
export interface VersionChangeNotice {
  database: string;
  reason: 'upgraded' | 'deleted';
  /** The error every later call on this store fails with. */
  error: KehuError;
  event: IDBVersionChangeEvent;
}

/** What `onBlocked` receives while this store's upgrade (or deletion) waits for other connections. */
export interface BlockedNotice {
  database: string;
  message: string;
  event: IDBVersionChangeEvent;
}

export interface DexieStoreOptions {
  /** The IndexedDB database name; one per tenant or user keeps their data apart. */
  name: string;
  /**
   * IndexedDB implementation, for runtimes without one (Node with fake-indexeddb). Defaults to
   * the browser's `indexedDB` and `IDBKeyRange`.
   */
  dexie?: { indexedDB?: DexieOptions['indexedDB']; IDBKeyRange?: DexieOptions['IDBKeyRange'] };
  /**
   * Called when another tab (or connection) upgrades or deletes the database: this store has
   * closed its connection so that can proceed, and every later call fails with `STORAGE`. Tell
   * the user to reload. Without it the notice goes to `console.warn`.
   */
  onVersionChange?: (notice: VersionChangeNotice) => void;
  /**
   * Called when this store must upgrade the database but another tab still holds an older
   * version open; work resumes once that tab closes or reloads. Without it: `console.warn`.
   */
  onBlocked?: (notice: BlockedNotice) => void;
}

export interface DexieStore extends Store {
  /** The IndexedDB database name given as `options.name`. */
  readonly databaseName: string;
  /**
   * The Dexie instance, for reading in ways the contract does not cover. Write through the store
   * only: writing here skips validation and versioning.
   */
  readonly db: KehuDexie;
  /** Closes this store and deletes the database with every record in it (sign-out, reset). */
  destroy(): Promise<void>;
}

/** Where an operation runs: outside any transaction, or inside one with a fixed scope. */
interface Context {
  table(collection: CollectionName): RowTable;
  /** Throws when the collection may not be used now. */
  check(collection: CollectionName): void;
  /** Records an IndexedDB failure, so a transaction whose work caught it still rolls back. */
  failed(error: KehuError): void;
  readonly database: string;
}

function requireArray(entities: unknown): asserts entities is readonly unknown[] {
  if (!Array.isArray(entities)) {
    throw new KehuError('VALIDATION', 'bulkPut expects an array', {
      issues: [{ path: [], message: 'Expected an array', code: 'invalid_type' }],
    });
  }
}

const idOf = (entity: unknown): string | undefined => {
  const id = (entity as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
};

/** Below this many records a batch reads versions record by record. */
const RANGE_PROBE_MIN = 64;

/** Records validated and handed to IndexedDB at a time in a bulk write. */
const WRITE_CHUNK = 500;

/**
 * Stored versions of a batch's ids. A large batch first counts the stored keys within its id span:
 * none (an import into an empty table) costs one request, and a span the batch mostly covers is
 * read with one `getAll` instead of one `get` per record.
 */
async function storedVersions(
  table: RowTable,
  batch: readonly (string | undefined)[],
): Promise<Map<string, number>> {
  const versions = new Map<string, number>();
  const ids = [...new Set(batch.filter((id): id is string => id !== undefined))];
  if (ids.length === 0) return versions;
  if (ids.length >= RANGE_PROBE_MIN) {
    let min = ids[0]!;
    let max = ids[0]!;
    for (const id of ids) {
      if (id < min) min = id;
      if (id > max) max = id;
    }
    const span = table.where('id').between(min, max, true, true);
    const stored = await span.count();
    if (stored === 0) return versions;
    if (stored <= ids.length * 2) {
      const wanted = new Set(ids);
      for (const row of await span.toArray()) if (wanted.has(row.id)) versions.set(row.id, row.version);
      return versions;
    }
  }
  const found = await table.bulkGet(ids);
  found.forEach((row) => {
    if (row) versions.set(row.id, row.version);
  });
  return versions;
}

/** The contract's reads and writes over a context; writes assume a read-write transaction. */
class Operations implements StoreTransaction {
  constructor(private readonly context: Context) {}

  private table(collection: unknown): RowTable {
    assertCollection(collection);
    this.context.check(collection);
    return this.context.table(collection);
  }

  private async step<T>(action: string, run: () => PromiseLike<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (isKehuError(error)) throw error;
      const failure = storageError(error, action, this.context.database);
      this.context.failed(failure);
      throw failure;
    }
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<EntityOf<C> | undefined> {
    const table = this.table(collection);
    assertId(id);
    const row = await this.step(`read ${collection}/${id}`, () => table.get(id));
    return (row ?? undefined) as EntityOf<C> | undefined;
  }

  async getMany<C extends CollectionName>(
    collection: C,
    ids: readonly string[],
  ): Promise<(EntityOf<C> | undefined)[]> {
    const table = this.table(collection);
    ids.forEach((id, index) => {
      assertId(id, ['ids', index]);
    });
    if (ids.length === 0) return [];
    const rows = await this.step(`read ${ids.length} ${collection}`, () => table.bulkGet([...ids]));
    return rows.map((row) => (row ?? undefined) as EntityOf<C> | undefined);
  }

  async query<C extends CollectionName>(collection: C, query?: Query<C>): Promise<Page<EntityOf<C>>> {
    const table = this.table(collection);
    const normalized = normalizeQueryOnce(collection, query);
    const page = await this.step(`query ${collection}`, () => readPage(table, collection, normalized));
    return page as Page<EntityOf<C>>;
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    const table = this.table(collection);
    const conditions = normalizeWhereOnce(collection, where);
    return this.step(`count ${collection}`, () => countRows(table, collection, conditions));
  }

  async put<C extends CollectionName>(
    collection: C,
    entity: unknown,
    options: PutOptions = {},
  ): Promise<EntityOf<C>> {
    const table = this.table(collection);
    const id = (entity as { id?: unknown } | null)?.id;
    const known = typeof id === 'string' && id !== '';
    const existing = known ? await this.step(`read ${collection}/${id}`, () => table.get(id)) : undefined;
    const expected = options.expectedVersion;
    if (expected !== undefined && known && (existing?.version ?? 0) !== expected) {
      throw conflict(collection, id, expected, existing?.version ?? null);
    }
    const row = parseEntity(collection, entity, (existing?.version ?? 0) + 1) as unknown as Row;
    // IndexedDB stores a structured clone, so the row handed back shares nothing with the store.
    await this.step(`save ${collection}/${row.id}`, () => table.put(row));
    return row as EntityOf<C>;
  }

  async bulkPut<C extends CollectionName>(collection: C, entities: readonly unknown[]): Promise<void> {
    const table = this.table(collection);
    requireArray(entities);
    if (entities.length === 0) return;
    const versions = await this.step(`read ${collection} versions`, () =>
      storedVersions(table, entities.map(idOf)),
    );
    // Validation runs chunk by chunk while IndexedDB writes the chunks before it, so its cost hides
    // behind the disk's. A bad record throws before the work ends, which aborts the transaction:
    // nothing of the batch is kept, as if it had been validated up front.
    const writes: Promise<unknown>[] = [];
    try {
      for (let start = 0; start < entities.length; start += WRITE_CHUNK) {
        const rows: Row[] = [];
        const end = Math.min(start + WRITE_CHUNK, entities.length);
        for (let index = start; index < end; index++) {
          const row = parseEntity(collection, entities[index], 1, [index]) as unknown as Row;
          // A repeated id counts up again: the later record wins with the next version.
          row.version = (versions.get(row.id) ?? 0) + 1;
          versions.set(row.id, row.version);
          rows.push(row);
        }
        writes.push(this.step(`save ${entities.length} ${collection}`, () => table.bulkPut(rows)));
      }
    } finally {
      // Awaited below, or abandoned with the aborted transaction: either way never unhandled.
      for (const write of writes) write.catch(() => undefined);
    }
    await Promise.all(writes);
  }

  async delete<C extends CollectionName>(
    collection: C,
    id: string,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    const table = this.table(collection);
    assertId(id);
    const existing = await this.step(`read ${collection}/${id}`, () => table.get(id));
    if (options.expectedVersion !== undefined && (existing?.version ?? 0) !== options.expectedVersion) {
      throw conflict(collection, id, options.expectedVersion, existing?.version ?? null);
    }
    if (!existing) return false;
    await this.step(`delete ${collection}/${id}`, () => table.delete(id));
    return true;
  }
}

function signatureOf(page: { items: Row[]; nextCursor: string | null }): string {
  let signature = page.nextCursor ?? '';
  for (const row of page.items) signature += `|${row.id}:${row.version}`;
  return signature;
}

interface ActiveWatch {
  stop(): void;
  /** Stops the watch and reports `error` to its error handler. */
  fail(error: KehuError): void;
}

/** Opens (lazily, on first use) the IndexedDB database `options.name` as a Kehu store. */
export function createDexieStore(options: DexieStoreOptions): DexieStore {
  const database = options.name;
  if (typeof database !== 'string' || database === '') {
    throw new KehuError('VALIDATION', 'createDexieStore needs a database name', {
      issues: [{ path: ['name'], message: 'Expected a non-empty string', code: 'invalid_type' }],
    });
  }
  const storeName = `dexie:${database}`;
  const supplied = options.dexie?.indexedDB;
  if (supplied && !Dexie.dependencies.indexedDB) {
    // liveQuery stays silent while Dexie has no default IndexedDB (its server-side-rendering
    // guard), so in a runtime without one the implementation supplied here becomes the default.
    Dexie.dependencies.indexedDB = supplied as IDBFactory;
    Dexie.dependencies.IDBKeyRange = options.dexie?.IDBKeyRange as typeof IDBKeyRange;
  }
  // The cache would show a write to live queries before it commits; the contract forbids that.
  const db = new Dexie(database, { ...options.dexie, cache: 'disabled' }) as KehuDexie;
  for (const schema of schemaVersions) {
    const version = db.version(schema.version).stores(schema.stores);
    if (schema.upgrade) version.upgrade(schema.upgrade);
  }

  let closedError: KehuError | undefined;
  const watches = new Set<ActiveWatch>();

  const guard = () => {
    if (closedError) {
      throw new KehuError('STORAGE', closedError.message, {
        details: closedError.details,
        cause: closedError,
      });
    }
  };

  // Returning false keeps Dexie's default handlers (which only log) from running after ours.
  db.on('versionchange', (event: IDBVersionChangeEvent) => {
    const reason = event.newVersion ? 'upgraded' : 'deleted';
    const what = reason === 'upgraded' ? `upgraded to a newer schema version` : 'deleted';
    const error = new KehuError(
      'STORAGE',
      `The database "${database}" was ${what} in another tab (or by another connection in this page); ` +
        'this connection closed itself so that could proceed. Reload the page to continue.',
      { details: { database, reason, oldVersion: event.oldVersion, newVersion: event.newVersion } },
    );
    closedError ??= error;
    for (const watch of [...watches]) watch.fail(error);
    db.close();
    if (options.onVersionChange) options.onVersionChange({ database, reason, error, event });
    else console.warn(error.message);
    return false;
  });
  db.on('blocked', (event: IDBVersionChangeEvent) => {
    if (!event.newVersion) {
      // Deleting (destroy()) waits for this store's own last transactions and for other Kehu
      // stores, which close themselves on the versionchange it sends: routine, not worth a warning.
      options.onBlocked?.({ database, message: `Deleting "${database}" waits for open connections`, event });
      return false;
    }
    const message =
      `Upgrading "${database}" to schema version ${SCHEMA_VERSION} waits for another tab that still ` +
      'has an older version open; it continues once that tab closes or reloads.';
    if (options.onBlocked) options.onBlocked({ database, message, event });
    else console.warn(message);
    return false;
  });

  const reader = new Operations({
    database,
    table: (collection) => db.table<Row, string>(collection),
    check: guard,
    failed: () => {},
  });

  /** Runs `work` in one read-write Dexie transaction over `scope`; all of it commits or none. */
  const write = async <R>(
    scope: readonly CollectionName[],
    action: string,
    work: (tx: Operations) => Promise<R>,
  ): Promise<R> => {
    guard();
    const names = [...new Set(scope)];
    let workError: { error: unknown } | undefined;
    const run = async (transaction: Transaction | undefined): Promise<R> => {
      let finished = false;
      let failure: KehuError | undefined;
      const tx = new Operations({
        database,
        table: (collection) => transaction!.table<Row, string>(collection),
        check(collection) {
          guard();
          if (finished) throw new KehuError('STORAGE', 'This transaction has already finished');
          if (!names.includes(collection)) {
            throw new KehuError('STORAGE', `Collection ${collection} is not part of this transaction`, {
              details: { collection, scope: names },
            });
          }
        },
        failed: (error) => {
          failure ??= error;
        },
      });
      try {
        const result = await work(tx);
        // A write that failed inside IndexedDB dooms the transaction even if `work` caught it.
        if (failure) throw failure;
        return result;
      } catch (error) {
        workError = { error };
        throw error;
      } finally {
        finished = true;
      }
    };
    if (names.length === 0) return run(undefined);
    try {
      return await db.transaction('rw', names, (transaction) => run(transaction));
    } catch (error) {
      // The work's own error comes back as it was thrown; IndexedDB's become STORAGE.
      if (workError && error === workError.error && !isStorageFailure(error)) throw error;
      throw storageError(error, action, database);
    }
  };

  const store: DexieStore = {
    name: storeName,
    databaseName: database,
    db,
    get: async (collection, id) => reader.get(collection, id),
    getMany: async (collection, ids) => reader.getMany(collection, ids),
    query: async (collection, query) => reader.query(collection, query),
    count: async (collection, where) => reader.count(collection, where),
    put: async (collection, entity, putOptions) => {
      assertCollection(collection);
      return write([collection], `save a record in ${collection}`, (tx) =>
        tx.put(collection, entity, putOptions),
      );
    },
    bulkPut: async (collection, entities) => {
      assertCollection(collection);
      guard();
      requireArray(entities);
      if (entities.length === 0) return;
      await write([collection], `save ${entities.length} records in ${collection}`, (tx) =>
        tx.bulkPut(collection, entities),
      );
    },
    delete: async (collection, id, deleteOptions) => {
      assertCollection(collection);
      return write([collection], `delete a record in ${collection}`, (tx) =>
        tx.delete(collection, id, deleteOptions),
      );
    },
    transaction: async (scope, work) => {
      guard();
      scope.forEach((collection) => {
        assertCollection(collection);
      });
      return write(scope, 'commit a transaction', work);
    },
    watch(collection, query, handlers) {
      guard();
      assertCollection(collection);
      const normalized: NormalizedQuery = normalizeQueryOnce(collection, query);
      const { next, error: onError } = watchHandlers(handlers) as WatchHandlers<Row>;
      let signature: string | undefined;
      let stopped = false;
      let subscription: Subscription | undefined;
      const watch: ActiveWatch = {
        stop() {
          if (stopped) return;
          stopped = true;
          subscription?.unsubscribe();
          watches.delete(watch);
        },
        fail(error) {
          if (stopped) return;
          watch.stop();
          if (onError) onError(error);
          else {
            // No error handler: surface it like any uncaught error rather than go silent.
            queueMicrotask(() => {
              throw error;
            });
          }
        },
      };
      watches.add(watch);
      subscription = liveQuery(() =>
        readPage(db.table<Row, string>(collection), collection, normalized),
      ).subscribe({
        next(page) {
          if (stopped) return;
          // liveQuery re-runs after every overlapping commit; deliver only a changed result.
          const current = signatureOf(page);
          if (current === signature) return;
          signature = current;
          next(page);
        },
        error(error: unknown) {
          watch.fail(storageError(error, `watch ${collection}`, database));
        },
      });
      if (stopped) subscription.unsubscribe();
      return watch.stop as Unsubscribe;
    },
    async close() {
      closedError ??= new KehuError('STORAGE', `The store ${storeName} is closed`, { details: { database } });
      for (const watch of [...watches]) watch.stop();
      db.close();
    },
    async destroy() {
      await store.close();
      try {
        await db.delete();
      } catch (error) {
        throw storageError(error, `delete the database ${database}`, database);
      }
    },
  };
  return store;
}
