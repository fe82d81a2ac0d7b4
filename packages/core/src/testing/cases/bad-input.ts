/**
 * Conformance cases for input the store must refuse: unknown collections, invalid entities and
 * malformed queries all fail with `VALIDATION` naming the offending path, and write nothing.
 */

import type { CollectionName, EntityInput } from '../../model/collections.ts';
import type { Query, StoreReader, StoreWriter } from '../../storage/contract.ts';
import { assertKehuError, deepEqual, equal, ok, rejects, show } from '../assert.ts';
import type { CaseContext, CaseDefinition } from '../context.ts';
import { deal, storedForm } from '../fixtures.ts';

const unknown = 'no-such-collection' as CollectionName;
const anyDeal = () => deal() as EntityInput<CollectionName>;

/** Every reading and writing method, called on the unknown collection. */
const unknownCollectionCalls: [string, (target: StoreReader & StoreWriter) => Promise<unknown>][] = [
  ['get', (target) => target.get(unknown, 'x')],
  ['getMany', (target) => target.getMany(unknown, ['x'])],
  ['query', (target) => target.query(unknown, {})],
  ['count', (target) => target.count(unknown)],
  ['put', (target) => target.put(unknown, anyDeal())],
  ['bulkPut', (target) => target.bulkPut(unknown, [anyDeal()])],
  ['delete', (target) => target.delete(unknown, 'x')],
];

/** A watch that must fail: by throwing at once, or through its `error` handler without a result. */
async function expectWatchFailure(
  { store, waitFor }: CaseContext,
  collection: CollectionName,
  query: Query,
  path: (string | number)[],
): Promise<void> {
  const label = `watch(${show(collection)}, ${show(query)})`;
  const delivered: unknown[] = [];
  const errors: unknown[] = [];
  let unsubscribe: (() => void) | undefined;
  try {
    unsubscribe = store.watch(collection, query, {
      next: (page) => delivered.push(page),
      error: (error) => errors.push(error),
    });
  } catch (error) {
    assertKehuError(error, 'VALIDATION', { paths: [path] }, `${label}, thrown`);
    return;
  }
  try {
    await waitFor(() => errors.length > 0, `${label} to report an error through its error handler`);
    assertKehuError(errors[0], 'VALIDATION', { paths: [path] }, `${label}, reported`);
    equal(delivered.length, 0, `results delivered by ${label}`);
  } finally {
    unsubscribe();
  }
}

export const badInputCases: CaseDefinition[] = [
  ...unknownCollectionCalls.map(
    ([method, call]): CaseDefinition => ({
      name: `bad input: unknown collection in ${method} gives VALIDATION at ['collection']`,
      async run({ store }) {
        await rejects(
          () => call(store),
          'VALIDATION',
          { paths: [['collection']] },
          `${method} on an unknown collection`,
        );
      },
    }),
  ),
  {
    name: "bad input: unknown collection in watch gives VALIDATION at ['collection']",
    async run(context) {
      await expectWatchFailure(context, unknown, {}, ['collection']);
    },
  },
  {
    name: "bad input: unknown collection in transaction gives VALIDATION at ['collection'] and runs nothing",
    async run({ store }) {
      let ran = false;
      await rejects(
        () =>
          store.transaction(['deals', unknown], async () => {
            ran = true;
          }),
        'VALIDATION',
        { paths: [['collection']] },
        'a transaction over an unknown collection',
      );
      ok(!ran, 'the work function of a transaction over an unknown collection did not run');
    },
  },
  {
    name: "bad input: unknown collection inside a transaction gives VALIDATION at ['collection']",
    async run({ store }) {
      for (const [method, call] of unknownCollectionCalls) {
        await rejects(
          () => store.transaction(['deals'], (tx) => call(tx)),
          'VALIDATION',
          { paths: [['collection']] },
          `tx.${method} on an unknown collection`,
        );
      }
      equal(await store.count('deals'), 0, 'count of deals');
    },
  },
  {
    name: 'bad input: an invalid entity gives VALIDATION with the zod issue paths and writes nothing',
    async run({ store }) {
      const { title: _title, ...untitled } = deal();
      const bad = { ...untitled, amount: { amount: 100, currency: 'yuan' } } as EntityInput<'deals'>;
      await rejects(
        () => store.put('deals', bad),
        'VALIDATION',
        { paths: [['amount', 'currency'], ['title']] },
        'put of an invalid new deal',
      );
      equal(await store.get('deals', bad.id), undefined, 'the invalid new deal');
      equal(await store.count('deals'), 0, 'count of deals');
      const good = deal();
      await store.put('deals', good);
      await rejects(
        () =>
          store.put('deals', {
            ...good,
            amount: { amount: 1.5, currency: 'CNY' },
            stageEnteredAt: 'yesterday',
          }),
        'VALIDATION',
        { paths: [['amount', 'amount'], ['stageEnteredAt']] },
        'put of an invalid update to a stored deal',
      );
      await rejects(
        () => store.put('deals', { ...good, title: '' }, { expectedVersion: 1 }),
        'VALIDATION',
        { paths: [['title']] },
        'put of an invalid update with the right expectedVersion',
      );
      deepEqual(await store.get('deals', good.id), storedForm('deals', good, 1), 'the stored deal');
    },
  },
  {
    name: 'bad input: a non-object entity or one without an id gives VALIDATION and writes nothing',
    async run({ store }) {
      for (const value of [null, 'deal', 42, [deal()]]) {
        await rejects(
          () => store.put('deals', value as unknown as EntityInput<'deals'>),
          'VALIDATION',
          {},
          `put of ${show(value, 40)}`,
        );
      }
      const { id: _id, ...anonymous } = deal();
      await rejects(
        () => store.put('deals', anonymous as EntityInput<'deals'>),
        'VALIDATION',
        { paths: [['id']] },
        'put of a deal without an id',
      );
      await rejects(
        () => store.bulkPut('deals', [deal(), anonymous as EntityInput<'deals'>]),
        'VALIDATION',
        { paths: [[1, 'id']] },
        'bulkPut with a deal without an id',
      );
      equal(await store.count('deals'), 0, 'count of deals');
    },
  },
  {
    name: "bad input: query by an unknown field gives VALIDATION at ['where', field]",
    async run(context) {
      const { store } = context;
      const where = { colour: 'red' } as Query<'deals'>['where'];
      const path = ['where', 'colour'];
      await rejects(() => store.query('deals', { where }), 'VALIDATION', { paths: [path] }, 'query');
      await rejects(() => store.count('deals', where), 'VALIDATION', { paths: [path] }, 'count');
      await rejects(
        () => store.query('deals', { orderBy: 'colour' as 'title' }),
        'VALIDATION',
        { paths: [['orderBy']] },
        'query ordered by an unknown field',
      );
      await expectWatchFailure(context, 'deals', { where }, path);
    },
  },
  {
    name: 'bad input: a malformed condition gives VALIDATION under its field',
    async run({ store }) {
      const conditions = [{ like: 'x' }, { gt: { nested: 1 } }, { in: 'qualify' }, ['qualify']];
      for (const condition of conditions) {
        const where = { stageId: condition } as unknown as Query<'deals'>['where'];
        await rejects(
          () => store.query('deals', { where }),
          'VALIDATION',
          { pathPrefix: ['where', 'stageId'] },
          `query with the condition ${show(condition)}`,
        );
      }
    },
  },
  {
    name: 'bad input: a limit that is not a positive integer gives VALIDATION',
    async run({ store }) {
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        await rejects(
          () => store.query('deals', { limit }),
          'VALIDATION',
          { paths: [['limit']] },
          `query with limit ${limit}`,
        );
      }
    },
  },
  {
    name: 'bad input: a garbled or foreign cursor gives VALIDATION',
    async run({ store }) {
      await store.bulkPut('deals', [deal(), deal(), deal()]);
      const byTitle = await store.query('deals', { orderBy: 'title', limit: 1 });
      const byIdDesc = await store.query('deals', { orderBy: { field: 'id', direction: 'desc' }, limit: 1 });
      ok(byTitle.nextCursor !== null && byIdDesc.nextCursor !== null, 'the pages have cursors');
      const cursors: [string, string][] = [
        ['a garbled cursor', 'garbage'],
        ['a malformed escape', '%E0%A4%A'],
        ['a cursor of an empty list', encodeURIComponent('[]')],
        ['a cursor of another sort field', byTitle.nextCursor!],
        ['a cursor of the other direction', byIdDesc.nextCursor!],
      ];
      for (const [what, cursor] of cursors) {
        await rejects(
          () => store.query('deals', { limit: 1, cursor }),
          'VALIDATION',
          { paths: [['cursor']] },
          `query with ${what}`,
        );
      }
    },
  },
];
