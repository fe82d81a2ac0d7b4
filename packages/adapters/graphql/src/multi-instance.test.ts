// Several reference-server instances on one database: the `changes` subscription is fed from
// `LISTEN kehu_changes` and the `changes` table, so a write made through instance A reaches a
// watch (and a raw SSE subscriber) connected to instance B — once, with the feed's `seq` — and
// never another tenant's. PGlite: one database shared by two servers in this process; Postgres
// (DATABASE_URL): two servers, each with its own pool and LISTEN connection, as two processes.
import { account, deal } from '@kehu/core/testing';
import {
  createKehuServer,
  type KehuServer,
  type PostgresStoreProvider,
  postgresStoreProvider,
  type TokenTable,
} from '@kehu/example-server';
import { createClient } from 'graphql-sse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphQLStore } from './index.ts';

const run = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const tenantA = `multi-${run}-a`;
const tenantB = `multi-${run}-b`;
const tokens: TokenTable = {
  'a-admin': { tenantId: tenantA, userId: 'alice', role: 'admin' },
  'b-admin': { tenantId: tenantB, userId: 'bob', role: 'admin' },
};

interface RawChange {
  seq: string;
  collection: string;
  op: string;
  ids: string[];
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

const backends: [string, () => Promise<[PostgresStoreProvider, PostgresStoreProvider]>][] = [
  [
    'PGlite',
    async () => {
      const first = await postgresStoreProvider({ url: '' });
      return [first, await postgresStoreProvider({ db: first.db })];
    },
  ],
];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  backends.push([
    'Postgres',
    async () => [await postgresStoreProvider({ url }), await postgresStoreProvider({ url })],
  ]);
}

for (const [label, provide] of backends) {
  describe(`change notifications across two server instances (${label})`, () => {
    const unexpected: unknown[] = [];
    let providers: [PostgresStoreProvider, PostgresStoreProvider];
    let serverA: KehuServer;
    let serverB: KehuServer;
    let urlA: string;
    let urlB: string;
    const cleanups: (() => void | Promise<void>)[] = [];

    const store = (url: string, token: string) => {
      const s = createGraphQLStore({ url, headers: () => ({ Authorization: `Bearer ${token}` }) });
      cleanups.push(() => s.close());
      return s;
    };

    /** A raw `changes` subscription: every event it receives, READY included. */
    function subscribe(url: string, token: string, collections?: string[]) {
      const events: RawChange[] = [];
      const errors: unknown[] = [];
      const client = createClient({ url, headers: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
      const dispose = client.subscribe<{ changes: RawChange }>(
        {
          query: 'subscription ($c: [String!]) { changes(collections: $c) { seq collection op ids } }',
          variables: { c: collections ?? null },
        },
        {
          next: (result) => {
            if (result.errors) errors.push(result.errors);
            if (result.data) events.push(result.data.changes);
          },
          error: (error) => errors.push(error),
          complete: () => {},
        },
      );
      cleanups.push(() => {
        dispose();
        client.dispose();
      });
      const ready = () => until(() => events.some((e) => e.collection === ''), 'READY');
      const changes = () => events.filter((e) => e.collection !== '');
      return { events, errors, ready, changes };
    }

    beforeAll(async () => {
      providers = await provide();
      const onError = (error: unknown) => unexpected.push(error);
      serverA = createKehuServer({ tokens, storage: providers[0], onError });
      serverB = createKehuServer({ tokens, storage: providers[1], onError });
      urlA = (await serverA.listen()).graphqlUrl;
      urlB = (await serverB.listen()).graphqlUrl;
    });
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      if (label === 'Postgres' && providers) {
        for (const table of ['records', 'changes']) {
          await providers[0].db.query(`DELETE FROM ${table} WHERE tenant_id = ANY($1)`, [[tenantA, tenantB]]);
        }
      }
      // B's provider only borrows the PGlite database of A's (closed by A's `close`).
      await serverB?.close();
      await serverA?.close();
      expect(unexpected).toEqual([]);
    });

    it('a watch on instance B sees a put made through instance A; another tenant’s sees nothing', async () => {
      const pages: string[][] = [];
      const otherPages: string[][] = [];
      const stop = store(urlB, 'a-admin').watch('accounts', {}, (page) =>
        pages.push(page.items.map((item) => item.id)),
      );
      const stopOther = store(urlB, 'b-admin').watch('accounts', {}, (page) =>
        otherPages.push(page.items.map((item) => item.id)),
      );
      // A raw subscriber of the same tenant tells when instance B's stream is live.
      const probe = subscribe(urlB, 'a-admin', ['accounts']);
      await probe.ready();
      await until(() => pages.length > 0 && otherPages.length > 0, 'the first pages');
      await settle(200);

      const first = account({ id: `acct-${run}-1`, name: '跨实例客户' });
      await store(urlA, 'a-admin').put('accounts', first);
      await until(() => pages.at(-1)?.includes(first.id) ?? false, 'the put on instance B');

      const second = account({ id: `acct-${run}-2`, name: '第二个' });
      await store(urlA, 'a-admin').put('accounts', second);
      await until(() => pages.at(-1)?.includes(second.id) ?? false, 'the second put on instance B');
      await settle();

      stop();
      stopOther();
      expect(otherPages.flat()).toEqual([]);
      expect(probe.errors).toEqual([]);
    });

    it('each instance streams a write once, with the feed’s seq, filtered by collection and tenant', async () => {
      const onA = subscribe(urlA, 'a-admin');
      const onB = subscribe(urlB, 'a-admin');
      const dealsOnB = subscribe(urlB, 'a-admin', ['deals']);
      const otherOnA = subscribe(urlA, 'b-admin');
      const otherOnB = subscribe(urlB, 'b-admin');
      for (const s of [onA, onB, dealsOnB, otherOnA, otherOnB]) await s.ready();

      const writer = store(urlA, 'a-admin');
      const acct = account({ id: `acct-${run}-raw`, name: '实时' });
      await writer.put('accounts', acct);
      const d = deal({ id: `deal-${run}-raw`, title: '商机' });
      await writer.put('deals', d);
      await writer.delete('accounts', acct.id);
      await until(() => onA.changes().length >= 3 && onB.changes().length >= 3, 'three changes');
      await until(() => dealsOnB.changes().length >= 1, 'the deal');
      await settle();

      const expected = [
        { collection: 'accounts', op: 'PUT', ids: [acct.id] },
        { collection: 'deals', op: 'PUT', ids: [d.id] },
        { collection: 'accounts', op: 'DELETE', ids: [acct.id] },
      ];
      // Exactly once on the writing instance too (no in-process copy besides LISTEN's).
      expect(onA.changes()).toMatchObject(expected);
      expect(onB.changes()).toMatchObject(expected);
      expect(onB.changes().map((c) => c.seq)).toEqual(onA.changes().map((c) => c.seq));
      const seqs = onA.changes().map((c) => BigInt(c.seq));
      expect(seqs[0]! < seqs[1]! && seqs[1]! < seqs[2]!).toBe(true);
      expect(dealsOnB.changes()).toMatchObject([expected[1]!]);
      // Tenant B's subscribers only ever saw their READY marker.
      expect(otherOnA.events).toEqual([{ seq: expect.any(String), collection: '', op: 'PUT', ids: [] }]);
      expect(otherOnB.events).toHaveLength(1);
      for (const s of [onA, onB, dealsOnB, otherOnA, otherOnB]) expect(s.errors).toEqual([]);

      // A write the server refuses (a stale expectedVersion: CONFLICT, rolled back) notifies nobody.
      const before = onB.changes().length;
      await expect(
        writer.put('accounts', account({ id: `acct-${run}-refused` }), { expectedVersion: 5 }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      await settle();
      expect(onB.changes()).toHaveLength(before);
    });
  });
}
