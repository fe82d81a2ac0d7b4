/**
 * @kehu/sample-data — deterministic, realistic bilingual (zh-CN/en) CRM data for tests, benchmarks
 * (up to 100k deals), Storybook and the demo. Same options, same data: ids are sequential,
 * timestamps are relative to `now`, every random choice comes from the seed.
 */
import { type CollectionName, type EntityInput, KehuError, type Store } from '@kehu/core';
import { finishAccounts, generateAccounts } from './generate/accounts.ts';
import { generateActivities } from './generate/activities.ts';
import { createContext, type LocaleMode } from './generate/context.ts';
import { generateDeals } from './generate/deals.ts';
import { generateLeads } from './generate/leads.ts';
import { generateLoyalty, generateOrders } from './generate/orders.ts';
import { generateCampaigns, generateOrg } from './generate/org.ts';

export interface SampleDataOptions {
  /** Any finite number; default 1. */
  seed?: number;
  /** The "today" the data is relative to (ISO string or epoch ms); default `2026-11-01T09:00:00.000Z`. */
  now?: string | number;
  /** Number of deals, which every other size follows; default 200, fine up to 100,000 and beyond. */
  deals?: number;
  /** Average activities per deal (about a tenth go to leads instead); default 2. */
  activitiesPerDeal?: number;
  /** Language of the records; `mixed` (default) is about 75 % Chinese and 25 % English. */
  locale?: LocaleMode;
}

export interface SampleData {
  pipelines: EntityInput<'pipelines'>[];
  territories: EntityInput<'territories'>[];
  teams: EntityInput<'teams'>[];
  users: EntityInput<'users'>[];
  campaigns: EntityInput<'campaigns'>[];
  accounts: EntityInput<'accounts'>[];
  contacts: EntityInput<'contacts'>[];
  leads: EntityInput<'leads'>[];
  deals: EntityInput<'deals'>[];
  activities: EntityInput<'activities'>[];
  orders: EntityInput<'orders'>[];
  members: EntityInput<'members'>[];
  loyaltyEntries: EntityInput<'loyaltyEntries'>[];
}

/**
 * The order `seedStore` writes collections in: everything a record points at is written before it
 * (teams ↔ users and leads ↔ deals point both ways; the store does not enforce references).
 */
export const sampleCollections = [
  'pipelines',
  'territories',
  'teams',
  'users',
  'campaigns',
  'accounts',
  'contacts',
  'members',
  'leads',
  'deals',
  'activities',
  'orders',
  'loyaltyEntries',
] as const satisfies readonly CollectionName[];

const DEFAULT_NOW = '2026-11-01T09:00:00.000Z';
const CHUNK = 10_000;

function invalid(field: string, message: string): KehuError {
  return new KehuError('VALIDATION', `Invalid sample-data option ${field}: ${message}`, {
    issues: [{ path: [field], message, code: 'invalid_value' }],
  });
}

function resolve(options: SampleDataOptions) {
  const { seed = 1, now = DEFAULT_NOW, deals = 200, activitiesPerDeal = 2, locale = 'mixed' } = options;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw invalid('seed', 'expected a finite number');
  const nowMs = typeof now === 'number' ? now : Date.parse(now);
  if (!Number.isFinite(nowMs)) throw invalid('now', `not a date: ${String(now)}`);
  if (!Number.isInteger(deals) || deals < 0) throw invalid('deals', 'expected a non-negative integer');
  if (
    typeof activitiesPerDeal !== 'number' ||
    !(activitiesPerDeal >= 0) ||
    !Number.isFinite(activitiesPerDeal)
  ) {
    throw invalid('activitiesPerDeal', 'expected a non-negative number');
  }
  if (locale !== 'zh-CN' && locale !== 'en' && locale !== 'mixed') {
    throw invalid('locale', "expected 'zh-CN', 'en' or 'mixed'");
  }
  return { seed, now: nowMs, deals, activitiesPerDeal, locale };
}

/** Generates a complete, internally consistent CRM data set. Pure: no I/O, no clock, no global state. */
export function generateSampleData(options: SampleDataOptions = {}): SampleData {
  const { seed, now, deals: dealCount, activitiesPerDeal, locale } = resolve(options);
  const ctx = createContext(seed, now, locale);

  const repCount = Math.min(200, Math.max(6, Math.round(dealCount / 500)));
  const accountCount = Math.max(8, Math.round(dealCount / 4));
  const leadCount = Math.round(dealCount / 2);
  const openLoad = (dealCount * 0.65 + leadCount * 0.6) / repCount;

  const org = generateOrg(ctx, repCount, openLoad);
  const { campaigns, info: campaignInfo } = generateCampaigns(ctx, dealCount);
  const { accounts, contacts, info: accountInfo } = generateAccounts(ctx, org, accountCount);
  const { deals, info: dealInfo } = generateDeals(ctx, org, accountInfo, dealCount);
  const { leads, info: leadInfo } = generateLeads(
    ctx,
    org,
    accountInfo,
    accounts,
    deals,
    dealInfo,
    campaignInfo,
    leadCount,
  );
  const activities = generateActivities(ctx, dealInfo, leadInfo, Math.round(dealCount * activitiesPerDeal));
  const { orders, byAccount } = generateOrders(ctx, accountInfo, dealInfo, Math.round(dealCount / 2));
  const { members, loyaltyEntries } = generateLoyalty(ctx, accountInfo, byAccount);
  finishAccounts(ctx, accounts, contacts, accountInfo);

  return {
    pipelines: org.pipelines,
    territories: org.territories,
    teams: org.teams,
    users: org.users,
    campaigns,
    accounts,
    contacts,
    leads,
    deals,
    activities,
    orders,
    members,
    loyaltyEntries,
  };
}

/**
 * Writes `data` into `store` with `bulkPut`, collection by collection in `sampleCollections` order,
 * in chunks of at most 10,000 records so no single transaction grows unbounded (IndexedDB).
 */
export async function seedStore(store: Store, data: SampleData): Promise<void> {
  for (const collection of sampleCollections) {
    const records = data[collection] as readonly EntityInput<typeof collection>[];
    for (let start = 0; start < records.length; start += CHUNK) {
      await store.bulkPut(collection, records.slice(start, start + CHUNK));
    }
  }
}
export * from './engines.ts';
