/**
 * Conformance cases for `query` and `count`: conditions, ordering, limits and keyset cursors. The
 * expected answers are spelled out by hand rather than computed with `runQuery`, so the suite also
 * catches a bug in the shared query helpers.
 */

import type { EntityOf } from '../../model/collections.ts';
import type { Page, Query, Store, Where } from '../../storage/contract.ts';
import { deepEqual, equal, fail, ok, show } from '../assert.ts';
import type { CaseDefinition } from '../context.ts';
import { idsOf } from '../context.ts';
import { account, contact, deal } from '../fixtures.ts';

const at = (day: number) => `2026-01-${String(day).padStart(2, '0')}T08:00:00.000Z`;

/**
 * Seven deals covering every kind of value a condition meets: present, missing (d03 has no owner
 * and no close date, d06 no probability), tied (two `alpha` titles, two probabilities of 10).
 */
async function seedDeals(store: Store): Promise<void> {
  const deals = [
    deal({ id: 'd05', stageId: 'won', status: 'won', ownerId: 'u3', probability: 100 }),
    deal({ id: 'd01', stageId: 'qualify', ownerId: 'u1', probability: 10, expectedCloseDate: '2026-03-01' }),
    deal({
      id: 'd07',
      stageId: 'lost',
      status: 'lost',
      ownerId: 'u1',
      probability: 0,
      expectedCloseDate: '2026-03-01',
    }),
    deal({ id: 'd03', stageId: 'qualify', probability: 10 }),
    deal({ id: 'd02', stageId: 'needs', ownerId: 'u2', probability: 25, expectedCloseDate: '2026-02-15' }),
    deal({ id: 'd06', stageId: 'needs', ownerId: 'u2' }),
    deal({ id: 'd04', stageId: 'proposal', ownerId: 'u1', probability: 60, expectedCloseDate: '2026-01-31' }),
  ];
  const titles: Record<string, string> = {
    d01: 'alpha',
    d02: 'beta',
    d03: 'gamma',
    d04: 'alpha',
    d05: 'delta',
    d06: 'epsilon',
    d07: 'zeta',
  };
  for (const d of deals) {
    const day = Number(d.id.slice(1));
    d.title = titles[d.id]!;
    d.updatedAt = at(day);
    if (d.id === 'd05') d.expectedCloseDate = '2026-01-20';
  }
  // Written out of id order so that an id-ordered result proves sorting, not insertion order.
  for (const d of deals) await store.put('deals', d);
}

/** Asserts which deals (by id, in order) a query returns, and that it is a single, last page. */
async function expectDeals(store: Store, query: Query<'deals'>, expected: string[]): Promise<void> {
  const page = await store.query('deals', query);
  deepEqual(idsOf(page.items), expected, `ids for query ${show(query)}`);
  equal(page.nextCursor, null, `nextCursor for query ${show(query)}`);
}

/** Follows `nextCursor` to the end and returns every page; fails rather than loop forever. */
async function allPages(store: Store, query: Query<'deals'>): Promise<EntityOf<'deals'>[][]> {
  const pages: EntityOf<'deals'>[][] = [];
  let cursor: string | null = null;
  do {
    const page: Page<EntityOf<'deals'>> = await store.query('deals', { ...query, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
    if (pages.length > 1000) fail(`pagination of ${show(query)} did not end after 1000 pages`);
  } while (cursor !== null);
  return pages;
}

export const queryCases: CaseDefinition[] = [
  {
    name: 'query: equality on an indexed field',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { stageId: 'qualify' } }, ['d01', 'd03']);
      await expectDeals(store, { where: { stageId: { eq: 'needs' } } }, ['d02', 'd06']);
      await expectDeals(store, { where: { status: 'won' } }, ['d05']);
      await expectDeals(store, { where: { stageId: 'no-such-stage' } }, []);
    },
  },
  {
    name: 'query: equality on a non-indexed field',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { title: 'alpha' } }, ['d01', 'd04']);
      await expectDeals(store, { where: { probability: 10 } }, ['d01', 'd03']);
      await expectDeals(store, { where: { probability: { eq: 0 } } }, ['d07']);
      // A number never equals its string spelling.
      await expectDeals(store, { where: { probability: '10' } }, []);
    },
  },
  {
    name: 'query: in matches any of the listed values',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { stageId: { in: ['needs', 'won'] } } }, ['d02', 'd05', 'd06']);
      await expectDeals(store, { where: { probability: { in: [0, 100] } } }, ['d05', 'd07']);
      await expectDeals(store, { where: { ownerId: { in: [null, 'u3'] } } }, ['d03', 'd05']);
      await expectDeals(store, { where: { stageId: { in: [] } } }, []);
    },
  },
  {
    name: 'query: gt/gte/lt/lte on numbers',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { probability: { gt: 10 } } }, ['d02', 'd04', 'd05']);
      await expectDeals(store, { where: { probability: { gte: 10 } } }, ['d01', 'd02', 'd03', 'd04', 'd05']);
      await expectDeals(store, { where: { probability: { lt: 25 } } }, ['d01', 'd03', 'd07']);
      await expectDeals(store, { where: { probability: { lte: 25 } } }, ['d01', 'd02', 'd03', 'd07']);
      await expectDeals(store, { where: { probability: { gt: 10, lt: 100 } } }, ['d02', 'd04']);
      await expectDeals(store, { where: { probability: { gte: 0, lte: 0 } } }, ['d07']);
    },
  },
  {
    name: 'query: gt/gte/lt/lte on ISO date and timestamp strings',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { expectedCloseDate: { gte: '2026-02-01' } } }, [
        'd01',
        'd02',
        'd07',
      ]);
      await expectDeals(store, { where: { expectedCloseDate: { lt: '2026-02-01' } } }, ['d04', 'd05']);
      await expectDeals(store, { where: { expectedCloseDate: { gt: '2026-01-31', lte: '2026-02-15' } } }, [
        'd02',
      ]);
      await expectDeals(store, { where: { updatedAt: { gt: at(3), lte: at(6) } } }, ['d04', 'd05', 'd06']);
      await expectDeals(store, { where: { updatedAt: { gte: at(7) } } }, ['d07']);
      await expectDeals(store, { where: { updatedAt: { lt: at(1) } } }, []);
    },
  },
  {
    name: 'query: redundant bounds on one field all apply (gt with gte, lt with lte)',
    async run({ store }) {
      await seedDeals(store);
      // On an indexed timestamp, where an adapter is likely to answer from a range scan.
      const cases: [Where<'deals'>, string[]][] = [
        [{ updatedAt: { gte: at(5), gt: at(3) } }, ['d05', 'd06', 'd07']],
        [{ updatedAt: { gt: at(5), gte: at(3) } }, ['d06', 'd07']],
        [{ updatedAt: { lte: at(3), lt: at(5) } }, ['d01', 'd02', 'd03']],
        [{ updatedAt: { lt: at(3), lte: at(5) } }, ['d01', 'd02']],
        [{ probability: { gte: 25, gt: 10 } }, ['d02', 'd04', 'd05']],
        [{ probability: { lt: 25, lte: 60, gt: 0, gte: 10 } }, ['d01', 'd03']],
      ];
      for (const [where, expected] of cases) {
        await expectDeals(store, { where }, expected);
        equal(await store.count('deals', where), expected.length, `count for ${show(where)}`);
      }
    },
  },
  {
    name: 'query: a range bound only matches values of its own type; missing values never match a range',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { probability: { gte: '0' } } }, []);
      await expectDeals(store, { where: { title: { lt: 1_000_000 } } }, []);
      await expectDeals(store, { where: { expectedCloseDate: { gt: 0 } } }, []);
      await expectDeals(store, { where: { probability: { lt: 1000 } } }, [
        'd01',
        'd02',
        'd03',
        'd04',
        'd05',
        'd07',
      ]);
      await expectDeals(store, { where: { expectedCloseDate: { lt: '9999' } } }, [
        'd01',
        'd02',
        'd04',
        'd05',
        'd07',
      ]);
    },
  },
  {
    name: 'query: several conditions must all hold',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { stageId: 'qualify', ownerId: 'u1' } }, ['d01']);
      await expectDeals(store, { where: { ownerId: 'u1', probability: { gte: 10 } } }, ['d01', 'd04']);
      await expectDeals(store, { where: { status: 'open', expectedCloseDate: { lt: '2026-03-01' } } }, [
        'd02',
        'd04',
      ]);
      await expectDeals(store, { where: { status: 'open', ownerId: null, title: 'gamma' } }, ['d03']);
      await expectDeals(store, { where: { stageId: 'qualify', status: 'won' } }, []);
    },
  },
  {
    name: 'query: equality on an array field matches when any element equals',
    async run({ store }) {
      await store.put('accounts', account({ id: 'a1', tags: ['制造业', '华东'] }));
      await store.put('accounts', account({ id: 'a2', tags: ['华东'] }));
      await store.put('accounts', account({ id: 'a3', tags: [] }));
      await store.put('contacts', contact({ id: 'c1', emails: ['li@example.cn', 'sales@example.cn'] }));
      await store.put('contacts', contact({ id: 'c2', emails: ['sales@example.cn'] }));
      await store.put('contacts', contact({ id: 'c3', emails: [] }));
      const accounts = async (where: Where<'accounts'>) =>
        idsOf((await store.query('accounts', { where })).items);
      const contacts = async (where: Where<'contacts'>) =>
        idsOf((await store.query('contacts', { where })).items);
      deepEqual(await accounts({ tags: '华东' }), ['a1', 'a2'], 'accounts tagged 华东');
      deepEqual(await accounts({ tags: { eq: '制造业' } }), ['a1'], 'accounts tagged 制造业');
      deepEqual(
        await accounts({ tags: { in: ['制造业', '华南'] } }),
        ['a1'],
        'accounts tagged 制造业 or 华南',
      );
      deepEqual(await accounts({ tags: '华南' }), [], 'accounts tagged 华南');
      deepEqual(await contacts({ emails: 'sales@example.cn' }), ['c1', 'c2'], 'contacts with sales@');
      deepEqual(await contacts({ emails: 'li@example.cn' }), ['c1'], 'contacts with li@');
      equal(await store.count('accounts', { tags: '华东' }), 2, 'count of accounts tagged 华东');
    },
  },
  {
    name: 'query: null equality matches records where the field is missing',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, { where: { ownerId: null } }, ['d03']);
      await expectDeals(store, { where: { ownerId: { eq: null } } }, ['d03']);
      await expectDeals(store, { where: { expectedCloseDate: null } }, ['d03', 'd06']);
      await expectDeals(store, { where: { probability: null, stageId: 'needs' } }, ['d06']);
      equal(await store.count('deals', { ownerId: null }), 1, 'count of deals without owner');
    },
  },
  {
    name: 'query: orderBy ascending and descending, ties broken by id in the same direction',
    async run({ store }) {
      await seedDeals(store);
      const byTitle = ['d01', 'd04', 'd02', 'd05', 'd06', 'd03', 'd07'];
      await expectDeals(store, { orderBy: 'title' }, byTitle);
      await expectDeals(store, { orderBy: { field: 'title' } }, byTitle);
      await expectDeals(store, { orderBy: { field: 'title', direction: 'asc' } }, byTitle);
      await expectDeals(store, { orderBy: { field: 'title', direction: 'desc' } }, [...byTitle].reverse());
      await expectDeals(
        store,
        { where: { probability: { gte: 0 } }, orderBy: { field: 'probability', direction: 'desc' } },
        ['d05', 'd04', 'd02', 'd03', 'd01', 'd07'],
      );
      await expectDeals(store, { where: { ownerId: 'u1' }, orderBy: 'expectedCloseDate' }, [
        'd04',
        'd01',
        'd07',
      ]);
      await expectDeals(store, { orderBy: { field: 'id', direction: 'desc' } }, [
        'd07',
        'd06',
        'd05',
        'd04',
        'd03',
        'd02',
        'd01',
      ]);
    },
  },
  {
    name: 'query: records missing the sort field come first ascending and last descending',
    async run({ store }) {
      await seedDeals(store);
      const ascending = ['d06', 'd07', 'd01', 'd03', 'd02', 'd04', 'd05'];
      await expectDeals(store, { orderBy: 'probability' }, ascending);
      await expectDeals(
        store,
        { orderBy: { field: 'probability', direction: 'desc' } },
        [...ascending].reverse(),
      );
      await expectDeals(store, { orderBy: 'ownerId' }, ['d03', 'd01', 'd04', 'd07', 'd02', 'd06', 'd05']);
    },
  },
  {
    name: 'query: the default order is by id ascending',
    async run({ store }) {
      await seedDeals(store);
      await expectDeals(store, {}, ['d01', 'd02', 'd03', 'd04', 'd05', 'd06', 'd07']);
      deepEqual(
        idsOf((await store.query('deals')).items),
        ['d01', 'd02', 'd03', 'd04', 'd05', 'd06', 'd07'],
        'ids',
      );
    },
  },
  {
    name: 'query: limit returns the first n and a cursor only while more remain',
    async run({ store }) {
      await seedDeals(store);
      const first = await store.query('deals', { limit: 3 });
      deepEqual(idsOf(first.items), ['d01', 'd02', 'd03'], 'first page');
      ok(typeof first.nextCursor === 'string', 'the first of three pages has a nextCursor');
      const second = await store.query('deals', { limit: 3, cursor: first.nextCursor });
      deepEqual(idsOf(second.items), ['d04', 'd05', 'd06'], 'second page');
      ok(typeof second.nextCursor === 'string', 'the second of three pages has a nextCursor');
      const third = await store.query('deals', { limit: 3, cursor: second.nextCursor });
      deepEqual(idsOf(third.items), ['d07'], 'third page');
      equal(third.nextCursor, null, 'nextCursor of the last page');
      await expectDeals(store, { limit: 7 }, ['d01', 'd02', 'd03', 'd04', 'd05', 'd06', 'd07']);
      await expectDeals(store, { limit: 100 }, ['d01', 'd02', 'd03', 'd04', 'd05', 'd06', 'd07']);
      // A full page that happens to be the last one still says so.
      await expectDeals(store, { where: { ownerId: 'u1' }, limit: 3 }, ['d01', 'd04', 'd07']);
      await expectDeals(store, { cursor: null }, ['d01', 'd02', 'd03', 'd04', 'd05', 'd06', 'd07']);
    },
  },
  {
    name: 'query: an empty collection gives no items and a null cursor',
    async run({ store }) {
      deepEqual(await store.query('deals'), { items: [], nextCursor: null }, 'query of an empty collection');
      deepEqual(
        await store.query('deals', { limit: 1 }),
        { items: [], nextCursor: null },
        'page of an empty collection',
      );
      equal(await store.count('deals'), 0, 'count of an empty collection');
    },
  },
  {
    name: 'query: cursor pagination visits every match exactly once, in order',
    async run({ store }) {
      const stages = ['qualify', 'needs', 'proposal'];
      const inputs = Array.from({ length: 23 }, (_, index) =>
        deal({
          id: `deal-${String((index * 7) % 23).padStart(2, '0')}`,
          stageId: stages[index % 3]!,
          ...(index % 4 === 0 ? {} : { probability: (index % 4) * 10 }),
        }),
      );
      await store.bulkPut('deals', inputs);
      const queries: Query<'deals'>[] = [
        {},
        { orderBy: { field: 'id', direction: 'desc' } },
        { orderBy: 'probability' },
        { orderBy: { field: 'probability', direction: 'desc' } },
        { where: { stageId: { in: ['qualify', 'proposal'] } }, orderBy: 'stageId' },
        { where: { probability: { gte: 10 } }, orderBy: { field: 'stageId', direction: 'desc' } },
      ];
      for (const query of queries) {
        const expected = idsOf((await store.query('deals', query)).items);
        for (const limit of [1, 2, 5, 22, 23]) {
          const pages = await allPages(store, { ...query, limit });
          const seen = idsOf(pages.flat());
          deepEqual(seen, expected, `ids walked with limit ${limit} for ${show(query)}`);
          ok(
            pages.slice(0, -1).every((page) => page.length === limit),
            `every page but the last is full (limit ${limit}, ${show(query)}): ` +
              `sizes ${show(pages.map((p) => p.length))}`,
          );
        }
      }
    },
  },
  {
    name: 'query: cursor pagination stays stable while records are inserted before and after the cursor',
    async run({ store }) {
      // Sorted by a field with ties, so the cursor has to use the id tie-break too.
      const original = Array.from({ length: 12 }, (_, index) =>
        deal({ id: `p${String(index).padStart(2, '0')}`, position: `b${Math.floor(index / 2)}` }),
      );
      await store.bulkPut('deals', original);
      const query: Query<'deals'> = { orderBy: 'position', limit: 3 };
      const key = (d: { position: string; id: string }) => `${d.position}\u0000${d.id}`;
      const seen: EntityOf<'deals'>[] = [];
      const insertedAfter = new Set<string>();
      const insertedBefore = new Set<string>();
      let cursor: string | null = null;
      for (let round = 0; round < 20; round++) {
        const page: Page<EntityOf<'deals'>> = await store.query('deals', { ...query, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor;
        if (cursor === null) break;
        const last = page.items[page.items.length - 1]!;
        // Same position as the cursor record, so only the id decides the side: `!` sorts before
        // every character of our ids, and an id extended by a suffix sorts after the id itself.
        const tag = String(round).padStart(2, '0');
        const before = deal({ id: `${last.id.slice(0, -1)}!${tag}`, position: last.position });
        const after = deal({ id: `${last.id}+${tag}`, position: last.position });
        const farBefore = deal({ id: `early-${tag}`, position: 'a' });
        const farAfter = deal({ id: `late-${tag}`, position: 'z' });
        ok(
          key(before) < key(last) &&
            key(farBefore) < key(last) &&
            key(after) > key(last) &&
            key(farAfter) > key(last),
          `the records inserted in round ${round} straddle the cursor at ${last.id}`,
        );
        await store.put('deals', before);
        await store.put('deals', farBefore);
        await store.put('deals', after);
        await store.put('deals', farAfter);
        insertedBefore.add(before.id).add(farBefore.id);
        insertedAfter.add(after.id).add(farAfter.id);
      }
      equal(cursor, null, 'pagination ended');
      const ids = seen.map((d) => d.id);
      const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
      deepEqual(duplicates, [], 'records seen twice');
      deepEqual(
        original.map((d) => d.id).filter((id) => !ids.includes(id)),
        [],
        'pre-existing records skipped',
      );
      deepEqual(
        [...insertedAfter].filter((id) => !ids.includes(id)),
        [],
        'records inserted after the cursor but never seen',
      );
      deepEqual(
        ids.filter((id) => insertedBefore.has(id)),
        [],
        'records inserted before the cursor but returned by a later page',
      );
      ok(
        seen.every((d, index) => index === 0 || key(seen[index - 1]!) < key(d)),
        `records come in order: ${show(ids)}`,
      );
    },
  },
  {
    name: 'query: a cursor stays valid after the record it points at is deleted',
    async run({ store }) {
      await seedDeals(store);
      const first = await store.query('deals', { limit: 3 });
      deepEqual(idsOf(first.items), ['d01', 'd02', 'd03'], 'first page');
      await store.delete('deals', 'd03');
      await store.delete('deals', 'd02');
      const second = await store.query('deals', { limit: 3, cursor: first.nextCursor });
      deepEqual(idsOf(second.items), ['d04', 'd05', 'd06'], 'page after the cursor record was deleted');
    },
  },
  {
    name: 'count: with and without where equals the number of query matches',
    async run({ store }) {
      await seedDeals(store);
      equal(await store.count('deals'), 7, 'count of every deal');
      const wheres: Where<'deals'>[] = [
        {},
        { stageId: 'needs' },
        { ownerId: null },
        { probability: { gte: 10 } },
        { status: 'open', expectedCloseDate: { lt: '2026-03-01' } },
        { stageId: { in: ['won', 'lost'] } },
        { title: 'nothing' },
      ];
      for (const where of wheres) {
        const total = (await store.query('deals', { where })).items.length;
        equal(await store.count('deals', where), total, `count for ${show(where)}`);
      }
      equal(await store.count('accounts'), 0, 'count of another, empty collection');
    },
  },
];
