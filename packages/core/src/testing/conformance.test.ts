/**
 * Runs the storage conformance suite against the memory store, then proves the suite has teeth:
 * memory stores wrapped to break one promise each must fail exactly the cases about that promise.
 */
import { describe, expect, it } from 'vitest';
import { KehuError } from '../errors.ts';
import { createMemoryStore, type MemoryDatabase, type MemoryStore } from '../memory/index.ts';
import type { CollectionName, EntityOf } from '../model/collections.ts';
import type { Page, Query, Store, StoreTransaction } from '../storage/contract.ts';
import { assertCollection } from '../storage/query.ts';
import { conformanceCaseNames, runConformance, storageConformance } from './index.ts';

describe('memory store', () => {
  for (const c of storageConformance({
    createStore: () => createMemoryStore(),
    openSecond: (store) => createMemoryStore({ database: (store as MemoryStore).database }),
  })) {
    it(c.name, c.run);
  }
});

/** Delegates every method, so each broken variant below overrides only what it breaks. */
function forwarding(store: Store): Store {
  return {
    name: store.name,
    get: (collection, id) => store.get(collection, id),
    getMany: (collection, ids) => store.getMany(collection, ids),
    query: (collection, query) => store.query(collection, query),
    count: (collection, where) => store.count(collection, where),
    put: (collection, entity, options) => store.put(collection, entity, options),
    bulkPut: (collection, entities) => store.bulkPut(collection, entities),
    delete: (collection, id, options) => store.delete(collection, id, options),
    transaction: (collections, work) => store.transaction(collections, work),
    watch: (collection, query, handlers) => store.watch(collection, query, handlers),
    close: () => store.close(),
  };
}

/** Drops `expectedVersion` everywhere: every write is blind, so no CONFLICT is ever raised. */
function ignoringExpectedVersion(store: Store): Store {
  const blind = <T extends Pick<StoreTransaction, 'put' | 'delete'>>(target: T): T => ({
    ...target,
    put: (collection, entity) => target.put(collection, entity),
    delete: (collection, id) => target.delete(collection, id),
  });
  return {
    ...blind(forwarding(store)),
    transaction: (collections, work) =>
      store.transaction(collections, (tx) => work(blind(forwardingTransaction(tx)))),
  };
}

function forwardingTransaction(tx: StoreTransaction): StoreTransaction {
  return {
    get: (collection, id) => tx.get(collection, id),
    getMany: (collection, ids) => tx.getMany(collection, ids),
    query: (collection, query) => tx.query(collection, query),
    count: (collection, where) => tx.count(collection, where),
    put: (collection, entity, options) => tx.put(collection, entity, options),
    bulkPut: (collection, entities) => tx.bulkPut(collection, entities),
    delete: (collection, id, options) => tx.delete(collection, id, options),
  };
}

/**
 * Runs the work function straight against the store: each write lands at once and none rolls back.
 * The scope is still checked, so only atomicity is missing.
 */
function withNonAtomicTransactions(store: Store): Store {
  return {
    ...forwarding(store),
    async transaction(collections, work) {
      for (const collection of collections) assertCollection(collection);
      // Hands back the store itself once the collection is known to be in scope.
      const scoped = (collection: CollectionName): Store => {
        assertCollection(collection);
        if (!collections.includes(collection))
          throw new KehuError('STORAGE', `${collection} is out of scope`);
        return store;
      };
      return work({
        get: async (collection, id) => scoped(collection).get(collection, id),
        getMany: async (collection, ids) => scoped(collection).getMany(collection, ids),
        query: async (collection, query) => scoped(collection).query(collection, query),
        count: async (collection, where) => scoped(collection).count(collection, where),
        put: async (collection, entity, options) => scoped(collection).put(collection, entity, options),
        bulkPut: async (collection, entities) => scoped(collection).bulkPut(collection, entities),
        delete: async (collection, id, options) => scoped(collection).delete(collection, id, options),
      });
    },
  };
}

/** Delivers the first result of each watch and then nothing, like a watch whose listener leaked. */
function withWatchSilentAfterFirstResult(store: Store): Store {
  return {
    ...forwarding(store),
    watch(collection, query, handlers) {
      const next = typeof handlers === 'function' ? handlers : handlers.next;
      let delivered = false;
      return store.watch(collection, query, {
        next: (page) => {
          if (delivered) return;
          delivered = true;
          next(page);
        },
        ...(typeof handlers === 'function' ? {} : { error: handlers.error }),
      });
    },
  };
}

/** Pages by position: the cursor is the offset of the next page, so inserts shift every page. */
function withOffsetPagination(store: Store): Store {
  return {
    ...forwarding(store),
    async query<C extends CollectionName>(collection: C, query: Query<C> = {}): Promise<Page<EntityOf<C>>> {
      const { limit, cursor, ...rest } = query;
      if (limit === undefined) return store.query(collection, rest);
      const offset = cursor ? Number(cursor) : 0;
      if (!Number.isInteger(offset) || offset < 0) {
        throw new KehuError('VALIDATION', 'Invalid cursor', {
          issues: [{ path: ['cursor'], message: 'Invalid cursor', code: 'invalid_cursor' }],
        });
      }
      // Validates `limit` the way the real store does.
      await store.query(collection, { ...rest, limit });
      const all = (await store.query(collection, rest)).items;
      const end = offset + limit;
      return { items: all.slice(offset, end), nextCursor: end < all.length ? String(end) : null };
    },
  };
}

/** Runs the whole suite on memory stores wrapped by `wrap`, second connections included. */
async function failuresOf(wrap: (store: Store) => Store): Promise<string[]> {
  const databases = new WeakMap<Store, MemoryDatabase>();
  const open = (database?: MemoryDatabase) => {
    const memory = createMemoryStore(database ? { database } : {});
    const wrapped = wrap(memory);
    databases.set(wrapped, memory.database);
    return wrapped;
  };
  const report = await runConformance(
    storageConformance({
      createStore: () => open(),
      openSecond: (store) => open(databases.get(store)),
      // Every awaited delivery of the silent watch times out; keep that short, it is expected.
      timeout: 500,
    }),
  );
  expect(report.passed.length + report.failed.length).toBe(conformanceCaseNames.length);
  return report.failed.map((failure) => failure.name);
}

// What the unbroken memory store fails (nothing, when it is healthy). A broken variant may fail
// those too: they are bugs of the store underneath, not evidence about the breakage.
let baseline: Promise<string[]> | undefined;
const healthyFailures = () => {
  baseline ??= failuresOf((store) => store);
  return baseline;
};

/** The variant fails every case in `expected`, and nothing else that the healthy store passes. */
async function expectCaught(wrap: (store: Store) => Store, expected: string[]): Promise<void> {
  const failed = await failuresOf(wrap);
  const healthy = await healthyFailures();
  for (const name of expected) expect(conformanceCaseNames, 'expected case names exist').toContain(name);
  expect(
    expected.filter((name) => !failed.includes(name)),
    'cases the broken store passed',
  ).toEqual([]);
  expect(
    failed.filter((name) => !expected.includes(name) && !healthy.includes(name)),
    'unrelated cases the broken store failed',
  ).toEqual([]);
}

describe('an adapter without a second connection', () => {
  it('still lists the cases that need one, marked skipped, and they pass', async () => {
    const cases = storageConformance({ createStore: () => createMemoryStore() });
    const skipped = cases.filter((c) => c.skipped);
    expect(cases).toHaveLength(conformanceCaseNames.length);
    expect(skipped.length).toBeGreaterThan(0);
    for (const c of skipped) expect(c.name).toMatch(/\(skipped: options\.openSecond was not given\)$/);
    expect((await runConformance(skipped)).failed).toEqual([]);
  });
});

describe('the suite catches broken stores', () => {
  it('passes a healthy memory store with zero failures', async () => {
    expect(await healthyFailures()).toEqual([]);
  });

  it('a store ignoring expectedVersion fails the optimistic-concurrency cases, and only those', async () => {
    await expectCaught(ignoringExpectedVersion, [
      'delete: stale expectedVersion gives CONFLICT and keeps the record',
      'put: expectedVersion 0 on an existing id gives CONFLICT and writes nothing',
      'put: expectedVersion above 0 on a missing record gives CONFLICT and creates nothing',
      'put: stale expectedVersion gives CONFLICT and writes nothing',
      'put: two store objects writing with the same expectedVersion give one success and one CONFLICT',
      'transaction: a CONFLICT inside the transaction rolls back its earlier writes',
    ]);
  });

  it('a store whose transactions are not atomic fails the rollback cases, and only those', async () => {
    await expectCaught(withNonAtomicTransactions, [
      'transaction: a CONFLICT inside the transaction rolls back its earlier writes',
      'transaction: a failed transaction never reaches a watch',
      'transaction: a transaction that throws halfway leaves no partial write and rethrows that error',
      'transaction: an invalid entity inside the transaction rolls back its earlier writes',
      'transaction: touching a collection outside its scope gives STORAGE and keeps nothing',
      'watch: notified once a transaction commits, with all of its writes at once',
    ]);
  });

  it('a store whose watch goes silent after the first result fails the notification cases', async () => {
    await expectCaught(withWatchSilentAfterFirstResult, [
      'transaction: a failed transaction never reaches a watch',
      'watch: a write through a second store object reaches a watch on the first',
      'watch: close() stops every watch of that store object',
      'watch: notified once a transaction commits, with all of its writes at once',
      'watch: notified with the new result after bulkPut',
      'watch: notified with the new result after delete',
      'watch: notified with the new result after put',
      'watch: successive writes arrive in order and the last delivery is the latest result',
      'watch: unsubscribe stops delivery at once, before the first result or with a write in flight',
      'watch: unsubscribe stops notifications',
      'watch: where, orderBy and limit give the same page as query',
    ]);
  });

  it('a store paging by offset fails the keyset-cursor cases, and only those', async () => {
    await expectCaught(withOffsetPagination, [
      'bad input: a garbled or foreign cursor gives VALIDATION',
      'query: a cursor stays valid after the record it points at is deleted',
      'query: cursor pagination stays stable while records are inserted before and after the cursor',
    ]);
  });
});
