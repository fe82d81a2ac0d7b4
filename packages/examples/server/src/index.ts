/**
 * @kehu/example-server — the reference server of `@kehu/adapter-graphql`: the GraphQL contract on
 * graphql-yoga over Postgres (PGlite by default), tenants from bearer tokens, roles and limits.
 */
export {
  ADMIN_COLLECTIONS,
  type Principal,
  type Role,
  type TokenTable,
  tokensFromEnvironment,
} from './auth.ts';
export { DatabaseChangeHub } from './change-feed.ts';
export { type Change, ChangeHub, type ChangeSource } from './changes.ts';
export { type Database, type ListenOptions, openDatabase } from './db.ts';
export type { CaptureRateLimits, PublicForm } from './lead-capture.ts';
export { defaultLimits, type Limits, SlidingWindowLimiter, shapeLimitRule } from './limits.ts';
export { createKehuServer, type KehuServer, type KehuServerOptions } from './server.ts';
export { createPostgresStore, migrate } from './store/index.ts';
export {
  type ChangeFeed,
  memoryStoreProvider,
  type PostgresProviderOptions,
  type PostgresStoreProvider,
  postgresStoreProvider,
  type StoreProvider,
} from './store-provider.ts';
