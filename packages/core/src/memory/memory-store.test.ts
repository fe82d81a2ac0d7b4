import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Deal, normalizeQuery, type Query, runQuery } from '../index.ts';
import { createMemoryDatabase, createMemoryStore } from './index.ts';

const stages = ['qualify', 'needs', 'proposal', 'won', 'lost'] as const;
const owners = ['u1', 'u2', 'u3', undefined] as const;
const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day)).toISOString();

function deal(n: number, stage: number, owner: number, amount: number, position: string, tags: string[]) {
  return {
    id: `d${String(n).padStart(4, '0')}`,
    version: 0,
    createdAt: at(n % 300),
    updatedAt: at(n % 300),
    title: `Deal ${n}`,
    accountId: `a${n % 7}`,
    pipelineId: n % 5 === 0 ? 'other' : 'key-account',
    stageId: stages[stage % stages.length]!,
    status: 'open' as const,
    amount: { amount, currency: 'CNY' },
    ownerId: owners[owner % owners.length],
    position,
    stageEnteredAt: at(n % 300),
    tags,
  };
}

const dealArb = fc.record({
  stage: fc.nat(10),
  owner: fc.nat(10),
  amount: fc.integer({ min: 0, max: 1_000 }),
  position: fc.constantFrom('a0', 'a1', 'a2', 'b0', 'Zz'),
  tags: fc.subarray(['vip', 'east', 'new']),
});

const conditionArb = fc.oneof(
  fc.record({ stageId: fc.constantFrom(...stages) }),
  fc.record({ stageId: fc.record({ in: fc.subarray([...stages], { minLength: 1 }) }) }),
  fc.record({ ownerId: fc.constantFrom('u1', 'u2', null) }),
  fc.record({ pipelineId: fc.constantFrom('key-account', 'other'), stageId: fc.constantFrom(...stages) }),
  fc.record({ tags: fc.constantFrom('vip', 'east') }),
  fc.record({ createdAt: fc.record({ gte: fc.constant(at(30)), lt: fc.constant(at(200)) }) }),
  fc.record({ title: fc.constantFrom('Deal 1', 'Deal 7') }),
  fc.constant({}),
);

const queryArb = fc.record(
  {
    where: conditionArb,
    orderBy: fc.oneof(
      fc.constantFrom('id', 'position', 'createdAt', 'title', 'stageId'),
      fc.record({
        field: fc.constantFrom('position', 'createdAt', 'id'),
        direction: fc.constantFrom('asc', 'desc'),
      }),
    ),
    limit: fc.integer({ min: 1, max: 40 }),
  },
  { requiredKeys: ['where'] },
) as fc.Arbitrary<Query<'deals'>>;

describe('memory store indexes', () => {
  it('answers every query, page by page, exactly as a full scan does', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(dealArb, { minLength: 0, maxLength: 120 }),
        fc.array(fc.tuple(fc.nat(119), dealArb), { maxLength: 15 }),
        queryArb,
        async (initial, edits, query) => {
          const store = createMemoryStore();
          await store.bulkPut(
            'deals',
            initial.map((d, n) => deal(n, d.stage, d.owner, d.amount, d.position, d.tags)),
          );
          // Single writes after a bulk load exercise the incremental sorted-index path.
          await store.query('deals', { orderBy: 'position', limit: 1 });
          await store.query('deals', { orderBy: 'createdAt', limit: 1 });
          for (const [n, d] of edits) {
            await store.put('deals', deal(n, d.stage, d.owner, d.amount, d.position, d.tags));
          }
          const all = (await store.query('deals')).items as Deal[];
          const reference = runQuery(all, normalizeQuery('deals', { ...query }));
          expect(reference.items.length).toBeLessThanOrEqual(query.limit ?? Infinity);

          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const page: { items: Deal[]; nextCursor: string | null } = await store.query('deals', {
              ...query,
              cursor,
            });
            seen.push(...page.items.map((item) => item.id));
            cursor = page.nextCursor;
          } while (cursor);
          const expected = runQuery(all, normalizeQuery('deals', { ...query, limit: undefined })).items.map(
            (item) => item.id,
          );
          expect(seen).toEqual(expected);
          expect(await store.count('deals', query.where)).toBe(expected.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('scales: an indexed lookup in 100k deals returns the right page', async () => {
    const store = createMemoryStore();
    const deals = Array.from({ length: 100_000 }, (_, n) =>
      deal(n, n % 5, n % 4, n, `a${String(n).padStart(6, '0')}`, []),
    );
    await store.bulkPut('deals', deals);
    const page = await store.query('deals', {
      where: { pipelineId: 'key-account', stageId: 'proposal' },
      orderBy: 'position',
      limit: 3,
    });
    expect(page.items.map((item) => item.id)).toEqual(['d0002', 'd0007', 'd0012']);
    expect(await store.count('deals', { pipelineId: 'key-account', stageId: 'proposal' })).toBe(20_000);
  });

  it('lets two store objects share one database like two connections', async () => {
    const database = createMemoryDatabase();
    const first = createMemoryStore({ database });
    const second = createMemoryStore({ database });
    const pages: number[] = [];
    const stop = first.watch('deals', {}, (page) => pages.push(page.items.length));
    await second.put('deals', deal(1, 0, 0, 10, 'a0', []), { expectedVersion: 0 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(pages).toEqual([0, 1]);
    stop();
    await expect(
      first.put('deals', deal(1, 0, 0, 11, 'a0', []), { expectedVersion: 0 }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('refuses collections outside a transaction scope and use after close', async () => {
    const store = createMemoryStore();
    await expect(
      store.transaction(['deals'], (tx) => tx.put('accounts', { id: 'x' } as never)),
    ).rejects.toMatchObject({ code: 'STORAGE' });
    await store.close();
    await expect(store.get('deals', 'x')).rejects.toMatchObject({ code: 'STORAGE' });
  });
});
