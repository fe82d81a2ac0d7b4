/**
 * Conformance cases for `transaction`: writes across collections commit together or not at all,
 * the work function sees its own writes, and a failed transaction is invisible to everyone,
 * watches included.
 */
import type { Store } from '../../storage/contract.ts';
import { assertKehuError, deepEqual, equal, fail, ok, show } from '../assert.ts';
import type { CaseDefinition } from '../context.ts';
import { idsOf } from '../context.ts';
import { account, activity, deal, storedForm } from '../fixtures.ts';

/** A stored account, deal and activity, the state a failed transaction must leave untouched. */
async function seed(store: Store) {
  const acc = account({ id: 'acc-1' });
  const kept = deal({ id: 'deal-1', accountId: 'acc-1' });
  const visit = activity({ id: 'act-1', accountId: 'acc-1' });
  await store.put('accounts', acc);
  await store.put('deals', kept);
  await store.put('activities', visit);
  return { acc, kept, visit };
}

async function expectSeedUntouched(store: Store, { acc, kept, visit }: Awaited<ReturnType<typeof seed>>) {
  deepEqual(await store.get('accounts', acc.id), storedForm('accounts', acc, 1), 'the account');
  deepEqual(await store.get('deals', kept.id), storedForm('deals', kept, 1), 'the deal');
  deepEqual(await store.get('activities', visit.id), storedForm('activities', visit, 1), 'the activity');
  deepEqual(idsOf((await store.query('deals')).items), [kept.id], 'every deal');
  deepEqual(idsOf((await store.query('activities')).items), [visit.id], 'every activity');
  equal(await store.count('accounts'), 1, 'count of accounts');
}

/** Runs `store.transaction` expecting it to reject, and returns what it rejected with. */
async function transactionError(store: Store, ...args: Parameters<Store['transaction']>): Promise<unknown> {
  let result: unknown;
  try {
    result = await store.transaction(...args);
  } catch (error) {
    return error;
  }
  return fail(`the transaction resolved with ${show(result)}, expected it to reject`);
}

export const transactionCases: CaseDefinition[] = [
  {
    name: 'transaction: commits writes across several collections together and returns the work result',
    async run({ store }) {
      const acc = account();
      const newDeal = deal({ accountId: acc.id });
      const visit = activity({ accountId: acc.id, dealId: newDeal.id });
      const result = await store.transaction(['accounts', 'deals', 'activities'], async (tx) => {
        await tx.put('accounts', acc, { expectedVersion: 0 });
        await tx.put('deals', newDeal, { expectedVersion: 0 });
        await tx.put('activities', visit);
        return { done: '完成' };
      });
      deepEqual(result, { done: '完成' }, 'the transaction result');
      deepEqual(await store.get('accounts', acc.id), storedForm('accounts', acc, 1), 'the account');
      deepEqual(await store.get('deals', newDeal.id), storedForm('deals', newDeal, 1), 'the deal');
      deepEqual(await store.get('activities', visit.id), storedForm('activities', visit, 1), 'the activity');
    },
  },
  {
    name: "transaction: reads inside see the transaction's own writes",
    async run({ store }) {
      const { kept, visit } = await seed(store);
      const added = deal({ stageId: 'needs' });
      await store.transaction(['deals', 'activities'], async (tx) => {
        deepEqual(await tx.put('deals', added), storedForm('deals', added, 1), 'put result inside');
        deepEqual(await tx.get('deals', added.id), storedForm('deals', added, 1), 'get inside after put');
        const moved = { ...kept, stageId: 'needs' };
        equal(
          (await tx.put('deals', moved, { expectedVersion: 1 })).version,
          2,
          'version of an update inside',
        );
        equal(
          (await tx.put('deals', moved, { expectedVersion: 2 })).version,
          3,
          'version of a second update inside',
        );
        deepEqual(
          idsOf((await tx.query('deals', { where: { stageId: 'needs' } })).items),
          [kept.id, added.id].sort(),
          'query inside',
        );
        equal(await tx.count('deals', { stageId: 'needs' }), 2, 'count inside');
        deepEqual(
          idsOf(await tx.getMany('deals', [added.id, kept.id])),
          [added.id, kept.id],
          'getMany inside',
        );
        equal(await tx.delete('activities', visit.id), true, 'delete inside');
        equal(await tx.get('activities', visit.id), undefined, 'get inside after delete');
        equal(await tx.count('activities'), 0, 'count inside after delete');
        await tx.bulkPut('activities', [activity({ id: 'act-bulk' })]);
        equal((await tx.get('activities', 'act-bulk'))?.version, 1, 'get inside after bulkPut');
      });
      equal((await store.get('deals', kept.id))?.version, 3, 'the updated deal after commit');
      equal(await store.get('activities', visit.id), undefined, 'the deleted activity after commit');
    },
  },
  {
    name: 'transaction: a transaction that throws halfway leaves no partial write and rethrows that error',
    async run({ store }) {
      const seeded = await seed(store);
      const thrown = new Error('work failed halfway');
      const error = await transactionError(store, ['accounts', 'deals', 'activities'], async (tx) => {
        await tx.put('accounts', { ...seeded.acc, name: '改名' }, { expectedVersion: 1 });
        await tx.put('deals', deal({ id: 'deal-new' }));
        await tx.delete('activities', seeded.visit.id);
        await tx.bulkPut('activities', [activity({ id: 'act-new' })]);
        await tx.put('deals', { ...seeded.kept, stageId: 'won' });
        throw thrown;
      });
      ok(
        error === thrown,
        `the transaction rethrows the very error thrown by the work function, got ${show(error)}`,
      );
      await expectSeedUntouched(store, seeded);
      equal(await store.get('deals', 'deal-new'), undefined, 'the deal created in the failed transaction');
      // The store is still usable, and the failed transaction left no version behind.
      equal(
        (await store.put('accounts', seeded.acc, { expectedVersion: 1 })).version,
        2,
        'a write after the failure',
      );
    },
  },
  {
    name: 'transaction: a CONFLICT inside the transaction rolls back its earlier writes',
    async run({ store }) {
      const seeded = await seed(store);
      const error = await transactionError(store, ['accounts', 'deals'], async (tx) => {
        await tx.put('accounts', { ...seeded.acc, name: '改名' }, { expectedVersion: 1 });
        await tx.put('deals', deal({ id: 'deal-new' }), { expectedVersion: 0 });
        await tx.put('deals', { ...seeded.kept, stageId: 'won' }, { expectedVersion: 5 });
      });
      assertKehuError(
        error,
        'CONFLICT',
        { details: { expectedVersion: 5, actualVersion: 1 } },
        'the transaction error',
      );
      await expectSeedUntouched(store, seeded);
      equal(await store.get('deals', 'deal-new'), undefined, 'the deal created in the failed transaction');
    },
  },
  {
    name: 'transaction: an invalid entity inside the transaction rolls back its earlier writes',
    async run({ store }) {
      const seeded = await seed(store);
      const error = await transactionError(store, ['accounts', 'deals'], async (tx) => {
        await tx.delete('deals', seeded.kept.id);
        await tx.put('accounts', { ...seeded.acc, name: '改名' });
        await tx.put('deals', deal({ id: 'deal-bad', title: '' }));
      });
      assertKehuError(error, 'VALIDATION', { paths: [['title']] }, 'the transaction error');
      await expectSeedUntouched(store, seeded);
    },
  },
  {
    name: 'transaction: touching a collection outside its scope gives STORAGE and keeps nothing',
    async run({ store }) {
      const error = await transactionError(store, ['deals'], async (tx) => {
        await tx.put('deals', deal({ id: 'deal-in-scope' }));
        await tx.put('accounts', account({ id: 'acc-out-of-scope' }));
      });
      assertKehuError(error, 'STORAGE', {}, 'the transaction error');
      equal(await store.get('deals', 'deal-in-scope'), undefined, 'the deal written before the scope error');
      equal(await store.get('accounts', 'acc-out-of-scope'), undefined, 'the account outside the scope');
    },
  },
  {
    name: 'transaction: a failed transaction never reaches a watch',
    async run({ store, watch, settle }) {
      const seeded = await seed(store);
      const watched = watch('deals', {});
      await watched.until((page) => page.items.length === 1, 'the initial result');
      await transactionError(store, ['deals'], async (tx) => {
        await tx.put('deals', deal({ id: 'deal-ghost' }));
        await tx.delete('deals', seeded.kept.id);
        throw new Error('abandon');
      });
      // A committed write after the failed one: once the watch shows it, anything the failed
      // transaction could have caused has been delivered too.
      await store.put('deals', deal({ id: 'deal-sentinel' }));
      await watched.until(
        (page) => idsOf(page.items).includes('deal-sentinel'),
        'the result with the write committed after the failed transaction',
      );
      await settle();
      const ghostly = watched.pages.filter((page) => {
        const ids = idsOf(page.items);
        return ids.includes('deal-ghost') || !ids.includes(seeded.kept.id);
      });
      deepEqual(
        ghostly.map((page) => idsOf(page.items)),
        [],
        'delivered results showing the failed transaction',
      );
      deepEqual(idsOf(watched.latest()!.items), [seeded.kept.id, 'deal-sentinel'], 'the latest result');
    },
  },
];
