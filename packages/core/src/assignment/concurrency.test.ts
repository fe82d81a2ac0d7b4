/**
 * Captures racing for the same team: on one facade, and on two facades over one database (two
 * tabs). The capture transaction reads and writes the cycle and the loads, and the store runs such
 * transactions one at a time, so no turn is handed out twice and no capacity is exceeded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AssignmentDefinitionInput,
  assignmentEngine,
  type Crm,
  conflict,
  createCrm,
  createManualClock,
  createSeededRandom,
  createSequentialIds,
  isKehuError,
  retryOnConflict,
  type Store,
} from '../index.ts';
import { createMemoryDatabase, createMemoryStore, type MemoryStore } from '../memory/index.ts';

const NOW = '2026-11-23T02:00:00.000Z';
const lead = { source: 'web_form' as const, name: '客户', region: '江苏' };
const rule = (strategy: AssignmentDefinitionInput['defaultStrategy']) => ({
  rules: [
    {
      id: 'all',
      name: 'All',
      priority: 1,
      when: { field: 'source', op: 'exists' as const },
      to: { teamId: 't' },
      strategy,
    },
  ],
});

function user(id: string, capacity?: number) {
  return {
    id,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    name: id,
    teamId: 't',
    ...(capacity === undefined ? {} : { capacity }),
  };
}

function facade(store: Store, definition: AssignmentDefinitionInput, name: string, seed = 1): Crm {
  return createCrm({
    store,
    clock: createManualClock(NOW),
    ids: createSequentialIds(`${name}-`),
    random: createSeededRandom(seed),
    engines: { assignment: assignmentEngine(definition) },
  });
}

async function seeded(size: number, capacity?: number): Promise<MemoryStore> {
  const store = createMemoryStore();
  await store.bulkPut(
    'users',
    Array.from({ length: size }, (_, i) => user(`u${i}`, capacity)),
  );
  return store;
}

const tally = (owners: (string | undefined)[]) => {
  const counts = new Map<string, number>();
  for (const owner of owners) if (owner) counts.set(owner, (counts.get(owner) ?? 0) + 1);
  return counts;
};

describe('racing captures', () => {
  it('on one store hand out every round-robin turn exactly once', async () => {
    const store = await seeded(4);
    const crm = facade(store, rule({ kind: 'round-robin' }), 'a');
    const leads = await Promise.all(Array.from({ length: 8 }, () => crm.leads.capture(lead)));
    expect([...tally(leads.map((l) => l.ownerId)).values()]).toEqual([2, 2, 2, 2]);
    expect((await store.get('assignmentStates', 'pool:t'))?.sequence).toBe(8);
  });

  it('from two tabs on one database never exceed a capacity nor repeat a turn', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom('round-robin' as const, 'least-loaded' as const),
        fc.integer(),
        async (size, capacity, count, kind, seed) => {
          const database = createMemoryDatabase();
          const first = createMemoryStore({ database });
          await first.bulkPut(
            'users',
            Array.from({ length: size }, (_, i) => user(`u${i}`, capacity)),
          );
          const second = createMemoryStore({ database });
          const tabs = [
            facade(first, rule({ kind }), 'tab1', seed),
            facade(second, rule({ kind }), 'tab2', seed),
          ];
          const leads = await Promise.all(
            Array.from({ length: count }, (_, i) => tabs[i % 2]!.leads.capture(lead)),
          );
          const counts = tally(leads.map((l) => l.ownerId));
          for (const taken of counts.values()) expect(taken).toBeLessThanOrEqual(capacity);
          // Nobody was turned away while someone still had room.
          const assigned = leads.filter((l) => l.ownerId).length;
          expect(assigned).toBe(Math.min(count, size * capacity));
          if (kind === 'round-robin') {
            const values = [...counts.values()];
            expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
            expect(counts.size).toBe(Math.min(size, count));
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

/**
 * A store that checks versions optimistically, the way a remote adapter might: the first write of
 * assignment state loses a race it cannot see coming and fails with `CONFLICT`.
 */
function losingOnce(store: MemoryStore): Store & { lost: number } {
  const wrapped = {
    ...store,
    lost: 0,
    transaction: ((scope, work) =>
      store.transaction(scope, (tx) =>
        work({
          ...tx,
          get: tx.get.bind(tx),
          getMany: tx.getMany.bind(tx),
          query: tx.query.bind(tx),
          count: tx.count.bind(tx),
          bulkPut: tx.bulkPut.bind(tx),
          delete: tx.delete.bind(tx),
          put: async (collection, entity, options) => {
            if (collection === 'assignmentStates' && wrapped.lost === 0) {
              wrapped.lost += 1;
              throw conflict(
                'assignmentStates',
                (entity as { id: string }).id,
                options?.expectedVersion ?? 0,
                1,
              );
            }
            return tx.put(collection, entity, options);
          },
        }),
      )) as Store['transaction'],
  };
  return wrapped;
}

describe('retryOnConflict', () => {
  it('re-runs the whole capture after a lost race on assignment state, saving one lead', async () => {
    const store = await seeded(2);
    const racy = losingOnce(store);
    const crm = facade(racy, rule({ kind: 'round-robin' }), 'r');
    const captured = await retryOnConflict(() => crm.leads.capture(lead));
    expect(racy.lost).toBe(1);
    expect(await store.count('leads')).toBe(1);
    expect(captured.ownerId).toBeDefined();
    expect((await store.get('assignmentStates', 'pool:t'))?.sequence).toBe(1);
  });

  it('passes other errors straight through, and gives up after the attempts', async () => {
    let calls = 0;
    const stale = () => {
      calls++;
      return Promise.reject(conflict('assignmentStates', 'pool:t', 1, 2));
    };
    await expect(retryOnConflict(stale, { attempts: 2 })).rejects.toSatisfy((e) =>
      isKehuError(e, 'CONFLICT'),
    );
    expect(calls).toBe(2);
    calls = 0;
    const duplicate = () => {
      calls++;
      return Promise.reject(conflict('leads', 'l1', 0, 1));
    };
    await expect(retryOnConflict(duplicate)).rejects.toSatisfy((e) => isKehuError(e, 'CONFLICT'));
    expect(calls).toBe(1);
  });
});
