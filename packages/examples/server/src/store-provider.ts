/**
 * Where each tenant's records live. The server asks a provider for a tenant's `Store` (core's
 * storage contract, already scoped to that tenant) and never sees another tenant's rows: memory
 * keeps one store per tenant; Postgres/PGlite scopes every statement by `tenant_id`.
 */
import type { Store } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';

export interface StoreProvider {
  /** `memory`, `pglite` or `postgres`: printed at start, for diagnostics. */
  readonly kind: string;
  /** The store holding `tenantId`'s records, and only theirs. */
  storeFor(tenantId: string): Promise<Store>;
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
}

/**
 * Postgres (`url` / DATABASE_URL) or PGlite (embedded; `dataDir` to persist): one database, the
 * migrations applied on open, one tenant-scoped store per tenant.
 */
export async function postgresStoreProvider(options: PostgresProviderOptions = {}): Promise<StoreProvider> {
  // Loaded on demand: a memory-only server (and its tests) never loads pg or PGlite.
  const [{ openDatabase }, { createPostgresStore, migrate }] = await Promise.all([
    import('./db.ts'),
    import('./store/index.ts'),
  ]);
  const db = await openDatabase(options);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  const stores = new Map<string, Store>();
  return {
    kind: db.kind,
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
      await db.close();
    },
  };
}
