/// <reference types="mocha" />
// Core in a real browser: the memory store, its indexes and watches, with no Node APIs around.
import { isKehuError } from '../index.ts';
import { createMemoryStore } from './index.ts';

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const at = '2026-11-01T00:00:00.000Z';
const deal = (n: number, stageId: string) => ({
  id: `d${n}`,
  version: 0,
  createdAt: at,
  updatedAt: at,
  title: `商机 ${n}`,
  accountId: 'a1',
  pipelineId: 'key-account',
  stageId,
  amount: { amount: n * 100, currency: 'CNY' },
  position: `a${n}`,
  stageEnteredAt: at,
});

describe('memory store in Chromium', () => {
  it('answers indexed queries and watches', async () => {
    const store = createMemoryStore();
    await store.bulkPut(
      'deals',
      Array.from({ length: 1000 }, (_, n) => deal(n, n % 2 ? 'proposal' : 'qualify')),
    );
    const page = await store.query('deals', {
      where: { stageId: 'proposal' },
      orderBy: 'position',
      limit: 2,
    });
    check(page.items.length === 2 && page.nextCursor !== null, 'first page');
    check(page.items[0]?.title === '商机 1', `Chinese text round-trips, got ${page.items[0]?.title}`);
    const seen: number[] = [];
    const stop = store.watch('deals', { where: { stageId: 'won' } }, (result) =>
      seen.push(result.items.length),
    );
    await store.put('deals', { ...deal(1, 'won'), status: 'won' }, { expectedVersion: 1 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    stop();
    check(seen.join() === '0,1', `watch saw ${seen.join()}`);
  });

  it('rejects a stale version with CONFLICT', async () => {
    const store = createMemoryStore();
    await store.put('deals', deal(1, 'qualify'), { expectedVersion: 0 });
    const error = await store.put('deals', deal(1, 'needs'), { expectedVersion: 0 }).catch((e: unknown) => e);
    check(isKehuError(error, 'CONFLICT'), 'CONFLICT expected');
    check((await store.get('deals', 'd1'))?.stageId === 'qualify', 'nothing written');
  });
});
