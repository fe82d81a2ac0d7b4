/**
 * Conformance cases for `watch` and for a second store object on the same database. Deliveries
 * are asynchronous, so cases wait for the awaited result rather than for a time, and check silence
 * with a sentinel (a later committed write whose delivery means every earlier one was delivered)
 * followed by a short `settle` for deliveries an adapter may have scheduled out of order.
 */

import type { EntityOf } from '../../model/collections.ts';
import type { Page, Query, Store } from '../../storage/contract.ts';
import { assertKehuError, deepEqual, equal, ok, show } from '../assert.ts';
import type { CaseDefinition, WatchRecorder } from '../context.ts';
import { idsOf } from '../context.ts';
import { deal, storedForm } from '../fixtures.ts';

const sameIds = (page: Page<{ id: string }>, ids: readonly string[]) =>
  page.items.length === ids.length && page.items.every((item, index) => item.id === ids[index]);

/** Waits until the watch shows exactly what `query` answers now, items and all. */
async function untilQueryResult(
  store: Store,
  watched: WatchRecorder<EntityOf<'deals'>>,
  query: Query<'deals'>,
  what: string,
): Promise<void> {
  const expected = await store.query('deals', query);
  const ids = idsOf(expected.items) as string[];
  const page = await watched.until((latest) => sameIds(latest, ids), `${what}: ids ${show(ids)}`);
  deepEqual(page.items, expected.items, `${what}: the delivered items`);
  equal(
    page.nextCursor === null,
    expected.nextCursor === null,
    `${what}: whether the delivered page is the last`,
  );
}

export const watchCases: CaseDefinition[] = [
  {
    name: 'watch: delivers the current result first (handlers object or bare function)',
    async run({ store, watch }) {
      const a = deal({ id: 'deal-a' });
      await store.put('deals', a);
      await store.put('deals', deal({ id: 'deal-b' }));
      const watched = watch('deals', {});
      const first = await watched.until((page) => page.items.length > 0, 'the initial result');
      deepEqual(idsOf(first.items), ['deal-a', 'deal-b'], 'the initial result');
      deepEqual(first.items[0], storedForm('deals', a, 1), 'the first item of the initial result');
      equal(first.nextCursor, null, 'nextCursor of an unlimited watch');
      const empty = watch('activities', {});
      await empty.until(
        (page) => page.items.length === 0,
        'the initial, empty result of an empty collection',
      );
      const pages: Page<EntityOf<'deals'>>[] = [];
      const unsubscribe = store.watch('deals', { where: { id: 'deal-b' } }, (page) => {
        pages.push(page);
      });
      try {
        await watched.until(() => pages.length > 0, 'the initial result of a watch with a bare function');
        deepEqual(idsOf(pages[0]!.items), ['deal-b'], 'the initial result delivered to a bare function');
      } finally {
        unsubscribe();
      }
    },
  },
  {
    name: 'watch: notified with the new result after put',
    async run({ store, watch }) {
      const a = deal({ id: 'deal-a' });
      await store.put('deals', a);
      const query: Query<'deals'> = { where: { stageId: 'qualify' } };
      const watched = watch('deals', query);
      await untilQueryResult(store, watched, query, 'the initial result');
      await store.put('deals', deal({ id: 'deal-b' }));
      await untilQueryResult(store, watched, query, 'the result after a put adding a record');
      await store.put('deals', { ...a, title: '改过的标题' });
      await watched.until(
        (page) => page.items[0]?.title === '改过的标题',
        'the result after a put changing a record',
      );
      deepEqual(
        watched.latest()!.items[0],
        storedForm('deals', { ...a, title: '改过的标题' }, 2),
        'the changed record',
      );
      await store.put('deals', { ...a, stageId: 'needs' });
      await untilQueryResult(
        store,
        watched,
        query,
        'the result after a put moving a record out of the query',
      );
    },
  },
  {
    name: 'watch: notified with the new result after bulkPut',
    async run({ store, watch }) {
      const query: Query<'deals'> = {};
      const watched = watch('deals', query);
      await untilQueryResult(store, watched, query, 'the initial result');
      await store.bulkPut('deals', [deal({ id: 'deal-b' }), deal({ id: 'deal-a' }), deal({ id: 'deal-c' })]);
      await untilQueryResult(store, watched, query, 'the result after bulkPut');
      await store.bulkPut('deals', [deal({ id: 'deal-b', title: '批量更新' })]);
      await watched.until(
        (page) => page.items[1]?.version === 2,
        'the result after a bulkPut updating a record',
      );
      equal(watched.latest()!.items[1]!.title, '批量更新', 'the updated title');
    },
  },
  {
    name: 'watch: notified with the new result after delete',
    async run({ store, watch }) {
      await store.bulkPut('deals', [deal({ id: 'deal-a' }), deal({ id: 'deal-b' })]);
      const query: Query<'deals'> = {};
      const watched = watch('deals', query);
      await untilQueryResult(store, watched, query, 'the initial result');
      await store.delete('deals', 'deal-a');
      await untilQueryResult(store, watched, query, 'the result after delete');
      await store.delete('deals', 'deal-b', { expectedVersion: 1 });
      await untilQueryResult(store, watched, query, 'the result after a versioned delete');
    },
  },
  {
    name: 'watch: notified once a transaction commits, with all of its writes at once',
    async run({ store, watch }) {
      await store.put('deals', deal({ id: 'deal-a' }));
      const query: Query<'deals'> = {};
      const watched = watch('deals', query);
      await untilQueryResult(store, watched, query, 'the initial result');
      await store.transaction(['deals'], async (tx) => {
        await tx.put('deals', deal({ id: 'deal-b' }));
        await tx.put('deals', deal({ id: 'deal-c' }));
        await tx.delete('deals', 'deal-a');
      });
      await untilQueryResult(store, watched, query, 'the result after the transaction');
      const partial = watched.pages.filter((page) => {
        const ids = idsOf(page.items);
        const seen = [ids.includes('deal-b'), ids.includes('deal-c'), !ids.includes('deal-a')];
        return seen.some(Boolean) && !seen.every(Boolean);
      });
      deepEqual(
        partial.map((page) => idsOf(page.items)),
        [],
        'results showing part of the transaction',
      );
    },
  },
  {
    name: 'watch: successive writes arrive in order and the last delivery is the latest result',
    async run({ store, watch, settle }) {
      const tracked = deal({ id: 'deal-tracked', amount: { amount: 0, currency: 'CNY' } });
      await store.put('deals', tracked);
      const watched = watch('deals', {});
      await watched.until((page) => page.items.length === 1, 'the initial result');
      for (let amount = 1; amount <= 20; amount++) {
        await store.put('deals', { ...tracked, amount: { amount, currency: 'CNY' } });
      }
      await watched.until((page) => page.items[0]?.amount.amount === 20, 'the result after the 20th write');
      // The sentinel: once it shows, a late delivery of an older result would have shown too.
      await store.put('deals', deal({ id: 'deal-zz-sentinel' }));
      await watched.until((page) => page.items.length === 2, 'the result with the sentinel');
      await settle();
      const amounts = watched.pages.map(
        (page) => page.items.find((d) => d.id === tracked.id)?.amount.amount ?? -1,
      );
      ok(
        amounts.every((amount, index) => index === 0 || amount >= amounts[index - 1]!),
        `every delivery is at least as new as the one before; amounts delivered: ${show(amounts)}`,
      );
      deepEqual(
        idsOf(watched.latest()!.items),
        [tracked.id, 'deal-zz-sentinel'],
        'the ids in the latest result',
      );
      equal(watched.latest()!.items[0]!.amount.amount, 20, 'the tracked amount in the latest result');
      equal(watched.latest()!.items[0]!.version, 21, 'the tracked version in the latest result');
    },
  },
  {
    name: 'watch: unsubscribe stops notifications',
    async run({ store, watch, settle }) {
      const stopped = watch('deals', {});
      const running = watch('deals', {});
      await stopped.until(() => true, 'the initial result of the watch to stop');
      await running.until(() => true, 'the initial result of the watch kept running');
      stopped.stop();
      const delivered = stopped.pages.length;
      await store.put('deals', deal({ id: 'deal-a' }));
      await running.until((page) => page.items.length === 1, 'the result after the first put');
      await store.put('deals', deal({ id: 'deal-b' }));
      await running.until((page) => page.items.length === 2, 'the result after the second put');
      await settle();
      equal(stopped.pages.length, delivered, 'number of results delivered after unsubscribe');
    },
  },
  {
    name: 'watch: unsubscribe stops delivery at once, before the first result or with a write in flight',
    async run({ store, watch, settle }) {
      const running = watch('deals', {});
      await running.until(() => true, 'the initial result of the watch kept running');
      const late: unknown[] = [];
      // Stopped in the same turn it started, before its initial result could be delivered.
      store.watch('deals', {}, (page) => late.push(page))();
      const stopped = watch('deals', {});
      await stopped.until(() => true, 'the initial result of the watch to stop');
      const inFlight = store.put('deals', deal({ id: 'deal-a' }));
      stopped.stop();
      const delivered = stopped.pages.length;
      await inFlight;
      await running.until((page) => page.items.length === 1, 'the result after the put');
      await store.put('deals', deal({ id: 'deal-b' }));
      await running.until((page) => page.items.length === 2, 'the result after a second put');
      await settle();
      equal(late.length, 0, 'results delivered to a watch stopped right away');
      equal(stopped.pages.length, delivered, 'results delivered after stopping a watch');
    },
  },
  {
    name: 'watch: close() stops every watch of that store object',
    needsSecond: true,
    async run({ store, second, watch, close, settle }) {
      const other = await second();
      const running = watch('deals', {});
      const onClosed = watch('deals', {}, other);
      await running.until(() => true, 'the initial result on the store kept open');
      await onClosed.until(() => true, 'the initial result on the store to close');
      const delivered = onClosed.pages.length;
      await close(other);
      await store.put('deals', deal({ id: 'deal-a' }));
      await running.until((page) => page.items.length === 1, 'the result after the put');
      await store.put('deals', deal({ id: 'deal-b' }));
      await running.until((page) => page.items.length === 2, 'the result after a second put');
      await settle();
      equal(onClosed.pages.length, delivered, 'results delivered by a watch of a closed store');
    },
  },
  {
    name: 'watch: where, orderBy and limit give the same page as query',
    async run({ store, watch }) {
      await store.bulkPut('deals', [
        deal({ id: 'deal-1', probability: 30 }),
        deal({ id: 'deal-2', probability: 50 }),
        deal({ id: 'deal-3', probability: 50 }),
        deal({ id: 'deal-4', probability: 10 }),
        deal({ id: 'deal-5', probability: 90, stageId: 'needs' }),
      ]);
      const query: Query<'deals'> = {
        where: { stageId: 'qualify' },
        orderBy: { field: 'probability', direction: 'desc' },
        limit: 2,
      };
      const watched = watch('deals', query);
      await untilQueryResult(store, watched, query, 'the initial page');
      deepEqual(idsOf(watched.latest()!.items), ['deal-3', 'deal-2'], 'the initial page');
      await store.put('deals', deal({ id: 'deal-6', probability: 70 }));
      await untilQueryResult(store, watched, query, 'the page after a record entered its top');
      deepEqual(
        idsOf(watched.latest()!.items),
        ['deal-6', 'deal-3'],
        'the page after a record entered its top',
      );
      await store.put('deals', deal({ id: 'deal-7', probability: 95, stageId: 'needs' }));
      await store.delete('deals', 'deal-3');
      await untilQueryResult(store, watched, query, 'the page after a delete inside it');
      deepEqual(idsOf(watched.latest()!.items), ['deal-6', 'deal-2'], 'the page after a delete inside it');
      await store.delete('deals', 'deal-1');
      await store.delete('deals', 'deal-4');
      await store.delete('deals', 'deal-6');
      await untilQueryResult(store, watched, query, 'the page once only one record matches');
      equal(watched.latest()!.nextCursor, null, 'nextCursor once every match fits');
    },
  },
  {
    name: 'second store: each store object reads what the other one wrote',
    needsSecond: true,
    async run({ store, second }) {
      const other = await second();
      const a = deal();
      await store.put('deals', a);
      deepEqual(
        await other.get('deals', a.id),
        storedForm('deals', a, 1),
        'the first store write, read by the second',
      );
      await other.put('deals', { ...a, title: '第二个连接' }, { expectedVersion: 1 });
      deepEqual(
        await store.get('deals', a.id),
        storedForm('deals', { ...a, title: '第二个连接' }, 2),
        'the second store write, read by the first',
      );
      equal(await store.count('deals'), 1, 'count through the first store');
    },
  },
  {
    name: 'watch: a write through a second store object reaches a watch on the first',
    needsSecond: true,
    async run({ store, second, watch }) {
      const other = await second();
      const query: Query<'deals'> = {};
      const watched = watch('deals', query);
      await untilQueryResult(store, watched, query, 'the initial result');
      await other.put('deals', deal({ id: 'deal-a' }));
      await untilQueryResult(store, watched, query, 'the result after a put through the second store');
      await other.transaction(['deals'], async (tx) => {
        await tx.put('deals', deal({ id: 'deal-b' }));
        await tx.delete('deals', 'deal-a');
      });
      await untilQueryResult(
        store,
        watched,
        query,
        'the result after a transaction through the second store',
      );
      const back = watch('deals', query, other);
      await store.delete('deals', 'deal-b');
      await back.until(
        (page) => page.items.length === 0,
        'a watch on the second store after a delete on the first',
      );
    },
  },
  {
    name: 'put: two store objects writing with the same expectedVersion give one success and one CONFLICT',
    needsSecond: true,
    async run({ store, second }) {
      const other = await second();
      for (const expectedVersion of [0, 1, 2]) {
        const id = 'deal-contended';
        const base = deal({ id });
        if (expectedVersion > 0) {
          await store.delete('deals', id);
          for (let v = 0; v < expectedVersion; v++) await store.put('deals', base);
        }
        const mine = { ...base, title: '第一个连接' };
        const theirs = { ...base, title: '第二个连接' };
        const outcomes = await Promise.allSettled([
          store.put('deals', mine, { expectedVersion }),
          other.put('deals', theirs, { expectedVersion }),
        ]);
        const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
        const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
        equal(won.length, 1, `successful writes with expectedVersion ${expectedVersion}`);
        assertKehuError(
          lost[0]!.reason,
          'CONFLICT',
          {},
          `the losing write with expectedVersion ${expectedVersion}`,
        );
        const winner = outcomes[0]!.status === 'fulfilled' ? mine : theirs;
        deepEqual(
          await store.get('deals', id),
          storedForm('deals', winner, expectedVersion + 1),
          `the stored record after the race at expectedVersion ${expectedVersion}`,
        );
      }
    },
  },
];
