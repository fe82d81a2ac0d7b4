/**
 * The database client the reference server runs on: one small interface over a `pg` pool (a real
 * Postgres, when `DATABASE_URL` or `url` is given) and PGlite (Postgres in WebAssembly, in memory
 * or in a data directory) — the embedded default. The store, the migrations and the GraphQL layer
 * only ever see `Database`.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

export interface QueryResult<T> {
  rows: T[];
}

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** One parameterized statement (`$1`, `$2`, …). */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** A script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one SQL transaction on one connection: committed when `fn` resolves, rolled back
   * when it throws. On Postgres, serialization failures and deadlocks re-run `fn` (a few times).
   * Inside, `tx.transaction` opens a savepoint.
   */
  transaction<R>(fn: (tx: Database) => Promise<R>): Promise<R>;
  /** LISTEN on `channel`; resolves once listening, to the function that stops it. */
  listen?(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** NOTIFY `channel` (inside a transaction: delivered on commit, dropped on rollback). */
  notify?(channel: string, payload: string): Promise<void>;
  /** Ends every connection; idempotent. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A Postgres connection string. Default: `process.env.DATABASE_URL`; without either, PGlite. */
  url?: string;
  /** PGlite only: a directory to persist to. Default: in memory. */
  dataDir?: string;
  /** Postgres only: pool size. Default 10. */
  max?: number;
}

/** Opens Postgres when a URL is configured, else PGlite (in memory, or persisted in `dataDir`). */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) return openPostgres(url, options.max ?? 10);
  const lite = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  return new PGliteDatabase(lite);
}

const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Fans one LISTEN connection out to every subscriber of a channel. */
class Listeners {
  private readonly byChannel = new Map<string, Set<(payload: string) => void>>();

  constructor(
    private readonly start: (channel: string) => Promise<void>,
    private readonly stop: (channel: string) => Promise<void>,
  ) {}

  async add(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    let set = this.byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
      await this.start(channel);
    }
    const subscribers = set;
    subscribers.add(onNotify);
    let stopped = false;
    return async () => {
      if (stopped) return;
      stopped = true;
      subscribers.delete(onNotify);
      if (subscribers.size === 0 && this.byChannel.get(channel) === subscribers) {
        this.byChannel.delete(channel);
        await this.stop(channel);
      }
    };
  }

  deliver(channel: string, payload: string): void {
    for (const onNotify of [...(this.byChannel.get(channel) ?? [])]) onNotify(payload);
  }

  clear(): void {
    this.byChannel.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// Postgres (node-postgres)

type PgQueryable = Pick<pg.PoolClient, 'query'>;

function pgQuery<T>(client: PgQueryable, sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
  return client.query(sql, params as unknown[] | undefined) as unknown as Promise<QueryResult<T>>;
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  let listener: pg.Client | undefined;
  let listenerReady: Promise<pg.Client> | undefined;
  const connectListener = () => {
    listenerReady ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on('notification', (message) => {
        if (message.payload !== undefined) listeners.deliver(message.channel, message.payload);
      });
      client.on('error', () => {});
      await client.connect();
      listener = client;
      return client;
    })();
    return listenerReady;
  };
  const listeners = new Listeners(
    async (channel) => {
      await (await connectListener()).query(`LISTEN ${quoteIdent(channel)}`);
    },
    async (channel) => {
      await listener?.query(`UNLISTEN ${quoteIdent(channel)}`);
    },
  );
  let closed = false;
  return {
    kind: 'postgres',
    query: (sql, params) => pgQuery(pool, sql, params),
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      for (let attempt = 1; ; attempt++) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const result = await fn(clientDatabase(client, 0));
          await client.query('COMMIT');
          client.release();
          return result;
        } catch (error) {
          try {
            await client.query('ROLLBACK');
            client.release();
          } catch (rollbackError) {
            client.release(rollbackError as Error);
          }
          const code = (error as { code?: unknown }).code;
          if (attempt < MAX_ATTEMPTS && typeof code === 'string' && RETRYABLE.has(code)) continue;
          throw error;
        }
      }
    },
    listen: (channel, onNotify) => listeners.add(channel, onNotify),
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      const client = listenerReady ? await listenerReady.catch(() => undefined) : undefined;
      await client?.end().catch(() => {});
      await pool.end();
    },
  };
}

/** The `Database` of one checked-out client inside a transaction; nested transactions are savepoints. */
function clientDatabase(client: PgQueryable, depth: number): Database {
  return {
    kind: 'postgres',
    query: (sql, params) => pgQuery(client, sql, params),
    async exec(sql) {
      await client.query(sql);
    },
    transaction: (fn) =>
      savepoint(client.query.bind(client), depth + 1, () => fn(clientDatabase(client, depth + 1))),
    async notify(channel, payload) {
      await client.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {},
  };
}

async function savepoint<R>(
  run: (sql: string) => Promise<unknown>,
  depth: number,
  fn: () => Promise<R>,
): Promise<R> {
  const name = `kehu_sp_${depth}`;
  await run(`SAVEPOINT ${name}`);
  try {
    const result = await fn();
    await run(`RELEASE SAVEPOINT ${name}`);
    return result;
  } catch (error) {
    await run(`ROLLBACK TO SAVEPOINT ${name}`);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// PGlite

interface LiteQueryable {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(sql: string): Promise<unknown>;
}

/**
 * PGlite is a single connection: its `transaction` holds it exclusively, so other queries (other
 * store objects on the same database) wait for the commit, as other connections would wait on
 * row locks in Postgres.
 */
class PGliteDatabase implements Database {
  readonly kind = 'pglite';
  private closed = false;

  constructor(private readonly lite: PGlite) {}

  query<T>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
    return this.lite.query<T>(sql, params as unknown[] | undefined);
  }

  async exec(sql: string): Promise<void> {
    await this.lite.exec(sql);
  }

  transaction<R>(fn: (tx: Database) => Promise<R>): Promise<R> {
    return this.lite.transaction((tx) => fn(liteTransaction(tx, 0)));
  }

  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.lite.listen(channel, onNotify).then((unsubscribe) => async () => {
      if (!this.closed) await unsubscribe();
    });
  }

  async notify(channel: string, payload: string): Promise<void> {
    await this.lite.query('SELECT pg_notify($1, $2)', [channel, payload]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lite.close();
  }
}

function liteTransaction(tx: LiteQueryable, depth: number): Database {
  return {
    kind: 'pglite',
    query: (sql, params) => tx.query(sql, params as unknown[] | undefined),
    async exec(sql) {
      await tx.exec(sql);
    },
    transaction: (fn) =>
      savepoint(
        (sql) => tx.exec(sql),
        depth + 1,
        () => fn(liteTransaction(tx, depth + 1)),
      ),
    async notify(channel, payload) {
      await tx.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {},
  };
}
