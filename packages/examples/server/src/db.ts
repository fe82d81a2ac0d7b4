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
  /**
   * LISTEN on `channel`; resolves to the function that stops it. On Postgres the LISTEN connection
   * is re-opened when it drops (capped exponential backoff) and every channel is LISTENed again;
   * notifications sent in the gap are lost, so `onReconnect` is called once listening is live
   * again: re-read whatever the notifications stand for. If the connection is down when `listen`
   * is called, it resolves at once and the channel is LISTENed (then `onReconnect`) on reconnect.
   */
  listen?(
    channel: string,
    onNotify: (payload: string) => void,
    options?: ListenOptions,
  ): Promise<() => Promise<void>>;
  /** NOTIFY `channel` (inside a transaction: delivered on commit, dropped on rollback). */
  notify?(channel: string, payload: string): Promise<void>;
  /** Ends every connection; idempotent. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** The LISTEN connection was re-opened after a loss: notifications may have been missed. */
  onReconnect?: () => void;
  /** The LISTEN connection was lost, a reconnect attempt failed, or `onReconnect` threw. */
  onError?: (error: unknown) => void;
}

export interface OpenDatabaseOptions {
  /** A Postgres connection string. Default: `process.env.DATABASE_URL`; without either, PGlite. */
  url?: string;
  /** PGlite only: a directory to persist to. Default: in memory. */
  dataDir?: string;
  /** Postgres only: pool size. Default 10. */
  max?: number;
  /**
   * Postgres only: `application_name` of the pool's connections (default `kehu-server`); the
   * LISTEN connection's is this followed by ` listen`.
   */
  applicationName?: string;
  /** Postgres only: delays between reconnects of a lost LISTEN connection. Default 100 ms → 5 s. */
  listenRetry?: { initialMs: number; maxMs: number };
}

/** Opens Postgres when a URL is configured, else PGlite (in memory, or persisted in `dataDir`). */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  if (url) {
    return openPostgres(url, options.max ?? 10, options.applicationName ?? 'kehu-server', {
      ...LISTEN_RETRY,
      ...options.listenRetry,
    });
  }
  const lite = options.dataDir ? await PGlite.create(options.dataDir) : await PGlite.create();
  return new PGliteDatabase(lite);
}

const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Reconnect delays of the LISTEN connection: 100 ms, doubling, at most 5 s. */
const LISTEN_RETRY = { initialMs: 100, maxMs: 5000 };

interface Subscriber {
  onNotify: (payload: string) => void;
  options: ListenOptions;
}

/** Fans one LISTEN connection out to every subscriber of a channel. */
class Listeners {
  private readonly byChannel = new Map<string, Set<Subscriber>>();

  constructor(
    private readonly start: (channel: string) => Promise<void>,
    private readonly stop: (channel: string) => Promise<void>,
  ) {}

  channels(): string[] {
    return [...this.byChannel.keys()];
  }

  async add(
    channel: string,
    onNotify: (payload: string) => void,
    options: ListenOptions = {},
  ): Promise<() => Promise<void>> {
    let set = this.byChannel.get(channel);
    if (!set) {
      set = new Set();
      this.byChannel.set(channel, set);
      try {
        await this.start(channel);
      } catch (error) {
        if (this.byChannel.get(channel) === set && set.size === 0) this.byChannel.delete(channel);
        throw error;
      }
    }
    const subscribers = set;
    const subscriber: Subscriber = { onNotify, options };
    subscribers.add(subscriber);
    let stopped = false;
    return async () => {
      if (stopped) return;
      stopped = true;
      subscribers.delete(subscriber);
      if (subscribers.size === 0 && this.byChannel.get(channel) === subscribers) {
        this.byChannel.delete(channel);
        await this.stop(channel);
      }
    };
  }

  deliver(channel: string, payload: string): void {
    for (const { onNotify, options } of [...(this.byChannel.get(channel) ?? [])]) {
      try {
        onNotify(payload);
      } catch (error) {
        report(options, error);
      }
    }
  }

  /** Every subscriber (of every channel) hears `error`; one without `onError` ignores it. */
  error(error: unknown): void {
    for (const { options } of this.all()) report(options, error);
  }

  reconnected(): void {
    for (const { options } of this.all()) {
      try {
        options.onReconnect?.();
      } catch (error) {
        report(options, error);
      }
    }
  }

  clear(): void {
    this.byChannel.clear();
  }

  private all(): Subscriber[] {
    return [...this.byChannel.values()].flatMap((set) => [...set]);
  }
}

function report(options: ListenOptions, error: unknown): void {
  try {
    options.onError?.(error);
  } catch {
    // An error hook that throws has nowhere left to report to.
  }
}

// ---------------------------------------------------------------------------------------------
// Postgres (node-postgres)

type PgQueryable = Pick<pg.PoolClient, 'query'>;

function pgQuery<T>(client: PgQueryable, sql: string, params?: readonly unknown[]): Promise<QueryResult<T>> {
  return client.query(sql, params as unknown[] | undefined) as unknown as Promise<QueryResult<T>>;
}

/**
 * The one LISTEN connection of a Postgres database. It is opened by the first `listen`; when it
 * drops (`error`/`end`: a Postgres restart, a network blip, an idle kill) and channels are still
 * listened to, it is re-opened after 100 ms, 200 ms, … at most 5 s between attempts, every channel
 * is LISTENed again, and then the subscribers' `onReconnect` runs (Postgres does not queue
 * notifications for a closed session). The loss and each failed attempt go to the subscribers'
 * `onError`. `close` stops it all.
 */
class ListenConnection {
  /** The connection that is up and LISTENs to every channel; undefined while down. */
  private live: pg.Client | undefined;
  /** The first connection, being opened by a `listen` (which fails if it cannot connect). */
  private opening: Promise<pg.Client> | undefined;
  /** A reconnect is scheduled or running. */
  private reconnecting = false;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly clients = new Set<pg.Client>();
  private closed = false;
  readonly listeners = new Listeners(
    (channel) => this.start(channel),
    (channel) => this.stop(channel),
  );

  constructor(
    private readonly url: string,
    private readonly applicationName: string,
    private readonly retry: { initialMs: number; maxMs: number },
  ) {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.timer);
    this.listeners.clear();
    await this.opening?.catch(() => undefined);
    await Promise.all([...this.clients].map((client) => client.end().catch(() => {})));
    this.live = undefined;
  }

  private async start(channel: string): Promise<void> {
    if (this.closed) throw new Error('The database is closed');
    // Down: the reconnect LISTENs every channel, this one included, before `onReconnect`.
    if (this.reconnecting) return;
    const client = this.live ?? (await this.open());
    try {
      await client.query(`LISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      // Lost meanwhile: the reconnect will LISTEN it. Otherwise the LISTEN itself failed.
      if (this.live === client || !this.reconnecting) throw error;
    }
  }

  private async stop(channel: string): Promise<void> {
    const client = this.live;
    if (!client) return;
    try {
      await client.query(`UNLISTEN ${quoteIdent(channel)}`);
    } catch (error) {
      if (this.live === client) throw error;
    }
  }

  /** The first connection (or the first after one lost with nobody listening). */
  private open(): Promise<pg.Client> {
    this.opening ??= (async () => {
      try {
        const client = await this.connect();
        if (this.closed) {
          await client.end().catch(() => {});
          throw new Error('The database is closed');
        }
        if (!this.clients.has(client)) throw new Error('The LISTEN connection to Postgres ended');
        this.live = client;
        return client;
      } finally {
        this.opening = undefined;
      }
    })();
    return this.opening;
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: `${this.applicationName} listen`,
      // Notices a dead peer (a network blip) instead of waiting forever on a silent socket.
      keepAlive: true,
    });
    this.clients.add(client);
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      this.clients.delete(client);
      if (this.live !== client) return;
      this.live = undefined;
      client.end().catch(() => {});
      if (this.closed) return;
      this.listeners.error(error ?? new Error('The LISTEN connection to Postgres ended'));
      this.scheduleReconnect();
    };
    client.on('notification', (message) => {
      if (message.payload !== undefined) this.listeners.deliver(message.channel, message.payload);
    });
    client.on('error', (error) => onLost(error));
    client.on('end', () => onLost());
    try {
      await client.connect();
    } catch (error) {
      this.clients.delete(client);
      lost = true;
      await client.end().catch(() => {});
      throw error;
    }
    return client;
  }

  private scheduleReconnect(): void {
    if (this.closed) return;
    // Nobody listens: the next `listen` opens a new connection.
    if (this.listeners.channels().length === 0) {
      this.reconnecting = false;
      this.attempt = 0;
      return;
    }
    this.reconnecting = true;
    const delay = Math.min(this.retry.initialMs * 2 ** this.attempt, this.retry.maxMs);
    this.attempt++;
    this.timer = setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    this.timer = undefined;
    if (this.closed) return;
    let client: pg.Client | undefined;
    try {
      client = await this.connect();
      // Channels added while this runs are LISTENed too, before the connection counts as live.
      const listened = new Set<string>();
      for (;;) {
        const missing = this.listeners.channels().filter((channel) => !listened.has(channel));
        if (missing.length === 0) break;
        for (const channel of missing) {
          await client.query(`LISTEN ${quoteIdent(channel)}`);
          listened.add(channel);
        }
        if (this.closed) break;
      }
      if (this.closed) {
        await client.end().catch(() => {});
        return;
      }
      if (!this.clients.has(client)) throw new Error('The LISTEN connection to Postgres ended');
    } catch (error) {
      if (client) {
        this.clients.delete(client);
        await client.end().catch(() => {});
      }
      if (this.closed) return;
      this.listeners.error(error);
      this.scheduleReconnect();
      return;
    }
    this.live = client;
    this.reconnecting = false;
    this.attempt = 0;
    this.listeners.reconnected();
  }
}

function openPostgres(
  url: string,
  max: number,
  applicationName: string,
  retry: { initialMs: number; maxMs: number },
): Database {
  const pool = new pg.Pool({ connectionString: url, max, application_name: applicationName });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  const listening = new ListenConnection(url, applicationName, retry);
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
    listen: (channel, onNotify, options) => listening.listeners.add(channel, onNotify, options),
    async notify(channel, payload) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, payload]);
    },
    async close() {
      if (closed) return;
      closed = true;
      await listening.close();
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
