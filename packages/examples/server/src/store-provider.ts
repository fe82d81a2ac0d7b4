/**
 * Where each tenant's records live. The server asks a provider for a tenant's `Store` (core's
 * storage contract, already scoped to that tenant) and never sees another tenant's rows: memory
 * keeps one store per tenant; Postgres/PGlite scopes every statement by `tenant_id`.
 */
import type { Store } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import type { Database, ListenOptions } from './db.ts';
import type { ChangeNotification, ChangeRow } from './store/index.ts';

/**
 * A database's change feed, shared by every server instance on it: `listen` hears the
 * `kehu_changes` notification of every committed write (any tenant, any instance), `read` returns
 * a tenant's `changes` rows after a `seq`, `latest` its last `seq` ('0' when none).
 */
export interface ChangeFeed {
  /**
   * `onReconnect`: the LISTEN connection was re-opened after a loss, notifications may have been
   * missed (re-read the feed); `onError`: the loss, failed reconnect attempts.
   */
  listen(
    onNotify: (notification: ChangeNotification) => void,
    options?: ListenOptions,
  ): Promise<() => Promise<void>>;
  read(
    tenantId: string,
    options: { afterSeq: string; limit?: number; collections?: readonly string[] },
  ): Promise<ChangeRow[]>;
  latest(tenantId: string): Promise<string>;
}

export interface StoreProvider {
  /** `memory`, `pglite` or `postgres`: printed at start, for diagnostics. */
  readonly kind: string;
  /** The store holding `tenantId`'s records, and only theirs. */
  storeFor(tenantId: string): Promise<Store>;
  /**
   * The shared change feed, when the storage has one (Postgres/PGlite): the server then feeds its
   * `changes` subscription from it, so writes through any instance reach every instance.
   */
  readonly changes?: ChangeFeed;
  close(): Promise<void>;
}

/** One memory store per tenant: fast tests and a server that keeps nothing across restarts. */
export function memoryStoreProvider(): StoreProvider {
  const stores = new Map<string, Store>();
  return {
    kind: 'memory',
    async storeFor(tenantId) {
      let store = stores.get(tenantId);
      if (!store) {
        store = createMemoryStore();
        stores.set(tenantId, store);
      }
      return store;
    },
    async close() {
      await Promise.all([...stores.values()].map((store) => store.close()));
      stores.clear();
    },
  };
}

export interface PostgresProviderOptions {
  /** A Postgres connection string; without it (and without DATABASE_URL), PGlite. */
  url?: string;
  /** PGlite only: persist to this directory (default: in memory). */
  dataDir?: string;
  /**
   * An open database to use instead (e.g. one PGlite shared by several servers in a test); it is
   * migrated but not closed by the provider's `close`: its opener closes it.
   */
  db?: Database;
}

export interface PostgresStoreProvider extends StoreProvider {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Database;
  readonly changes: ChangeFeed;
}

/**
 * Postgres (`url` / DATABASE_URL) or PGlite (embedded; `dataDir` to persist): one database, the
 * migrations applied on open, one tenant-scoped store per tenant.
 */
export async function postgresStoreProvider(
  options: PostgresProviderOptions = {},
): Promise<PostgresStoreProvider> {
  // Loaded on demand: a memory-only server (and its tests) never loads pg or PGlite.
  const [
    { openDatabase },
    { CHANGES_CHANNEL, createPostgresStore, migrate, parseChangeNotification, readChanges },
  ] = await Promise.all([import('./db.ts'), import('./store/index.ts')]);
  const owned = !options.db;
  const db = options.db ?? (await openDatabase(options));
  try {
    await migrate(db);
  } catch (error) {
    if (owned) await db.close();
    throw error;
  }
  const stores = new Map<string, Store>();
  const changes: ChangeFeed = {
    async listen(onNotify, listenOptions) {
      if (!db.listen) throw new Error(`${db.kind} cannot LISTEN`);
      return db.listen(
        CHANGES_CHANNEL,
        (payload) => {
          const notification = parseChangeNotification(payload);
          if (notification) onNotify(notification);
        },
        listenOptions,
      );
    },
    read: (tenantId, { afterSeq, limit, collections }) =>
      readChanges(db, tenantId, { afterSeq, limit, collections }),
    async latest(tenantId) {
      const { rows } = await db.query<{ seq: string }>(
        'SELECT coalesce(max(seq), 0)::text AS seq FROM changes WHERE tenant_id = $1',
        [tenantId],
      );
      return rows[0]?.seq ?? '0';
    },
  };
  return {
    kind: db.kind,
    db,
    changes,
    async storeFor(tenantId) {
      let store = stores.get(tenantId);
      if (!store) {
        store = createPostgresStore({ db, tenantId });
        stores.set(tenantId, store);
      }
      return store;
    },
    async close() {
      await Promise.all([...stores.values()].map((store) => store.close()));
      stores.clear();
      if (owned) await db.close();
    },
  };
}
