/** The Postgres/PGlite implementation of Kehu's storage contract, its migrations and change feed. */
export { type ChangeRow, readChanges } from './changes.ts';
export { loadMigrations, MIGRATIONS_DIR, type Migration, migrate } from './migrate.ts';
export {
  CHANGES_CHANNEL,
  type ChangeNotification,
  createPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
  parseChangeNotification,
} from './postgres-store.ts';
