// The Postgres store: the shared conformance suite on PGlite (always) and on a real Postgres (when
// DATABASE_URL is set), then what this adapter promises beyond it — tenant isolation, idempotent
// migrations, durability across a PGlite restart, bulk writes at board scale and the change feed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isKehuError, type Store } from '@kehu/core';
import { account, deal, storageConformance } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../db.ts';
import { createPostgresStore, migrate, type PostgresStore, readChanges } from './index.ts';

let sequence = 0;
const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
const uniqueTenant = (label: string) => `test-${runId}-${label}-${++sequence}`;

/** Runs the conformance suite with a fresh tenant per case on one shared, migrated database. */
function conformanceOn(open: () => Promise<Database>, openOther?: () => Promise<Database>) {
  let db: Database;
  let other: Database | undefined;
  beforeAll(async () => {
    db = await open();
    await migrate(db);
    other = openOther ? await openOther() : undefined;
  });
  afterAll(async () => {
    await db?.query('DELETE FROM records WHERE tenant_id LIKE $1', [`test-${runId}-%`]);
    await db?.query('DELETE FROM changes WHERE tenant_id LIKE $1', [`test-${runId}-%`]);
    await other?.close();
    await db?.close();
  });
  for (const c of storageConformance({
    createStore: () => createPostgresStore({ db, tenantId: uniqueTenant('conformance') }),
    // A second store object on the same tenant: over a second connection pool on Postgres, over
    // the one PGlite instance (a single connection, like another tab of the same database) else.
    openSecond: (store) =>
      createPostgresStore({ db: other ?? db, tenantId: (store as PostgresStore).tenantId }),
  })) {
    it(c.name, c.run);
  }
}

describe('storage conformance on PGlite', () => {
  conformanceOn(() => openDatabase({ url: '' }));
});

describe.skipIf(!process.env.DATABASE_URL)('storage conformance on Postgres (DATABASE_URL)', () => {
  const url = process.env.DATABASE_URL ?? '';
  conformanceOn(
    () => openDatabase({ url }),
    () => openDatabase({ url }),
  );
});

describe('the Postgres store beyond the conformance suite (PGlite)', () => {
  let db: Database;
  const stores: Store[] = [];
  const open = (tenantId: string) => {
    const store = createPostgresStore({ db, tenantId });
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    db = await openDatabase({ url: '' });
    await migrate(db);
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await db?.close();
  });

  it('keeps tenants apart: no read, count, overwrite or delete crosses to a record with the same id', async () => {
    const a = open(uniqueTenant('a'));
    const b = open(uniqueTenant('b'));
    const theirs = deal({ id: 'deal-shared', title: '乙方的商机', ownerId: 'u-b' });
    await b.put('deals', theirs);
    await b.put('accounts', account({ id: 'acc-b', tags: ['华东'] }));

    expect(await a.get('deals', 'deal-shared')).toBeUndefined();
    expect(await a.getMany('deals', ['deal-shared'])).toEqual([undefined]);
    expect((await a.query('deals')).items).toEqual([]);
    expect((await a.query('deals', { where: { ownerId: 'u-b' } })).items).toEqual([]);
    expect((await a.query('accounts', { where: { tags: '华东' } })).items).toEqual([]);
    expect(await a.count('deals')).toBe(0);
    expect(await a.delete('deals', 'deal-shared')).toBe(false);
    await expect(a.delete('deals', 'deal-shared', { expectedVersion: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { actualVersion: null },
    });
    await expect(
      a.put('deals', { ...theirs, title: '甲方覆盖' }, { expectedVersion: 1 }),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: { actualVersion: null } });
    // A's own record with the same id is A's: version 1, and B's row is untouched.
    expect((await a.put('deals', { ...theirs, title: '甲方自己的' })).version).toBe(1);
    await a.bulkPut('deals', [{ ...theirs, title: '甲方批量' }]);
    await a.delete('deals', 'deal-shared');

    const untouched = await b.get('deals', 'deal-shared');
    expect(untouched?.title).toBe('乙方的商机');
    expect(untouched?.version).toBe(1);
    expect(await b.count('deals')).toBe(1);
  });

  it('runs migrations idempotently', async () => {
    expect(await migrate(db)).toEqual([]);
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((row) => row.name)).toEqual(['001_init.sql', '002_indexes.sql']);
  });

  it('writes every change to the change feed in the same transaction, and none for a rollback', async () => {
    const tenantId = uniqueTenant('feed');
    const store = open(tenantId);
    await store.put('deals', deal({ id: 'd1' }));
    await store.bulkPut('deals', [deal({ id: 'd2' }), deal({ id: 'd1' })]);
    await store.delete('deals', 'd2');
    await expect(
      store.transaction(['deals'], async (tx) => {
        await tx.put('deals', deal({ id: 'ghost' }));
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    const feed = await readChanges(db, tenantId);
    expect(feed.map((change) => [change.id, change.op, change.version])).toEqual([
      ['d1', 'put', 1],
      ...(feed[1]?.id === 'd2'
        ? [
            ['d2', 'put', 1],
            ['d1', 'put', 2],
          ]
        : [
            ['d1', 'put', 2],
            ['d2', 'put', 1],
          ]),
      ['d2', 'delete', null],
    ]);
    expect(await readChanges(db, tenantId, { afterSeq: feed[2]!.seq })).toHaveLength(1);
  });

  it('stores 10,000 deals in one bulkPut and pages the board column from its index', async () => {
    const store = open(uniqueTenant('bulk'));
    const deals = Array.from({ length: 10_000 }, (_, index) =>
      deal({
        id: `bulk-${String(index).padStart(5, '0')}`,
        pipelineId: 'key-account',
        stageId: ['qualify', 'needs', 'proposal', 'won'][index % 4]!,
        position: `a${String(10_000 - index).padStart(5, '0')}`,
        ownerId: `u${index % 7}`,
      }),
    );
    await store.bulkPut('deals', deals);
    expect(await store.count('deals')).toBe(10_000);
    expect(await store.count('deals', { stageId: 'needs', ownerId: 'u3' })).toBe(
      deals.filter((d) => d.stageId === 'needs' && d.ownerId === 'u3').length,
    );
    const column = await store.query('deals', {
      where: { pipelineId: 'key-account', stageId: 'qualify' },
      orderBy: 'position',
      limit: 50,
    });
    const expected = deals
      .filter((d) => d.stageId === 'qualify')
      .sort((x, y) => (x.position < y.position ? -1 : 1))
      .slice(0, 50)
      .map((d) => d.id);
    expect(column.items.map((d) => d.id)).toEqual(expected);
    const { rows } = await db.query<{ 'QUERY PLAN': string }>(
      `EXPLAIN SELECT id FROM records WHERE tenant_id = 't' AND collection = 'deals'
         AND (kehu_key(data -> 'pipelineId') COLLATE "C") = kehu_key('"key-account"')
         AND (kehu_key(data -> 'stageId') COLLATE "C") = kehu_key('"qualify"')
       ORDER BY (kehu_key(data -> 'position') COLLATE "C"), (kehu_str_key(id) COLLATE "C") LIMIT 51`,
    );
    expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain(
      'deals_by_pipeline_id_stage_id_position',
    );
  }, 60_000);

  it('orders strings by UTF-16 code units and numbers numerically, like the memory store', async () => {
    const store = open(uniqueTenant('order'));
    const titles = ['b', 'a', '\uE000', '😀', 'ab', 'A', '中', '\uFFFF', '𠮷', 'a\uE000', 'a😀'];
    await store.bulkPut(
      'deals',
      titles.map((title, index) => deal({ id: `t${index}`, title })),
    );
    const byTitle = (await store.query('deals', { orderBy: 'title' })).items.map((d) => d.title);
    expect(byTitle).toEqual([...titles].sort());
    const probabilities = [0, 0.001, 1, 1.5, 1.05, 10, 99.999, 100, 12.5, 0.1];
    await store.bulkPut(
      'deals',
      probabilities.map((probability, index) => deal({ id: `p${index}`, title: 'p', probability })),
    );
    const byProbability = await store.query('deals', { where: { title: 'p' }, orderBy: 'probability' });
    expect(byProbability.items.map((d) => d.probability)).toEqual([...probabilities].sort((x, y) => x - y));
    expect(await store.count('deals', { title: 'p', probability: { gt: 1, lte: 12.5 } })).toBe(4);

    // Every number JSON can carry, through the SQL sort key alone.
    const numbers = [
      -1.5,
      -1.05,
      -1,
      -0.5,
      -1e-7,
      0,
      1e-7,
      0.001,
      1,
      1.05,
      1.5,
      10,
      100,
      1e21,
      -1e21,
      Number.MAX_SAFE_INTEGER,
      -Number.MAX_SAFE_INTEGER,
      5e-324,
      -5e-324,
      123.456,
      1234.5,
      ...Array.from({ length: 200 }, (_, index) => Math.sin(index + 1) * 10 ** ((index % 13) - 6)),
    ];
    const { rows } = await db.query<{ n: number }>(
      `SELECT (x)::float8 AS n FROM jsonb_array_elements($1::jsonb) AS x ORDER BY kehu_key(x) COLLATE "C"`,
      [JSON.stringify(numbers)],
    );
    expect(rows.map((row) => row.n)).toEqual([...numbers].sort((x, y) => x - y));
  });

  it('reports a database failure as STORAGE', async () => {
    const store = open(uniqueTenant('failure'));
    // Postgres text cannot hold U+0000.
    const error = await store.put('deals', deal({ title: 'nul\u0000byte' })).catch((e: unknown) => e);
    expect(isKehuError(error, 'STORAGE')).toBe(true);
  });
});

describe('durability with a PGlite data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kehu-pglite-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every acknowledged write across a restart', async () => {
    const tenantId = uniqueTenant('durable');
    const first = await openDatabase({ url: '', dataDir: dir });
    await migrate(first);
    const store = createPostgresStore({ db: first, tenantId });
    await store.put('deals', deal({ id: 'kept', title: '重启后仍在' }));
    await store.bulkPut('deals', [deal({ id: 'bulk-1' }), deal({ id: 'bulk-2' })]);
    await store.transaction(['deals', 'accounts'], async (tx) => {
      await tx.put('accounts', account({ id: 'acc-1' }));
      await tx.delete('deals', 'bulk-2');
    });
    await store.close();
    await first.close();

    const second = await openDatabase({ url: '', dataDir: dir });
    expect(await migrate(second)).toEqual([]);
    const reopened = createPostgresStore({ db: second, tenantId });
    expect((await reopened.get('deals', 'kept'))?.title).toBe('重启后仍在');
    expect((await reopened.query('deals')).items.map((d) => d.id)).toEqual(['bulk-1', 'kept']);
    expect((await reopened.get('accounts', 'acc-1'))?.version).toBe(1);
    await reopened.close();
    await second.close();
  }, 60_000);
});
