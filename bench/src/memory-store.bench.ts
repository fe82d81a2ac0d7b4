/**
 * Memory store: indexed queries vs `Array.prototype.filter` (+ sort) over the same deals.
 * Two shapes the product makes: every deal of one rep in one stage, and a board column's first page.
 */
import type { Deal } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import { generateSampleData } from '@kehu/sample-data';
import { compare, type Measurement } from './harness.ts';

const ids = (deals: readonly { id: string }[]) => deals.map((deal) => deal.id);

export async function memoryStoreBenchmarks(sizes: readonly number[], time?: number): Promise<Measurement[]> {
  const largest = Math.max(...sizes);
  const all = generateSampleData({ deals: largest, seed: 7 }).deals;
  const measurements: Measurement[] = [];
  for (const size of sizes) {
    const deals = all.slice(0, size) as Deal[];
    const store = createMemoryStore();
    await store.bulkPut('deals', deals);
    const stored = (await store.query('deals')).items;
    const owner = stored[0]!.ownerId!;
    const pipelineId = stored[0]!.pipelineId;

    measurements.push(
      await compare({
        name: 'memory/indexed-query',
        size,
        peer: 'Array.prototype.filter',
        time,
        ours: async () => (await store.query('deals', { where: { stageId: 'needs', ownerId: owner } })).items,
        theirs: () =>
          stored
            .filter((deal) => deal.stageId === 'needs' && deal.ownerId === owner)
            .sort((a, b) => (a.id < b.id ? -1 : 1)),
        fingerprint: ids,
      }),
    );
    measurements.push(
      await compare({
        name: 'memory/board-column-page',
        size,
        peer: 'Array.prototype.filter + sort + slice',
        time,
        ours: async () =>
          (
            await store.query('deals', {
              where: { pipelineId, stageId: 'needs' },
              orderBy: 'position',
              limit: 50,
            })
          ).items,
        theirs: () =>
          stored
            .filter((deal) => deal.pipelineId === pipelineId && deal.stageId === 'needs')
            .sort((a, b) =>
              a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : 1,
            )
            .slice(0, 50),
        fingerprint: ids,
      }),
    );
    measurements.push(
      await compare({
        name: 'memory/count',
        size,
        peer: 'Array.prototype.filter().length',
        time,
        ours: () => store.count('deals', { status: 'open', ownerId: owner }),
        theirs: () => stored.filter((deal) => deal.status === 'open' && deal.ownerId === owner).length,
      }),
    );
    await store.close();
  }
  return measurements;
}
