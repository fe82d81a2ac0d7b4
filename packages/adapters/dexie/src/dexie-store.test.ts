// The Dexie adapter in Node on fake-indexeddb: the shared conformance suite for speed, and the
// adapter's own promises — index choice, schema upgrades, tab coordination and error mapping.
// The same real-world cases run on Chromium's IndexedDB in dexie-store.browser.test.ts.
import { type Deal, isKehuError, KehuError, normalizeQuery, type Query } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import { account, deal, storageConformance } from '@kehu/core/testing';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Dexie } from '#dexie';
import {
  createDexieStore,
  type DexieStore,
  type DexieStoreOptions,
  planQuery,
  SCHEMA_VERSION,
  schemaVersions,
} from './index.ts';

const dexie = { indexedDB, IDBKeyRange };
let sequence = 0;
const uniqueName = (label: string) => `kehu-test-${label}-${Date.now()}-${++sequence}`;

const open = (name: string, extra: Partial<DexieStoreOptions> = {}) =>
  createDexieStore({ name, dexie, ...extra });

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
  });
}

describe('storage conformance on fake-indexeddb', () => {
  for (const c of storageConformance({
    createStore: () => open(uniqueName('conformance')),
    openSecond: (store) => open((store as DexieStore).databaseName),
    dispose: async (store) => {
      await store.close();
      await deleteDatabase((store as DexieStore).databaseName);
    },
  })) {
    it(c.name, c.run);
  }
});

const opened: DexieStore[] = [];
const track = (store: DexieStore) => {
  opened.push(store);
  return store;
};
afterEach(async () => {
  for (const store of opened.splice(0)) await store.destroy();
});

const board = (n: number, stageId: string, extra: Partial<Deal> = {}) =>
  deal({
    id: `deal-${String(n).padStart(4, '0')}`,
    pipelineId: n % 3 === 0 ? 'other' : 'key-account',
    stageId,
    position: `a${String(1000 - n).padStart(4, '0')}`,
    ...extra,
  });

describe('query planning', () => {
  const plan = (collection: 'deals' | 'contacts' | 'activities', query: object) =>
    planQuery(collection, normalizeQuery(collection, query)).describe;

  it('serves the board column from the [pipelineId+stageId+position] compound, in order', () => {
    expect(plan('deals', { where: { pipelineId: 'p', stageId: 's' }, orderBy: 'position', limit: 50 })).toBe(
      '[pipelineId+stageId+position] 2 equal',
    );
    const served = planQuery(
      'deals',
      normalizeQuery('deals', { where: { pipelineId: 'p', stageId: 's' }, orderBy: 'position' }),
    );
    expect(served.ordered).toBe(true);
  });

  it('falls back to a scan where IndexedDB indexes cannot hold the answer', () => {
    // Records without an owner are not in the ownerId index.
    expect(plan('deals', { where: { ownerId: null } })).toBe('primary key order');
    // dueAt is optional, so the [accountId+dueAt] compound lacks undated activities.
    expect(plan('activities', { where: { accountId: 'a' } })).toBe('accountId eq');
    expect(plan('activities', { where: { accountId: 'a', dueAt: { gte: '2026' } } })).toBe(
      '[accountId+dueAt] 1 equal + range',
    );
    expect(plan('contacts', { where: { emails: 'a@b.cn' } })).toBe('*emails eq');
    expect(plan('deals', { where: { title: 'x' }, orderBy: 'title' })).toBe('scan');
  });

  it('answers index-served queries exactly like a scan, including ties, missing fields and paging', async () => {
    const store = track(open(uniqueName('plan')));
    const stages = ['qualify', 'needs', 'proposal'];
    const deals = Array.from({ length: 120 }, (_, n) =>
      board(n, stages[n % 3]!, {
        ...(n % 4 === 0 ? {} : { ownerId: `u${n % 5}` }),
        ...(n % 7 === 0 ? { position: 'a0500' } : {}),
        status: n % 11 === 0 ? 'won' : 'open',
        tags: n % 2 ? ['vip', 'east'] : ['east'],
      }),
    );
    await store.bulkPut('deals', deals);
    const queries = [
      { where: { pipelineId: 'key-account', stageId: 'needs' }, orderBy: 'position' },
      {
        where: { pipelineId: 'key-account', stageId: 'needs' },
        orderBy: { field: 'position', direction: 'desc' },
      },
      { where: { pipelineId: 'key-account', stageId: 'needs', ownerId: 'u1' }, orderBy: 'position' },
      { where: { ownerId: 'u2', status: 'open' } },
      { where: { stageId: { in: ['needs', 'qualify'] } }, orderBy: 'stageId' },
      { where: { tags: { in: ['vip', 'east'] } } },
      {
        where: { position: { gte: 'a0950', lt: 'a0990' } },
        orderBy: { field: 'position', direction: 'desc' },
      },
      { orderBy: 'updatedAt' },
      { orderBy: { field: 'id', direction: 'desc' } },
    ] satisfies Query<'deals'>[] as Query<'deals'>[];
    for (const query of queries) {
      const everything = (await store.query('deals', { ...query })).items.map((d) => d.id);
      const scanned = deals
        .map((d) => d.id)
        .filter((id) => everything.includes(id))
        .sort();
      expect([...everything].sort()).toEqual(scanned);
      for (const limit of [1, 7, 50]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: Deal[]; nextCursor: string | null } = await store.query('deals', {
            ...query,
            limit,
            cursor,
          });
          seen.push(...page.items.map((d) => d.id));
          cursor = page.nextCursor;
        } while (cursor !== null);
        expect(seen).toEqual(everything);
      }
      expect(await store.count('deals', query.where ?? {})).toBe(everything.length);
    }
  });
});

describe('the same answers as the memory store', () => {
  const stages = ['qualify', 'needs', 'proposal', 'won'] as const;
  const dealArb = fc.record({
    stage: fc.nat(3),
    owner: fc.constantFrom('u1', 'u2', 'u3', undefined),
    pipeline: fc.constantFrom('key-account', 'other'),
    position: fc.constantFrom('a0', 'a1', 'a2', 'b0', 'Zz'),
    probability: fc.option(fc.constantFrom(0, 10, 25, 60, 100), { nil: undefined }),
    close: fc.option(fc.constantFrom('2026-01-31', '2026-02-15', '2026-03-01'), { nil: undefined }),
    tags: fc.subarray(['vip', 'east', 'new']),
  });
  const scalar = fc.constantFrom<string | number | null>('u1', 'u2', null, 10, 'qualify', 'needs');
  const conditionArb = fc.oneof(
    fc.record({ stageId: fc.constantFrom(...stages) }),
    fc.record({ stageId: fc.record({ in: fc.subarray([...stages]) }) }),
    fc.record({ ownerId: fc.constantFrom('u1', 'u2', null) }),
    fc.record({ ownerId: fc.record({ in: fc.array(scalar, { maxLength: 3 }) }) }),
    fc.record({ stageId: fc.record({ in: fc.array(fc.constantFrom(...stages), { maxLength: 4 }) }) }),
    fc.record({ pipelineId: fc.constantFrom('key-account', 'other'), stageId: fc.constantFrom(...stages) }),
    fc.record({
      pipelineId: fc.constantFrom('key-account', 'other'),
      stageId: fc.constantFrom(...stages),
      ownerId: fc.constantFrom('u1', null),
    }),
    fc.record({ ownerId: fc.constantFrom('u1', 'u2'), status: fc.constantFrom('open', 'won') }),
    fc.record({ expectedCloseDate: fc.record({ gte: fc.constantFrom('2026-02-01', '2026-01-01') }) }),
    fc.record({
      expectedCloseDate: fc.record({ gt: fc.constant('2026-01-31'), lt: fc.constant('2026-03-01') }),
    }),
    fc.record({ expectedCloseDate: fc.record({ lt: fc.constantFrom('2026-02-15', 5) }) }),
    fc.record({ probability: fc.record({ gte: fc.constantFrom(10, '10') }) }),
    fc.record({
      position: fc.record({ gte: fc.constant('a1'), lte: fc.constant('b0') }),
      pipelineId: fc.constant('other'),
    }),
    fc.record({ tags: fc.constantFrom('vip', 'east') }),
    fc.constant({}),
  );
  const queryArb = fc.record(
    {
      where: conditionArb,
      orderBy: fc.oneof(
        fc.constantFrom(
          'id',
          'position',
          'stageId',
          'ownerId',
          'probability',
          'expectedCloseDate',
          'updatedAt',
        ),
        fc.record({
          field: fc.constantFrom('position', 'id', 'ownerId', 'expectedCloseDate', 'stageId', 'updatedAt'),
          direction: fc.constantFrom('asc', 'desc'),
        }),
      ),
      limit: fc.integer({ min: 1, max: 25 }),
    },
    { requiredKeys: ['where'] },
  ) as fc.Arbitrary<Query<'deals'>>;

  it('pages through every query exactly like the reference store', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(dealArb, { maxLength: 60 }),
        fc.array(queryArb, { minLength: 1, maxLength: 4 }),
        async (drafts, queries) => {
          const deals = drafts.map((d, n) =>
            deal({
              id: `d${String(n).padStart(3, '0')}`,
              pipelineId: d.pipeline,
              stageId: stages[d.stage]!,
              status: d.stage === 3 ? 'won' : 'open',
              position: d.position,
              tags: d.tags,
              updatedAt: `2026-01-${String((n % 28) + 1).padStart(2, '0')}T08:00:00.000Z`,
              ...(d.owner === undefined ? {} : { ownerId: d.owner }),
              ...(d.probability === undefined ? {} : { probability: d.probability }),
              ...(d.close === undefined ? {} : { expectedCloseDate: d.close }),
            }),
          );
          const reference = createMemoryStore();
          const store = open(uniqueName('property'));
          try {
            await reference.bulkPut('deals', deals);
            await store.bulkPut('deals', deals);
            for (const query of queries) {
              const walk = async (target: typeof store) => {
                const pages: string[][] = [];
                let cursor: string | null = null;
                do {
                  const page: { items: Deal[]; nextCursor: string | null } = await target.query('deals', {
                    ...query,
                    cursor,
                  });
                  pages.push(page.items.map((d) => d.id));
                  cursor = page.nextCursor;
                } while (cursor !== null && pages.length < 100);
                return pages;
              };
              expect(await walk(store)).toEqual(await walk(reference as unknown as typeof store));
              expect(await store.count('deals', query.where)).toBe(
                await reference.count('deals', query.where),
              );
            }
          } finally {
            await store.destroy();
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('answers multi-entry queries (tags) like the reference store', async () => {
    const tags = ['制造业', '华东', '华南', 'vip'];
    const accounts = Array.from({ length: 40 }, (_, n) =>
      account({ id: `a${String(n).padStart(2, '0')}`, tags: tags.filter((_, i) => (n >> i) % 2 === 1) }),
    );
    const reference = createMemoryStore();
    const store = track(open(uniqueName('tags')));
    await reference.bulkPut('accounts', accounts);
    await store.bulkPut('accounts', accounts);
    const wheres = [
      { tags: '华东' },
      { tags: { in: ['制造业', '华南'] } },
      { tags: { gte: '华' } },
      { tags: { lt: 'z', gt: 'a' } },
      { tags: { in: ['vip', null] } },
      { tags: null },
    ];
    for (const where of wheres) {
      for (const limit of [undefined, 3]) {
        const query = { where, limit } as Query<'accounts'>;
        expect((await store.query('accounts', query)).items.map((a) => a.id)).toEqual(
          (await reference.query('accounts', query)).items.map((a) => a.id),
        );
      }
      expect(await store.count('accounts', where as Query<'accounts'>['where'])).toBe(
        await reference.count('accounts', where as Query<'accounts'>['where']),
      );
    }
  });
});

describe('validation of repeated queries', () => {
  it('validates a query again whenever it is not plain data, even after its plain twin was accepted', async () => {
    const store = track(open(uniqueName('memo')));
    await store.put('deals', board(1, 'needs'));
    const plain = { where: { stageId: 'needs' }, limit: 5 };
    expect((await store.query('deals', plain)).items).toHaveLength(1);
    expect((await store.query('deals', { ...plain })).items).toHaveLength(1);
    const odd = [
      { where: { stageId: 'needs', extra: () => 1 }, limit: 5 },
      { where: { stageId: 'needs' }, limit: Number.NaN },
      { where: { stageId: 'needs' }, limit: 5, cursor: new String('x') },
    ];
    for (const query of odd) {
      await expect(store.query('deals', query as Query<'deals'>)).rejects.toMatchObject({
        code: 'VALIDATION',
      });
    }
    expect(await store.count('deals', { stageId: 'needs' })).toBe(1);
    await expect(
      store.count('deals', { stageId: 'needs', colour: 'red' } as Query<'deals'>['where']),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
    });
  });
});

describe('schema versions', () => {
  it(`upgrades a version 1 database to version ${SCHEMA_VERSION} keeping every record`, async () => {
    const name = uniqueName('upgrade');
    const v1 = new Dexie(name, dexie);
    v1.version(1).stores(schemaVersions[0]!.stores);
    await v1.open();
    const contacts = Array.from({ length: 30 }, (_, n) => ({
      id: `contact-${n}`,
      version: 1,
      createdAt: '2025-06-01T00:00:00.000Z',
      updatedAt: '2025-06-01T00:00:00.000Z',
      name: `联系人 ${n}`,
      ...(n % 10 === 0 ? {} : { email: ` Person.${n}@Example.CN ` }),
      phones: [`1380000${String(n).padStart(4, '0')}`],
    }));
    const deals = Array.from({ length: 40 }, (_, n) => ({ ...board(n, 'needs'), version: 2 }));
    await v1.table('contacts').bulkPut(contacts);
    await v1.table('deals').bulkPut(deals);
    v1.close();

    const store = track(open(name));
    expect(await store.count('contacts')).toBe(30);
    expect(await store.count('deals')).toBe(40);
    const upgraded = await store.get('contacts', 'contact-3');
    expect(upgraded).toMatchObject({ emails: ['person.3@example.cn'], version: 1 });
    expect(upgraded).not.toHaveProperty('email');
    expect((await store.get('contacts', 'contact-10'))?.emails).toEqual([]);
    expect(
      (await store.query('contacts', { where: { emails: 'person.7@example.cn' } })).items.map((c) => c.id),
    ).toEqual(['contact-7']);
    const column = await store.query('deals', {
      where: { pipelineId: 'key-account', stageId: 'needs' },
      orderBy: 'position',
      limit: 3,
    });
    expect(column.items.map((d) => d.position)).toEqual(['a0962', 'a0963', 'a0965']);
    expect(store.db.verno).toBe(SCHEMA_VERSION);
    expect(store.db.tables.find((t) => t.name === 'deals')?.schema.idxByName).toHaveProperty(
      '[pipelineId+stageId+position]',
    );
    // Every upgraded record is still valid: a versioned write goes through.
    await store.put('deals', { ...deals[0]!, title: '升级后' }, { expectedVersion: 2 });
  });
});

describe('connections and tabs', () => {
  it('closes itself when another connection upgrades the database, and says so', async () => {
    const name = uniqueName('versionchange');
    const notices: string[] = [];
    const store = track(open(name, { onVersionChange: (notice) => notices.push(notice.reason) }));
    await store.put('deals', board(1, 'needs'));
    const watchErrors: KehuError[] = [];
    store.watch('deals', {}, { next: () => {}, error: (error) => watchErrors.push(error) });
    const newer = new Dexie(name, dexie);
    newer.version(SCHEMA_VERSION + 1).stores(schemaVersions.at(-1)!.stores);
    await newer.open();
    expect(notices).toEqual(['upgraded']);
    expect(watchErrors.map((e) => e.code)).toEqual(['STORAGE']);
    const error = await store.get('deals', 'deal-0001').catch((e: unknown) => e);
    expect(isKehuError(error, 'STORAGE')).toBe(true);
    expect((error as KehuError).message).toMatch(/upgraded to a newer schema version in another tab/);
    expect(await newer.table('deals').count()).toBe(1);
    newer.close();
  });

  it('reports a blocked upgrade instead of waiting silently', async () => {
    const name = uniqueName('blocked');
    const old = new Dexie(name, dexie);
    old.version(1).stores(schemaVersions[0]!.stores);
    // An old tab that never lets go of its connection.
    old.on('versionchange', () => false);
    await old.open();
    const blocked: string[] = [];
    const store = track(open(name, { onBlocked: (notice) => blocked.push(notice.message) }));
    const reading = store.count('deals');
    await expect.poll(() => blocked.length).toBe(1);
    expect(blocked[0]).toMatch(/waits for another tab/);
    old.close();
    expect(await reading).toBe(0);
  });
});

describe('errors', () => {
  it('reports missing IndexedDB as STORAGE with the original error as cause', async () => {
    const store = createDexieStore({ name: uniqueName('missing'), dexie: { indexedDB: undefined } });
    const error = await store.get('deals', 'x').catch((e: unknown) => e);
    expect(isKehuError(error, 'STORAGE')).toBe(true);
    expect((error as KehuError).message).toMatch(/IndexedDB is not available here/);
    expect((error as KehuError).cause).toBeInstanceOf(Error);
    await store.close();
  });

  it('reports an IndexedDB that refuses to open (blocked site storage) as STORAGE', async () => {
    const refusing = {
      open() {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      },
    };
    const store = createDexieStore({
      name: uniqueName('refused'),
      dexie: { indexedDB: refusing, IDBKeyRange },
    });
    const error = await store.query('deals').catch((e: unknown) => e);
    expect(isKehuError(error, 'STORAGE')).toBe(true);
    expect((error as KehuError).message).toMatch(/denied access to IndexedDB/);
    await store.close();
  });

  it('reports a full quota as STORAGE and writes nothing', async () => {
    const store = track(open(uniqueName('quota')));
    let full = false;
    // Chromium fails a write over quota with a QuotaExceededError DOMException; a middleware
    // (registered before the database opens) plays the full disk.
    store.db.use({
      stack: 'dbcore',
      name: 'quota-exhausted',
      create: (core) => ({
        ...core,
        table: (tableName) => {
          const table = core.table(tableName);
          return {
            ...table,
            mutate: (request) =>
              full
                ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
                : table.mutate(request),
          };
        },
      }),
    });
    await store.put('deals', board(1, 'needs'));
    full = true;
    const inTransaction = await store
      .transaction(['deals', 'accounts'], async (tx) => {
        await tx.delete('deals', 'deal-0001');
        await tx.put('deals', board(2, 'needs'));
      })
      .catch((e: unknown) => e);
    const bulk = await store
      .bulkPut('deals', [board(3, 'needs'), board(4, 'needs')])
      .catch((e: unknown) => e);
    for (const error of [inTransaction, bulk]) {
      expect(isKehuError(error, 'STORAGE')).toBe(true);
      expect((error as KehuError).message).toMatch(/storage quota is used up/);
      expect((error as KehuError).details.errors).toContain('QuotaExceededError');
      expect((error as KehuError).cause).toBeDefined();
    }
    full = false;
    expect((await store.query('deals')).items.map((d) => d.id)).toEqual(['deal-0001']);
  });

  it('rolls back a transaction whose work caught an IndexedDB failure', async () => {
    const store = track(open(uniqueName('caught')));
    store.db.use({
      stack: 'dbcore',
      name: 'refuse-one',
      create: (core) => ({
        ...core,
        table: (tableName) => {
          const table = core.table(tableName);
          return {
            ...table,
            mutate: (request) =>
              request.type === 'put' &&
              request.values.some((value: { id?: string }) => value.id === 'deal-0002')
                ? Promise.reject(
                    new DOMException('Key already exists in the object store.', 'ConstraintError'),
                  )
                : table.mutate(request),
          };
        },
      }),
    });
    const error = await store
      .transaction(['deals'], async (tx) => {
        await tx.put('deals', board(1, 'needs'));
        await tx.put('deals', board(2, 'needs')).catch(() => undefined);
        return 'done';
      })
      .catch((e: unknown) => e);
    expect(isKehuError(error, 'STORAGE')).toBe(true);
    expect((error as KehuError).message).toMatch(/breaks a constraint/);
    expect(await store.count('deals')).toBe(0);
  });

  it('fails every call after close with STORAGE', async () => {
    const store = open(uniqueName('closed'));
    await store.put('deals', board(1, 'needs'));
    await store.close();
    await expect(store.get('deals', 'deal-0001')).rejects.toMatchObject({ code: 'STORAGE' });
    expect(() => store.watch('deals', {}, () => {})).toThrow(KehuError);
    await deleteDatabase(store.databaseName);
  });
});
