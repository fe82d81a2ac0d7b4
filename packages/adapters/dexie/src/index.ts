/**
 * @kehu/adapter-dexie — Kehu's storage contract on IndexedDB through Dexie: the embedded, offline
 * default store. `createDexieStore({ name })` returns a `Store`; the schema exports say which
 * indexes every table has and how older databases are upgraded.
 */
export {
  type BlockedNotice,
  createDexieStore,
  type DexieStore,
  type DexieStoreOptions,
  type KehuDexie,
  type KehuTables,
  type VersionChangeNotice,
} from './dexie-store.ts';
export { type Plan, planQuery } from './plan.ts';
export {
  dexieStores,
  type IndexInfo,
  indexInfo,
  SCHEMA_VERSION,
  type SchemaVersion,
  type StoreSpecs,
  schemaVersions,
  storeSpec,
  upgradeContactToV2,
} from './schema.ts';
