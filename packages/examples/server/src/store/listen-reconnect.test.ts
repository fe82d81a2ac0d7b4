// The LISTEN connection on a real Postgres (DATABASE_URL; skipped without): when it is lost it is
// re-opened with backoff, every channel is LISTENed again, and subscribers are told to re-read —
// so a write made while it was down still reaches the `changes` hub and a store's watch, as does
// one made after. The loss is cut two ways: `pg_terminate_backend` on the LISTEN backend (found by
// this run's application_name, so parallel test files keep theirs), and a TCP proxy that refuses
// connections for a while (several failed attempts, then a reconnect; `close` stops retrying).
import { createServer, type Server, Socket } from 'node:net';
import { account } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseChangeHub } from '../change-feed.ts';
import type { Change } from '../changes.ts';
import { openDatabase } from '../db.ts';
import { type PostgresStoreProvider, postgresStoreProvider } from '../store-provider.ts';
import { CHANGES_CHANNEL } from './index.ts';

const url = process.env.DATABASE_URL ?? '';
const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
let sequence = 0;
const uniqueTenant = () => `listen-${run}-${++sequence}`;

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Drains a hub subscription into an array (READY marker included). */
function collect(iterator: AsyncIterableIterator<Change>) {
  const events: Change[] = [];
  void (async () => {
    for await (const change of iterator) events.push(change);
  })();
  return {
    events,
    ready: () => until(() => events.some((e) => e.collection === ''), 'READY'),
    /** The ids of every change that names some, in order of arrival. */
    ids: () => events.filter((e) => e.ids.length).flatMap((e) => e.ids),
    stop: () => iterator.return?.(),
  };
}

/** A TCP proxy to Postgres that can refuse (accept, then drop) new connections and cut the open ones. */
async function startProxy(target: URL) {
  const sockets = new Set<Socket>();
  let refusing = false;
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted++;
    if (refusing) {
      socket.destroy();
      return;
    }
    const upstream = new Socket();
    upstream.connect(Number(target.port || 5432), target.hostname);
    for (const s of [socket, upstream]) {
      sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        socket.destroy();
        upstream.destroy();
      });
    }
    socket.pipe(upstream).pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const proxied = new URL(target);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(port);
  return {
    url: proxied.toString(),
    accepted: () => accepted,
    /** Cuts every open connection and refuses new ones until `restore`. */
    cut() {
      refusing = true;
      for (const s of sockets) s.destroy();
    },
    restore() {
      refusing = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const isConnectionLoss = (error: unknown) =>
  (error as { code?: string }).code === '57P01' || /connection|terminated|ended|ECONN/i.test(String(error));

describe.skipIf(!url)('the LISTEN connection on Postgres reconnects (DATABASE_URL)', () => {
  let writer: PostgresStoreProvider;
  const tenants: string[] = [];

  beforeAll(async () => {
    writer = await postgresStoreProvider({ url });
  });
  afterAll(async () => {
    for (const table of ['records', 'changes']) {
      await writer?.db.query(`DELETE FROM ${table} WHERE tenant_id = ANY($1)`, [tenants]);
    }
    await writer?.close();
  });

  it('a killed LISTEN backend: a write in the gap and one after reach the hub and a watch', async () => {
    const tenant = uniqueTenant();
    tenants.push(tenant);
    const applicationName = `kehu-test-${run}`;
    // The first retry waits 400 ms, so the write below certainly lands while LISTEN is down.
    const db = await openDatabase({ url, applicationName, listenRetry: { initialMs: 400, maxMs: 1000 } });
    const provider = await postgresStoreProvider({ db });
    const hubErrors: unknown[] = [];
    const hub = new DatabaseChangeHub(provider.changes, (error) => hubErrors.push(error));
    try {
      // A raw subscriber: what reached this connection by NOTIFY, and when it was re-opened.
      const notified: string[] = [];
      let reconnects = 0;
      const rawErrors: unknown[] = [];
      const unlisten = await db.listen!(CHANGES_CHANNEL, (payload) => notified.push(payload), {
        onReconnect: () => reconnects++,
        onError: (error) => rawErrors.push(error),
      });
      const feed = collect(hub.iterate(tenant, ['accounts']));
      await feed.ready();
      const pages: string[][] = [];
      const watchErrors: unknown[] = [];
      const stopWatch = (await provider.storeFor(tenant)).watch(
        'accounts',
        {},
        {
          next: (page) => pages.push(page.items.map((item) => item.id)),
          error: (error) => watchErrors.push(error),
        },
      );
      await until(() => pages.length > 0, 'the first page');

      const before = account({ id: `acct-${run}-before`, name: '之前' });
      await (await writer.storeFor(tenant)).put('accounts', before);
      await until(() => feed.ids().includes(before.id), 'the write before the loss');

      const { rows } = await writer.db.query<{ killed: boolean }>(
        'SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1',
        [`${applicationName} listen`],
      );
      expect(rows).toEqual([{ killed: true }]);
      // The client has noticed the loss (reported to every subscriber's onError) before the write.
      await until(() => hubErrors.length > 0 && rawErrors.length > 0, 'the loss reported');

      const gap = account({ id: `acct-${run}-gap`, name: '断线期间' });
      await (await writer.storeFor(tenant)).put('accounts', gap);
      expect(reconnects).toBe(0);
      await until(() => reconnects === 1, 'the reconnect');
      // Its NOTIFY went nowhere; the hub re-read the feed from its cursor and the watch re-ran.
      await until(() => feed.ids().includes(gap.id), 'the gap write on the hub');
      await until(() => pages.at(-1)?.includes(gap.id) ?? false, 'the gap write in the watch');

      const after = account({ id: `acct-${run}-after`, name: '重连之后' });
      await (await writer.storeFor(tenant)).put('accounts', after);
      await until(() => feed.ids().includes(after.id), 'the write after the reconnect');
      await until(() => pages.at(-1)?.includes(after.id) ?? false, 'the write after, in the watch');
      await sleep(200);

      // Every write exactly once on the hub (the re-read advances the cursor like any read); any
      // other resync change is bare (ids: []), which only makes watchers re-run.
      expect(feed.ids()).toEqual([before.id, gap.id, after.id]);
      // The raw LISTEN heard the writes before and after, not the one in the gap.
      const heard = notified.filter((payload) => payload.includes(tenant));
      expect(heard).toHaveLength(2);
      expect(reconnects).toBe(1);
      // One report of the loss per subscriber with onError, nothing else.
      expect(hubErrors).toHaveLength(1);
      expect(rawErrors).toHaveLength(1);
      expect(hubErrors.every(isConnectionLoss)).toBe(true);
      expect(watchErrors).toEqual([]);

      stopWatch();
      await feed.stop();
      await unlisten();
    } finally {
      await hub.close();
      await provider.close();
      await db.close();
    }
  });

  it('refused connections: retries with backoff, catches up after, and close() stops retrying', async () => {
    const tenant = uniqueTenant();
    tenants.push(tenant);
    const proxy = await startProxy(new URL(url));
    const db = await openDatabase({ url: proxy.url, max: 2, listenRetry: { initialMs: 50, maxMs: 200 } });
    const provider = await postgresStoreProvider({ db });
    const errors: unknown[] = [];
    const hub = new DatabaseChangeHub(provider.changes, (error) => errors.push(error));
    let closed = false;
    try {
      const feed = collect(hub.iterate(tenant, ['accounts']));
      await feed.ready();

      proxy.cut();
      await until(() => errors.length > 0, 'the loss reported');
      const gap = account({ id: `acct-${run}-outage`, name: '网络中断' });
      await (await writer.storeFor(tenant)).put('accounts', gap);
      // 50, 100, 200, 200 … ms: several attempts fail (each reported) while the proxy refuses.
      await until(() => proxy.accepted() >= 4 && errors.length >= 4, 'failed reconnect attempts', 3000);
      proxy.restore();
      await until(() => feed.ids().includes(gap.id), 'the outage write, after the reconnect');

      const after = account({ id: `acct-${run}-restored`, name: '恢复之后' });
      await (await writer.storeFor(tenant)).put('accounts', after);
      await until(() => feed.ids().includes(after.id), 'the write after the reconnect');
      expect(feed.ids()).toEqual([gap.id, after.id]);
      expect(errors.every(isConnectionLoss)).toBe(true);

      // Down again, then closed while retrying: no attempt follows the close.
      proxy.cut();
      const reported = errors.length;
      await until(() => errors.length > reported + 1, 'retrying again');
      await feed.stop();
      await hub.close();
      await provider.close();
      await db.close();
      closed = true;
      const attempts = proxy.accepted();
      const errorCount = errors.length;
      await sleep(500);
      expect(proxy.accepted()).toBe(attempts);
      expect(errors).toHaveLength(errorCount);
    } finally {
      if (!closed) {
        await hub.close();
        await provider.close();
        await db.close();
      }
      await proxy.close();
    }
  });
});
