/**
 * CRMs for stories and their test: generated sample data in a memory store, plus stores that
 * never answer (loading state) or always fail (error state).
 */
import {
  type Crm,
  createCrm,
  createManualClock,
  KehuError,
  type LoyaltyProgramInput,
  loyaltyEngine,
  type Store,
} from '@kehu/core';
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

/**
 * The membership programme the sample data's cards are written for: a point per ¥1, points lapse
 * after a year, tiers by points earned over a year (the ids the generator assigns), and a diamond
 * tier above them so the best cards still have somewhere to go.
 */
export const sampleLoyaltyProgram: LoyaltyProgramInput = {
  id: 'qingyuan-rewards',
  label: { 'zh-CN': '清源会员', en: 'Qingyuan Rewards' },
  currency: 'CNY',
  earning: { spend: { points: 1, per: 100 } },
  expiry: { days: 365 },
  tiers: [
    { id: 'regular', label: { 'zh-CN': '普通会员', en: 'Member' }, threshold: 0 },
    { id: 'silver', label: { 'zh-CN': '银卡会员', en: 'Silver' }, threshold: 1_000 },
    { id: 'gold', label: { 'zh-CN': '金卡会员', en: 'Gold' }, threshold: 5_000 },
    { id: 'platinum', label: { 'zh-CN': '白金会员', en: 'Platinum' }, threshold: 20_000 },
    { id: 'diamond', label: { 'zh-CN': '钻石会员', en: 'Diamond' }, threshold: 4_000_000 },
  ],
};

/**
 * The account the customer-card stories show: open deals in several stages, paid orders, done,
 * upcoming and overdue activities, and a platinum card with points lapsing within 90 days.
 */
export const STORY_CUSTOMER_ID = 'acc-000031';

let customerCrmPromise: Promise<Crm> | undefined;

/**
 * A CRM over the 300-deal sample with the loyalty programme plugged in, the customer base analysed
 * (RFM segment and value grade), and a lead score with its reasons on the story account.
 */
export function customerCrm(): Promise<Crm> {
  customerCrmPromise ??= (async () => {
    const store = createMemoryStore({ name: 'story-customer' });
    await seedStore(store, generateSampleData({ deals: 300, seed: 1, now: STORY_NOW }));
    const crm = createCrm({
      store,
      clock: createManualClock(STORY_NOW),
      engines: { loyalty: loyaltyEngine(sampleLoyaltyProgram) },
    });
    await crm.customers.analyze();
    const account = await crm.accounts.require(STORY_CUSTOMER_ID);
    await crm.accounts.update(
      account.id,
      {
        score: {
          total: 82,
          grade: 'A',
          reasons: [
            { ruleId: 'industry', label: '物流行业 / Logistics', points: 30 },
            { ruleId: 'size', label: '员工 500+ / 500+ staff', points: 25 },
            { ruleId: 'engagement', label: '近 30 天 3 次拜访 / 3 visits in 30 days', points: 27 },
          ],
          at: STORY_NOW,
        },
      },
      { expectedVersion: account.version },
    );
    return crm;
  })();
  return customerCrmPromise;
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
