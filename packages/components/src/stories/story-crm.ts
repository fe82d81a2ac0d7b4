/**
 * CRMs for stories and their test: generated sample data in a memory store, plus stores that
 * never answer (loading state) or always fail (error state).
 */
import { type Crm, createCrm, createManualClock, KehuError, type Store } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import { generateSampleData, seedStore } from '@kehu/sample-data';

export const STORY_NOW = '2026-11-01T09:00:00.000Z';

const cache = new Map<string, Promise<Crm>>();

/** A CRM over `deals` generated deals (cached per size, so switching stories is instant). */
export function sampleCrm(deals: number, seed = 1): Promise<Crm> {
  const key = `${deals}:${seed}`;
  let crm = cache.get(key);
  if (!crm) {
    crm = (async () => {
      const store = createMemoryStore({ name: `story-${key}` });
      await seedStore(store, generateSampleData({ deals, seed, now: STORY_NOW }));
      return createCrm({ store, clock: createManualClock(STORY_NOW) });
    })();
    cache.set(key, crm);
  }
  return crm;
}

/** A CRM with the pipeline but no deals. */
export async function emptyCrm(): Promise<Crm> {
  const store = createMemoryStore({ name: 'story-empty' });
  const data = generateSampleData({ deals: 0 });
  await seedStore(store, { ...data, deals: [], activities: [], orders: [], loyaltyEntries: [] });
  return createCrm({ store, clock: createManualClock(STORY_NOW) });
}

function storeWith(read: () => Promise<never>): Store {
  const base = createMemoryStore();
  return {
    ...base,
    get: read,
    getMany: read,
    query: read,
    count: read,
    watch: () => () => undefined,
  };
}

/** A CRM whose store never answers: the loading state. */
export function pendingCrm(): Crm {
  return createCrm({ store: storeWith(() => new Promise<never>(() => undefined)) });
}

/** A CRM whose store always fails: the error state. */
export function failingCrm(): Crm {
  return createCrm({
    store: storeWith(() =>
      Promise.reject(new KehuError('STORAGE', 'IndexedDB is unavailable in this window')),
    ),
  });
}
