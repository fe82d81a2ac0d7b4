/**
 * The one CRM this page shares: a memory store seeded with the generated sample (300 deals, seed
 * 7) and a clock stopped at the day the sample leads up to, so ages and rotting never drift.
 */
import { type Crm, createCrm, createManualClock } from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import { generateSampleData, seedStore } from '@kehu/sample-data';

export const SAMPLE_NOW = '2026-11-01T09:00:00.000Z';

export async function createSampleCrm(): Promise<Crm> {
  const store = createMemoryStore({ name: 'kehu-react-host' });
  await seedStore(store, generateSampleData({ deals: 300, seed: 7, now: SAMPLE_NOW }));
  return createCrm({ store, clock: createManualClock(SAMPLE_NOW) });
}
