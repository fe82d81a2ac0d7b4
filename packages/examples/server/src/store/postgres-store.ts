/**
 * The storage contract on Postgres (or PGlite): one tenant's view of the `records` table. Every
 * statement is scoped by `tenant_id`; every write checks and bumps `version` inside its SQL
 * transaction, appends to `changes` in the same transaction and NOTIFYs `kehu_changes` on commit,
 * which is how watches on other store objects, connections and servers hear about it.
 */
import {
  assertCollection,
  assertId,
  type Clock,
  type CollectionName,
  conflict,
  type DeleteOptions,
  type EntityOf,
  KehuError,
  type NormalizedQuery,
  normalizeQuery,
  normalizeWhere,
  type Page,
  type PutOptions,
  paginate,
  parseEntity,
  type Query,
  type Store,
  type StoreTransaction,
  type Unsubscribe,
  type WatchHandlers,
  type Where,
  watchHandlers,
} from '@kehu/core';
import type { Database } from '../db.ts';
import { collectionLiteral, countSql, selectSql } from './sql.ts';

/** The channel every committed write is announced on; the payload is a `ChangeNotification`. */
export const CHANGES_CHANNEL = 'kehu_changes';

/** The JSON payload of a `kehu_changes` notification. */
export interface ChangeNotification {
  tenant: string;
  collections: CollectionName[];
}

export function parseChangeNotification(payload: string): ChangeNotification | undefined {
  try {
    const value = JSON.parse(payload) as Partial<ChangeNotification>;
    if (typeof value.tenant !== 'string' || !Array.isArray(value.collections)) return undefined;
    return { tenant: value.tenant, collections: value.collections };
  } catch {
    return undefined;
  }
}

export interface PostgresStoreOptions {
  /** A migrated database (see `migrate`); shared by every tenant's store, never closed by one. */
  db: Database;
  /** Every statement of this store is scoped to this tenant. */
  tenantId: string;
  /** Stamps `updated_at` and the change feed; default: the database's `now()`. */
  clock?: Clock;
  /** For diagnostics; default `postgres:<tenant>` or `pglite:<tenant>`. */
  name?: string;
}

export interface PostgresStore extends Store {
  readonly tenantId: string;
  readonly db: Database;
}

type Row = { id: string; version: number; data: Record<string, unknown> };

/** Bulk writes go in statements of this many records, all inside one transaction. */
const BULK_BATCH = 1000;

const entityOf = <C extends CollectionName>(row: Row): EntityOf<C> =>
  ({ ...row.data, id: row.id, version: row.version }) as EntityOf<C>;

function storageError(error: unknown): unknown {
  if (error instanceof KehuError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KehuError('STORAGE', `The database failed: ${message}`, { cause: error });
}

async function run<T>(sql: Database, text: string, values: readonly unknown[]): Promise<T[]> {
  try {
    return (await sql.query<T>(text, values)).rows;
  } catch (error) {
    throw storageError(error);
  }
}

/** Reads and writes through one SQL connection or transaction (`sql`), for one tenant. */
class SqlSession implements StoreTransaction {
  readonly changed = new Set<CollectionName>();
  finished = false;

  constructor(
    private readonly sql: Database,
    private readonly tenantId: string,
    /** The collections a transaction declared; `undefined` outside transactions. */
    private readonly scope: ReadonlySet<CollectionName> | undefined,
    private readonly at: () => string | null,
  ) {}

  private use(collection: unknown): asserts collection is CollectionName {
    assertCollection(collection);
    if (this.finished) throw new KehuError('STORAGE', 'This transaction has already finished');
    if (this.scope && !this.scope.has(collection)) {
      throw new KehuError('STORAGE', `Collection ${collection} is not part of this transaction`, {
        details: { collection },
      });
    }
  }

  private async versionOf(collection: CollectionName, id: string): Promise<number | null> {
    const rows = await run<{ version: number }>(
      this.sql,
      `SELECT version FROM records WHERE tenant_id = $1 AND collection = ${collectionLiteral(collection)} AND id = $2`,
      [this.tenantId, id],
    );
    return rows[0]?.version ?? null;
  }

  async get<C extends CollectionName>(collection: C, id: string): Promise<EntityOf<C> | undefined> {
    this.use(collection);
    assertId(id);
    const rows = await run<Row>(
      this.sql,
      `SELECT id, version, data FROM records WHERE tenant_id = $1 AND collection = ${collectionLiteral(collection)} AND id = $2`,
      [this.tenantId, id],
    );
    return rows[0] ? entityOf<C>(rows[0]) : undefined;
  }

  async getMany<C extends CollectionName>(
    collection: C,
    ids: readonly string[],
  ): Promise<(EntityOf<C> | undefined)[]> {
    this.use(collection);
    if (!Array.isArray(ids)) {
      throw new KehuError('VALIDATION', 'getMany expects an array of ids', {
        issues: [{ path: ['ids'], message: 'Expected an array', code: 'invalid_type' }],
      });
    }
    ids.forEach((id, index) => {
      assertId(id, ['ids', index]);
    });
    if (ids.length === 0) return [];
    const rows = await run<Row>(
      this.sql,
      `SELECT id, version, data FROM records WHERE tenant_id = $1 AND collection = ${collectionLiteral(collection)} ` +
        `AND id = ANY(ARRAY(SELECT jsonb_array_elements_text($2::jsonb)))`,
      [this.tenantId, JSON.stringify([...new Set(ids)])],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      return row ? entityOf<C>(row) : undefined;
    });
  }

  async query<C extends CollectionName>(collection: C, query?: Query<C>): Promise<Page<EntityOf<C>>> {
    this.use(collection);
    return this.page(collection, normalizeQuery(collection, query as Query));
  }

  async page<C extends CollectionName>(collection: C, query: NormalizedQuery): Promise<Page<EntityOf<C>>> {
    const statement = selectSql(collection, query, this.tenantId);
    const rows = await run<Row>(this.sql, statement.text, statement.values);
    const page = paginate(
      rows.map((row) => entityOf<C>(row) as Record<string, unknown>),
      query,
    );
    return page as Page<EntityOf<C>>;
  }

  async count<C extends CollectionName>(collection: C, where?: Where<C>): Promise<number> {
    this.use(collection);
    const statement = countSql(collection, normalizeWhere(collection, where as Where), this.tenantId);
    const rows = await run<{ n: number }>(this.sql, statement.text, statement.values);
    return Number(rows[0]?.n ?? 0);
  }

  async put<C extends CollectionName>(
    collection: C,
    entity: unknown,
    options: PutOptions = {},
  ): Promise<EntityOf<C>> {
    this.use(collection);
    const expected = options.expectedVersion;
    const id = (entity as { id?: unknown } | null)?.id;
    let parsed: Record<string, unknown>;
    try {
      // The stored version is not known yet; it takes no part in validation.
      parsed = parseEntity(collection, entity, 1) as Record<string, unknown>;
    } catch (invalid) {
      // A write both stale and invalid reports the conflict.
      if (expected !== undefined && typeof id === 'string') {
        const actual = await this.versionOf(collection, id);
        if ((actual ?? 0) !== expected) throw conflict(collection, id, expected, actual);
      }
      throw invalid;
    }
    const { version: _ignored, ...data } = parsed;
    const json = JSON.stringify(data);
    const recordId = data.id as string;
    const coll = collectionLiteral(collection);
    const changes =
      `c AS (INSERT INTO changes (tenant_id, collection, id, op, version, at) ` +
      `SELECT $1, ${coll}, id, 'put', version, COALESCE($4::timestamptz, now()) FROM w)`;
    let text: string;
    const values: unknown[] = [this.tenantId, recordId, json, this.at()];
    if (expected === undefined) {
      text =
        `WITH w AS (INSERT INTO records AS r (tenant_id, collection, id, version, data, updated_at) ` +
        `VALUES ($1, ${coll}, $2, 1, $3::jsonb, COALESCE($4::timestamptz, now())) ` +
        `ON CONFLICT (tenant_id, collection, id) DO UPDATE SET version = r.version + 1, data = EXCLUDED.data, ` +
        `updated_at = EXCLUDED.updated_at RETURNING r.id, r.version), ${changes} SELECT version FROM w`;
    } else if (expected === 0) {
      text =
        `WITH w AS (INSERT INTO records AS r (tenant_id, collection, id, version, data, updated_at) ` +
        `VALUES ($1, ${coll}, $2, 1, $3::jsonb, COALESCE($4::timestamptz, now())) ` +
        `ON CONFLICT (tenant_id, collection, id) DO NOTHING RETURNING r.id, r.version), ${changes} SELECT version FROM w`;
    } else {
      values.push(expected);
      text =
        `WITH w AS (UPDATE records AS r SET version = r.version + 1, data = $3::jsonb, ` +
        `updated_at = COALESCE($4::timestamptz, now()) WHERE r.tenant_id = $1 AND r.collection = ${coll} ` +
        `AND r.id = $2 AND r.version = $5 RETURNING r.id, r.version), ${changes} SELECT version FROM w`;
    }
    const rows = await run<{ version: number }>(this.sql, text, values);
    const written = rows[0];
    if (!written) {
      throw conflict(collection, recordId, expected ?? 0, await this.versionOf(collection, recordId));
    }
    this.changed.add(collection);
    return { ...(JSON.parse(json) as Record<string, unknown>), version: written.version } as EntityOf<C>;
  }

  async bulkPut<C extends CollectionName>(collection: C, entities: readonly unknown[]): Promise<void> {
    this.use(collection);
    if (!Array.isArray(entities)) {
      throw new KehuError('VALIDATION', 'bulkPut expects an array', {
        issues: [{ path: [], message: 'Expected an array', code: 'invalid_type' }],
      });
    }
    // Validate everything before writing anything; the last of several records with one id wins.
    const byId = new Map<string, Record<string, unknown>>();
    entities.forEach((entity, index) => {
      const { version: _ignored, ...data } = parseEntity(collection, entity, 1, [index]) as Record<
        string,
        unknown
      >;
      byId.delete(data.id as string);
      byId.set(data.id as string, data);
    });
    if (byId.size === 0) return;
    const coll = collectionLiteral(collection);
    const text =
      `WITH w AS (INSERT INTO records AS r (tenant_id, collection, id, version, data, updated_at) ` +
      `SELECT $1, ${coll}, x ->> 'id', 1, x, COALESCE($3::timestamptz, now()) FROM jsonb_array_elements($2::jsonb) AS x ` +
      `ON CONFLICT (tenant_id, collection, id) DO UPDATE SET version = r.version + 1, data = EXCLUDED.data, ` +
      `updated_at = EXCLUDED.updated_at RETURNING r.id, r.version), ` +
      `c AS (INSERT INTO changes (tenant_id, collection, id, op, version, at) ` +
      `SELECT $1, ${coll}, id, 'put', version, COALESCE($3::timestamptz, now()) FROM w) ` +
      `SELECT count(*)::int AS n FROM w`;
    const all = [...byId.values()];
    for (let start = 0; start < all.length; start += BULK_BATCH) {
      const batch = JSON.stringify(all.slice(start, start + BULK_BATCH));
      await run(this.sql, text, [this.tenantId, batch, this.at()]);
    }
    this.changed.add(collection);
  }

  async delete<C extends CollectionName>(
    collection: C,
    id: string,
    options: DeleteOptions = {},
  ): Promise<boolean> {
    this.use(collection);
    assertId(id);
    const expected = options.expectedVersion;
    if (expected === 0) {
      const actual = await this.versionOf(collection, id);
      if (actual !== null) throw conflict(collection, id, 0, actual);
      return false;
    }
    const coll = collectionLiteral(collection);
    const values: unknown[] = [this.tenantId, id, this.at()];
    if (expected !== undefined) values.push(expected);
    const rows = await run<{ n: number }>(
      this.sql,
      `WITH d AS (DELETE FROM records WHERE tenant_id = $1 AND collection = ${coll} AND id = $2` +
        `${expected === undefined ? '' : ' AND version = $4'} RETURNING id), ` +
        `c AS (INSERT INTO changes (tenant_id, collection, id, op, version, at) ` +
        `SELECT $1, ${coll}, id, 'delete', NULL, COALESCE($3::timestamptz, now()) FROM d) ` +
        `SELECT count(*)::int AS n FROM d`,
      values,
    );
    const removed = Number(rows[0]?.n ?? 0) > 0;
    if (!removed && expected !== undefined) {
      throw conflict(collection, id, expected, await this.versionOf(collection, id));
    }
    if (removed) this.changed.add(collection);
    return removed;
  }
}

interface Watcher {
  collection: CollectionName;
  query: NormalizedQuery;
  handlers: WatchHandlers<never>;
  signature: string | undefined;
  running: boolean;
  dirty: boolean;
  stopped: boolean;
}

function signatureOf(page: Page<{ id: string; version: number }>): string {
  let signature = page.nextCursor ?? '';
  for (const item of page.items) signature += `|${item.id}:${item.version}`;
  return signature;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: tenant ids must not contain control characters
const TENANT = /^[^\u0000-\u001f]{1,200}$/;

/** A `Store` over the `records` table for one tenant. Run `migrate(db)` once before. */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const { db, tenantId, clock } = options;
  if (typeof tenantId !== 'string' || !TENANT.test(tenantId)) {
    throw new KehuError('VALIDATION', 'A tenant id must be 1–200 characters without control characters', {
      issues: [{ path: ['tenantId'], message: 'Invalid tenant id', code: 'invalid_type' }],
    });
  }
  const name = options.name ?? `${db.kind}:${tenantId}`;
  const at = () => (clock ? new Date(clock.now()).toISOString() : null);
  const watchers = new Set<Watcher>();
  let closed = false;
  let listening: Promise<(() => Promise<void>) | undefined> | undefined;

  const ensureOpen = () => {
    if (closed) throw new KehuError('STORAGE', `The store ${name} is closed`);
  };

  const reader = () => new SqlSession(db, tenantId, undefined, at);

  const refresh = (watcher: Watcher) => {
    if (watcher.stopped) return;
    if (watcher.running) {
      watcher.dirty = true;
      return;
    }
    watcher.running = true;
    void (async () => {
      try {
        do {
          watcher.dirty = false;
          const page = await reader().page(watcher.collection, watcher.query);
          if (watcher.stopped) return;
          const signature = signatureOf(page);
          if (signature !== watcher.signature) {
            watcher.signature = signature;
            watcher.handlers.next(page as Page<never>);
          }
        } while (watcher.dirty && !watcher.stopped);
      } catch (error) {
        if (watcher.stopped) return;
        const failure =
          error instanceof KehuError ? error : new KehuError('STORAGE', 'A watch failed', { cause: error });
        if (watcher.handlers.error) watcher.handlers.error(failure);
        else
          queueMicrotask(() => {
            throw failure;
          });
      } finally {
        watcher.running = false;
      }
    })();
  };

  const changed = (collections: Iterable<CollectionName>) => {
    const set = new Set(collections);
    for (const watcher of watchers) if (set.has(watcher.collection)) refresh(watcher);
  };

  /**
   * LISTEN once per store object, from its first watch on; a store without LISTEN refreshes
   * locally. After the LISTEN connection was lost and re-opened every watch re-reads (a write in
   * the gap was not notified).
   */
  const listen = () => {
    listening ??= db.listen
      ? db.listen(
          CHANGES_CHANNEL,
          (payload) => {
            const change = parseChangeNotification(payload);
            if (change && change.tenant === tenantId) changed(change.collections);
          },
          { onReconnect: () => changed([...watchers].map((watcher) => watcher.collection)) },
        )
      : Promise.resolve(undefined);
    return listening;
  };

  const write = async <R>(
    scope: readonly CollectionName[],
    work: (tx: StoreTransaction) => Promise<R>,
  ): Promise<R> => {
    ensureOpen();
    if (!Array.isArray(scope)) {
      throw new KehuError('VALIDATION', 'A transaction needs the list of its collections', {
        issues: [{ path: ['collection'], message: 'Expected an array', code: 'invalid_type' }],
      });
    }
    scope.forEach((collection) => {
      assertCollection(collection);
    });
    let session: SqlSession | undefined;
    const result = await db.transaction(async (sql) => {
      session = new SqlSession(sql, tenantId, new Set(scope), at);
      try {
        const value = await work(session);
        if (session.changed.size) {
          const payload: ChangeNotification = { tenant: tenantId, collections: [...session.changed] };
          await run(sql, 'SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, JSON.stringify(payload)]);
        }
        return value;
      } finally {
        session.finished = true;
      }
    });
    if (!db.listen && session?.changed.size) changed(session.changed);
    return result;
  };

  const store: PostgresStore = {
    name,
    tenantId,
    db,
    get: async (collection, id) => {
      ensureOpen();
      return reader().get(collection, id);
    },
    getMany: async (collection, ids) => {
      ensureOpen();
      return reader().getMany(collection, ids);
    },
    query: async (collection, query) => {
      ensureOpen();
      return reader().query(collection, query);
    },
    count: async (collection, where) => {
      ensureOpen();
      return reader().count(collection, where);
    },
    put: async (collection, entity, putOptions) => {
      ensureOpen();
      assertCollection(collection);
      return write([collection], (tx) => tx.put(collection, entity, putOptions));
    },
    bulkPut: async (collection, entities) => {
      ensureOpen();
      assertCollection(collection);
      return write([collection], (tx) => tx.bulkPut(collection, entities));
    },
    delete: async (collection, id, deleteOptions) => {
      ensureOpen();
      assertCollection(collection);
      return write([collection], (tx) => tx.delete(collection, id, deleteOptions));
    },
    transaction: (scope, work) => write(scope, work),
    watch<C extends CollectionName>(
      collection: C,
      query: Query<C>,
      handlers: WatchHandlers<EntityOf<C>> | ((page: Page<EntityOf<C>>) => void),
    ): Unsubscribe {
      ensureOpen();
      assertCollection(collection);
      const watcher: Watcher = {
        collection,
        query: normalizeQuery(collection, query as Query),
        handlers: watchHandlers(handlers) as WatchHandlers<never>,
        signature: undefined,
        running: false,
        dirty: false,
        stopped: false,
      };
      watchers.add(watcher);
      // Listening starts before the first read, so no change between the two goes unnoticed.
      listen().then(
        () => refresh(watcher),
        (error: unknown) => {
          if (watcher.stopped) return;
          const failure = storageError(error) as KehuError;
          if (watcher.handlers.error) watcher.handlers.error(failure);
        },
      );
      return () => {
        watcher.stopped = true;
        watchers.delete(watcher);
      };
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const watcher of watchers) watcher.stopped = true;
      watchers.clear();
      const stop = await listening?.catch(() => undefined);
      await stop?.();
    },
  };
  return store;
}
