/**
 * Conformance cases for single records: reads, versioned writes, optimistic concurrency, deletes
 * and bulk writes.
 */
import { deepEqual, equal, ok, rejects } from '../assert.ts';
import type { CaseDefinition } from '../context.ts';
import { idsOf } from '../context.ts';
import { account, deal, storedForm } from '../fixtures.ts';

export const recordCases: CaseDefinition[] = [
  {
    name: 'get: a missing id resolves undefined',
    async run({ store }) {
      equal(await store.get('deals', 'no-such-deal'), undefined, 'get of a missing id');
      await store.put('deals', deal({ id: 'deal-present' }));
      equal(await store.get('deals', 'no-such-deal'), undefined, 'get of a missing id next to a stored one');
      equal(
        await store.get('accounts', 'deal-present'),
        undefined,
        'get of an id stored in another collection',
      );
    },
  },
  {
    name: 'getMany: results follow the order asked, undefined for missing ids, duplicate ids allowed',
    async run({ store }) {
      const a = deal({ id: 'deal-a' });
      const b = deal({ id: 'deal-b' });
      await store.put('deals', a);
      await store.put('deals', b);
      const result = await store.getMany('deals', ['deal-b', 'missing', 'deal-a', 'deal-b']);
      deepEqual(idsOf(result), ['deal-b', undefined, 'deal-a', 'deal-b'], 'ids of getMany');
      deepEqual(result[0], storedForm('deals', b, 1), 'getMany result for deal-b');
      deepEqual(result[2], storedForm('deals', a, 1), 'getMany result for deal-a');
      deepEqual(await store.getMany('deals', []), [], 'getMany of no ids');
    },
  },
  {
    name: 'put: a new record is stored at version 1 and each later put adds 1',
    async run({ store }) {
      const input = deal();
      const first = await store.put('deals', input);
      deepEqual(first, storedForm('deals', input, 1), 'put result for a new record');
      deepEqual(await store.get('deals', input.id), first, 'get after the first put');
      const changed = { ...input, title: '华东区年度框架协议（续签）' };
      deepEqual(
        await store.put('deals', changed),
        storedForm('deals', changed, 2),
        'put result of the second put',
      );
      equal((await store.put('deals', changed)).version, 3, 'version after the third put');
      equal((await store.get('deals', input.id))?.version, 3, 'stored version after the third put');
    },
  },
  {
    name: 'put: the version field passed in is ignored, the store sets it',
    async run({ store }) {
      const input = deal({ version: 99 });
      equal((await store.put('deals', input)).version, 1, 'version of a new record written with version 99');
      equal(
        (await store.put('deals', { ...input, version: 0 })).version,
        2,
        'version after a put with version 0',
      );
      equal(
        (await store.put('deals', { ...input, version: 7 })).version,
        3,
        'version after a put with version 7',
      );
      equal((await store.get('deals', input.id))?.version, 3, 'stored version');
    },
  },
  {
    name: 'put: stored values round-trip exactly (Chinese text, nested objects, arrays, money)',
    async run({ store }) {
      const richDeal = deal({
        title: '上海浦东新区 — 智慧园区二期 「框架协议」 𠮷野家 🚀',
        amount: { amount: Number.MAX_SAFE_INTEGER, currency: 'CNY' },
        probability: 37.5,
        expectedCloseDate: '2026-12-31',
        history: [
          { from: null, to: 'qualify', at: '2026-01-05T08:00:00.000Z', by: 'user-张三' },
          { from: 'qualify', to: 'needs', at: '2026-02-01T09:30:00.000+08:00', reason: '客户确认预算' },
        ],
        products: ['ERP-标准版', 'CRM-专业版'],
        tags: ['重点客户', 'vip'],
        custom: {
          erpCode: 'K-00042',
          creditLimit: { amount: -250_000, currency: 'USD' },
          flags: [true, false, null, 0, 1.25, '', '中文'],
          nested: { deeper: { list: [[1, 2], { 键: '值' }] } },
        },
      });
      const richAccount = account({
        name: '深圳市南山区某科技有限公司',
        address: {
          country: '中国',
          province: '广东',
          city: '深圳',
          district: '南山区',
          street: '科技园南路 1 号',
        },
        tags: ['制造业', '华南'],
        score: {
          total: 82.5,
          grade: 'A',
          groups: { fit: 40, engagement: 42.5 },
          reasons: [{ ruleId: 'r1', label: '行业匹配', points: 40 }],
          at: '2026-01-05T08:00:00.000Z',
        },
      });
      const storedDeal = await store.put('deals', richDeal);
      const storedAccount = await store.put('accounts', richAccount);
      deepEqual(storedDeal, storedForm('deals', richDeal, 1), 'deal as returned by put');
      deepEqual(storedAccount, storedForm('accounts', richAccount, 1), 'account as returned by put');
      deepEqual(await store.get('deals', richDeal.id), storedDeal, 'deal as read by get');
      deepEqual(
        await store.getMany('accounts', [richAccount.id]),
        [storedAccount],
        'account as read by getMany',
      );
      deepEqual((await store.query('deals')).items, [storedDeal], 'deal as read by query');
    },
  },
  {
    name: 'put: returned and read objects are copies; mutating them or the input does not change the store',
    async run({ store }) {
      const input = deal({ tags: ['a'], custom: { nested: { n: 1 } } });
      const expected = storedForm('deals', input, 1);
      const returned = await store.put('deals', input);
      input.title = 'mutated input';
      input.amount.amount = 1;
      input.tags!.push('mutated');
      returned.title = 'mutated result';
      returned.amount.amount = 2;
      returned.tags.push('mutated');
      const fromGet = (await store.get('deals', input.id))!;
      deepEqual(fromGet, expected, 'stored deal after mutating the input and the put result');
      fromGet.amount.currency = 'USD';
      (fromGet.custom!.nested as Record<string, unknown>).n = 2;
      const [fromGetMany] = await store.getMany('deals', [input.id]);
      deepEqual(fromGetMany, expected, 'stored deal after mutating a get result');
      fromGetMany!.history.push({ from: null, to: 'x', at: '2026-01-05T08:00:00.000Z' });
      const [fromQuery] = (await store.query('deals')).items;
      deepEqual(fromQuery, expected, 'stored deal after mutating a getMany result');
      fromQuery!.stageId = 'mutated';
      deepEqual(await store.get('deals', input.id), expected, 'stored deal after mutating a query result');
    },
  },
  {
    name: 'put: expectedVersion 0 creates a new record',
    async run({ store }) {
      const input = deal();
      deepEqual(
        await store.put('deals', input, { expectedVersion: 0 }),
        storedForm('deals', input, 1),
        'put result',
      );
      equal((await store.get('deals', input.id))?.version, 1, 'stored version');
    },
  },
  {
    name: 'put: expectedVersion 0 on an existing id gives CONFLICT and writes nothing',
    async run({ store }) {
      const input = deal();
      await store.put('deals', input);
      await rejects(
        () => store.put('deals', { ...input, title: '覆盖' }, { expectedVersion: 0 }),
        'CONFLICT',
        { details: { expectedVersion: 0, actualVersion: 1 } },
        'put with expectedVersion 0 on an existing record',
      );
      deepEqual(
        await store.get('deals', input.id),
        storedForm('deals', input, 1),
        'the record after the conflict',
      );
    },
  },
  {
    name: 'put: expectedVersion matching the stored version writes version n+1',
    async run({ store }) {
      const input = deal();
      await store.put('deals', input);
      await store.put('deals', input);
      const changed = { ...input, stageId: 'needs' };
      deepEqual(
        await store.put('deals', changed, { expectedVersion: 2 }),
        storedForm('deals', changed, 3),
        'put result',
      );
      deepEqual(await store.get('deals', input.id), storedForm('deals', changed, 3), 'the stored record');
    },
  },
  {
    name: 'put: stale expectedVersion gives CONFLICT and writes nothing',
    async run({ store }) {
      const input = deal();
      await store.put('deals', input);
      await store.put('deals', input);
      const current = await store.put('deals', input);
      equal(current.version, 3, 'version before the stale write');
      const changed = { ...input, title: '过期的修改', amount: { amount: 1, currency: 'CNY' } };
      for (const expectedVersion of [2, 1, 4]) {
        await rejects(
          () => store.put('deals', changed, { expectedVersion }),
          'CONFLICT',
          { details: { expectedVersion, actualVersion: 3 } },
          `put with expectedVersion ${expectedVersion} on a record at version 3`,
        );
      }
      deepEqual(
        await store.get('deals', input.id),
        storedForm('deals', input, 3),
        'the record after the conflicts',
      );
    },
  },
  {
    name: 'put: expectedVersion above 0 on a missing record gives CONFLICT and creates nothing',
    async run({ store }) {
      const input = deal();
      await rejects(
        () => store.put('deals', input, { expectedVersion: 1 }),
        'CONFLICT',
        { details: { expectedVersion: 1, actualVersion: null } },
        'put with expectedVersion 1 on a missing record',
      );
      equal(await store.get('deals', input.id), undefined, 'the record after the conflict');
      equal(await store.count('deals'), 0, 'count after the conflict');
    },
  },
  {
    name: 'delete: resolves true when a record was removed and false when there was none',
    async run({ store }) {
      const kept = deal();
      const removed = deal();
      await store.put('deals', kept);
      await store.put('deals', removed);
      equal(await store.delete('deals', removed.id), true, 'delete of a stored record');
      equal(await store.get('deals', removed.id), undefined, 'get after delete');
      deepEqual(idsOf((await store.query('deals')).items), [kept.id], 'query after delete');
      equal(await store.count('deals'), 1, 'count after delete');
      equal(await store.delete('deals', removed.id), false, 'second delete of the same id');
      equal(await store.delete('deals', 'never-stored'), false, 'delete of an id never stored');
      equal(await store.delete('accounts', kept.id), false, 'delete of an id stored in another collection');
      equal((await store.get('deals', kept.id))?.version, 1, 'the other record');
    },
  },
  {
    name: 'delete: a deleted id can be created again with expectedVersion 0, at version 1',
    async run({ store }) {
      const input = deal();
      await store.put('deals', input);
      await store.put('deals', input);
      await store.delete('deals', input.id);
      const again = { ...input, title: '重新创建' };
      deepEqual(
        await store.put('deals', again, { expectedVersion: 0 }),
        storedForm('deals', again, 1),
        'put result',
      );
    },
  },
  {
    name: 'delete: matching expectedVersion removes the record',
    async run({ store }) {
      const input = deal();
      await store.put('deals', input);
      await store.put('deals', input);
      equal(await store.delete('deals', input.id, { expectedVersion: 2 }), true, 'delete result');
      equal(await store.get('deals', input.id), undefined, 'get after delete');
    },
  },
  {
    name: 'delete: stale expectedVersion gives CONFLICT and keeps the record',
    async run({ store }) {
      const input = deal();
      await store.put('deals', input);
      await store.put('deals', input);
      await rejects(
        () => store.delete('deals', input.id, { expectedVersion: 1 }),
        'CONFLICT',
        { details: { expectedVersion: 1, actualVersion: 2 } },
        'delete with a stale expectedVersion',
      );
      deepEqual(
        await store.get('deals', input.id),
        storedForm('deals', input, 2),
        'the record after the conflict',
      );
    },
  },
  {
    name: 'bulkPut: writes every record at version 1',
    async run({ store }) {
      const inputs = [deal({ id: 'deal-2' }), deal({ id: 'deal-1', version: 5 }), deal({ id: 'deal-3' })];
      const result = await store.bulkPut('deals', inputs);
      equal(result, undefined, 'bulkPut result');
      deepEqual(
        await store.getMany('deals', ['deal-1', 'deal-2', 'deal-3']),
        [
          storedForm('deals', inputs[1]!, 1),
          storedForm('deals', inputs[0]!, 1),
          storedForm('deals', inputs[2]!, 1),
        ],
        'the stored records',
      );
    },
  },
  {
    name: 'bulkPut: overwrites existing records and bumps their versions',
    async run({ store }) {
      const existing = deal();
      await store.put('deals', existing);
      await store.put('deals', existing);
      const updated = { ...existing, stageId: 'proposal', version: 0 };
      const added = deal();
      await store.bulkPut('deals', [updated, added]);
      deepEqual(
        await store.getMany('deals', [existing.id, added.id]),
        [storedForm('deals', updated, 3), storedForm('deals', added, 1)],
        'the stored records',
      );
    },
  },
  {
    name: 'bulkPut: one invalid entity gives VALIDATION under its index and writes nothing',
    async run({ store }) {
      const existing = deal();
      await store.put('deals', existing);
      for (const badIndex of [0, 1, 2]) {
        const batch = [
          { ...existing, title: '批量修改' },
          deal({ id: `new-a-${badIndex}` }),
          deal({ id: `new-b-${badIndex}` }),
        ];
        batch[badIndex] = { ...batch[badIndex]!, amount: { amount: 100, currency: 'yuan' } };
        const error = await rejects(
          () => store.bulkPut('deals', batch),
          'VALIDATION',
          { paths: [[badIndex, 'amount', 'currency']], pathPrefix: [badIndex] },
          `bulkPut with an invalid entity at index ${badIndex}`,
        );
        ok(error.issues.length > 0, 'the error names the invalid field');
        deepEqual(
          await store.get('deals', existing.id),
          storedForm('deals', existing, 1),
          `the existing record after the failed bulkPut (bad index ${badIndex})`,
        );
        equal(await store.count('deals'), 1, `count after the failed bulkPut (bad index ${badIndex})`);
      }
    },
  },
  {
    name: 'bulkPut: an empty list writes nothing and resolves',
    async run({ store }) {
      equal(await store.bulkPut('deals', []), undefined, 'bulkPut result');
      equal(await store.count('deals'), 0, 'count');
    },
  },
  {
    name: 'bulkPut: 2,000 records in one call are all stored',
    async run({ store }) {
      const inputs = Array.from({ length: 2000 }, (_, index) =>
        deal({ id: `bulk-${String(index).padStart(4, '0')}`, position: `a${index}` }),
      );
      await store.bulkPut('deals', inputs);
      equal(await store.count('deals'), 2000, 'count');
      const all = await store.query('deals');
      equal(all.items.length, 2000, 'number of records returned by query');
      equal(all.nextCursor, null, 'nextCursor of a query without limit');
      deepEqual(
        idsOf(all.items),
        inputs.map((input) => input.id),
        'ids in default order',
      );
      deepEqual(all.items[1999], storedForm('deals', inputs[1999]!, 1), 'the last record');
      await store.bulkPut('deals', inputs);
      ok(
        (await store.getMany('deals', ['bulk-0000', 'bulk-1000', 'bulk-1999'])).every(
          (d) => d?.version === 2,
        ),
        'every record is at version 2 after a second bulkPut',
      );
    },
  },
];
