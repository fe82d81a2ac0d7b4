import {
  type CollectionName,
  collectionNames,
  collections,
  isKehuError,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
  type Store,
} from '@kehu/core';
import { createMemoryStore } from '@kehu/core/memory';
import { describe, expect, it } from 'vitest';
import { generateSampleData, type SampleData, sampleCollections, seedStore } from './index.ts';

const NOW = '2026-11-01T09:00:00.000Z';
const nowMs = Date.parse(NOW);
const data = generateSampleData({ deals: 500 });

const stages = keyAccountPipeline.stages;
const stageIndex = new Map(stages.map((stage, i) => [stage.id, i]));
const stageById = new Map(stages.map((stage) => [stage.id, stage]));
const byId = <T extends { id: string }>(records: readonly T[]) => new Map(records.map((r) => [r.id, r]));
const CHINESE = /[\u4e00-\u9fff]/;

describe('generateSampleData', () => {
  it('is deterministic: the same options give deep-equal data, another seed different data', () => {
    const options = { deals: 300, seed: 42 };
    const base = generateSampleData(options);
    expect(generateSampleData(options)).toEqual(base);
    const other = generateSampleData({ ...options, seed: 43 });
    expect(other.accounts.map((a) => a.name)).not.toEqual(base.accounts.map((a) => a.name));
    expect(other.deals.map((d) => d.amount)).not.toEqual(base.deals.map((d) => d.amount));
    // Each step draws from its own stream: asking for more activities changes nothing else.
    const busier = generateSampleData({ ...options, activitiesPerDeal: 5 });
    expect(busier.activities).toHaveLength(1_500);
    expect(busier.deals).toEqual(base.deals);
    expect(busier.leads).toEqual(base.leads);
    expect(busier.orders).toEqual(base.orders);
  });

  it('derives every timestamp from `now`, never the wall clock', () => {
    const later = generateSampleData({ deals: 50, now: nowMs + 86_400_000 });
    const shift = (iso: string) => new Date(Date.parse(iso) - 86_400_000).toISOString();
    const base = generateSampleData({ deals: 50, now: NOW });
    expect(later.deals.map((d) => shift(d.createdAt))).toEqual(base.deals.map((d) => d.createdAt));
  });

  it('produces records that parse with their collection schema, each at version 0', () => {
    // The domain collections; engine-owned state (assignment counters, audit log) is not sample data.
    expect([...sampleCollections].sort()).toEqual(
      [
        'accounts',
        'activities',
        'campaigns',
        'contacts',
        'deals',
        'leads',
        'loyaltyEntries',
        'members',
        'orders',
        'pipelines',
        'teams',
        'territories',
        'users',
      ].sort(),
    );
    for (const name of sampleCollections) expect(collectionNames).toContain(name);
    for (const name of sampleCollections) expect(data[name].length, name).toBeGreaterThan(0);
    expectValidRecords(data);
  });

  it('also parses in the zh-CN and en locales, in the right language', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const set = generateSampleData({ deals: 120, locale, seed: 5 });
      for (const name of sampleCollections) {
        for (const record of set[name]) expect(collections[name].schema.safeParse(record).success).toBe(true);
      }
      const chinese = set.accounts.filter((a) => CHINESE.test(a.name)).length;
      expect(chinese).toBe(locale === 'zh-CN' ? set.accounts.length : 0);
    }
  });

  it('keeps its invariants for other seeds, sizes, locales and dates', () => {
    const variants = [
      { deals: 1 },
      { deals: 7, seed: 3, locale: 'en' as const },
      { deals: 33, seed: -8.5, activitiesPerDeal: 0.5, locale: 'zh-CN' as const },
      { deals: 1_500, seed: 99, activitiesPerDeal: 5, now: '2024-02-29T23:30:00+08:00' },
      { deals: 400, seed: 2026, now: Date.UTC(2030, 0, 1) },
    ];
    for (const options of variants) {
      const set = generateSampleData(options);
      const now = options.now === undefined ? nowMs : new Date(options.now).getTime();
      expect(set.deals).toHaveLength(options.deals);
      expectValidRecords(set);
      expectIntactReferences(set);
      expectConsistentDeals(set, now);
      expectOrderedColumns(set);
      expectConsistentOrders(set, now);
      for (const name of sampleCollections) {
        for (const record of set[name] as readonly { createdAt: string; updatedAt: string }[]) {
          expect(Date.parse(record.createdAt)).toBeLessThanOrEqual(now);
          expect(Date.parse(record.updatedAt)).toBeGreaterThanOrEqual(Date.parse(record.createdAt));
          expect(Date.parse(record.updatedAt)).toBeLessThanOrEqual(now);
        }
      }
    }
  });

  it('keeps every reference pointing at an existing record', () => {
    expectIntactReferences(data);
  });

  it('gives every deal a stage history a real deal could have, ending where it is now', () => {
    expectConsistentDeals(data, nowMs);
  });

  it('spreads deals over all seven stages like a funnel, about 20 % won and 15 % lost', () => {
    const counts = new Map<string, number>();
    for (const deal of data.deals) counts.set(deal.stageId, (counts.get(deal.stageId) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(stages.map((s) => s.id).sort());
    expect(counts.get('won')! / data.deals.length).toBeCloseTo(0.2, 2);
    expect(counts.get('lost')! / data.deals.length).toBeCloseTo(0.15, 2);
    expect(counts.get('qualify')!).toBeGreaterThan(counts.get('needs')!);
    expect(counts.get('needs')!).toBeGreaterThan(counts.get('contract')!);
    const amounts = data.deals.filter((d) => d.amount.currency === 'CNY').map((d) => d.amount.amount);
    expect(Math.min(...amounts)).toBeGreaterThanOrEqual(500_000);
    expect(Math.max(...amounts)).toBeLessThanOrEqual(200_000_000);
    expect(data.deals.some((d) => d.amount.currency === 'USD')).toBe(true);
  });

  it('orders each board column by position: most recently entered first', () => {
    expectOrderedColumns(data);
  });

  it('keeps orders, members and points consistent', () => {
    expectConsistentOrders(data, nowMs);
    expect(data.loyaltyEntries.some((e) => e.kind === 'redeem')).toBe(true);
    // Some customers buy again and again, which is what RFM segments need.
    const perAccount = new Map<string, number>();
    for (const order of data.orders)
      perAccount.set(order.accountId!, (perAccount.get(order.accountId!) ?? 0) + 1);
    expect(Math.max(...perAccount.values())).toBeGreaterThanOrEqual(4);
    const households = data.accounts.filter((a) => a.kind === 'person');
    const memberAccounts = new Set(data.members.map((m) => m.accountId));
    const share = households.filter((a) => memberAccounts.has(a.id)).length / households.length;
    expect(share).toBeGreaterThan(0.25);
    expect(share).toBeLessThan(0.55);
  });

  it('staffs teams of about eight reps with a manager, some on leave today and one departed', () => {
    const reps = data.users.filter((u) => u.role === 'rep');
    expect(reps).toHaveLength(6);
    const today = NOW.slice(0, 10);
    expect(reps.some((u) => (u.leaves ?? []).some((l) => l.from <= today && today <= l.to))).toBe(true);
    expect(data.users.filter((u) => u.status === 'departed')).toHaveLength(1);
    for (const team of data.teams.filter((t) => t.parentId)) {
      expect(data.users.find((u) => u.id === team.leaderId)!.role).toBe('manager');
    }
    expect(data.territories.map((t) => t.name['zh-CN'])).toEqual(['华东', '华南', '华北', '西南', '海外']);
    const big = generateSampleData({ deals: 40_000, activitiesPerDeal: 0 });
    const bigReps = big.users.filter((u) => u.role === 'rep');
    expect(bigReps).toHaveLength(80);
    expect(big.teams.filter((t) => t.parentId)).toHaveLength(10);
  });

  it('looks like Chinese and English CRM data', () => {
    const chineseAccounts = data.accounts.filter((a) => CHINESE.test(a.name)).length / data.accounts.length;
    expect(chineseAccounts).toBeGreaterThan(0.65);
    expect(chineseAccounts).toBeLessThan(0.85);
    const chineseContacts = data.contacts.filter((c) => CHINESE.test(c.name));
    expect(chineseContacts.every((c) => /^[A-Z][a-z]+ [A-Z][a-z']+$/.test(c.nameLatin ?? ''))).toBe(true);
    const mobiles = data.contacts.flatMap((c) => c.phones ?? []).filter((p) => p.startsWith('+861'));
    expect(mobiles.length).toBeGreaterThan(0);
    for (const phone of mobiles) expect(phone).toMatch(/^\+861[3-9]\d{9}$/);
    expect(data.accounts.some((a) => /^\+86 \d{2,3} \d{3,4} \d{4}$/.test(a.phone ?? ''))).toBe(true);
    const names = data.accounts.map((a) => a.name);
    expect(names.some((n) => n.endsWith('有限公司'))).toBe(true);
    expect(names.some((n) => /Co\., Ltd\.$|GmbH$|Inc\.$/.test(n))).toBe(true);
    const sources = new Set(data.leads.map((l) => l.source));
    expect(sources.size).toBeGreaterThanOrEqual(8);
    expect(new Set(data.leads.map((l) => l.status)).size).toBe(6);
    expect(new Set(data.activities.map((a) => a.type)).size).toBe(6);
    const due = data.activities.filter((a) => !a.done && a.dueAt);
    expect(due.some((a) => Date.parse(a.dueAt!) > nowMs)).toBe(true);
    expect(due.some((a) => Date.parse(a.dueAt!) < nowMs)).toBe(true);
    expect(data.campaigns.length).toBeGreaterThanOrEqual(6);
    expect(data.campaigns.length).toBeLessThanOrEqual(20);
  });

  it('scales every collection from the number of deals', () => {
    const big = generateSampleData({ deals: 10_000 });
    expect(big.deals).toHaveLength(10_000);
    expect(big.accounts).toHaveLength(2_500);
    expect(big.leads).toHaveLength(5_000);
    expect(big.activities).toHaveLength(20_000);
    expect(big.orders).toHaveLength(5_000);
    expect(big.users.filter((u) => u.role === 'rep')).toHaveLength(20);
    expect(big.contacts.length).toBeGreaterThanOrEqual(2_500);
    expect(big.contacts.length).toBeLessThanOrEqual(7_500);
    // Heavy tails, but no single account or rep swallows the data set.
    const most = (ids: (string | undefined)[]) => {
      const counts = new Map<string | undefined, number>();
      for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
      return Math.max(...counts.values());
    };
    expect(most(big.deals.map((d) => d.accountId))).toBeLessThan(100);
    expect(most(big.orders.map((o) => o.accountId))).toBeLessThan(50);
    expect(most(big.deals.map((d) => d.ownerId))).toBeLessThan((10_000 / 20) * 2);
    const tiny = generateSampleData({ deals: 0 });
    expect(tiny.accounts).toHaveLength(8);
    expect(tiny.deals).toHaveLength(0);
  });

  it('rejects invalid options with a VALIDATION error', () => {
    expect(() => generateSampleData({ deals: -1 })).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
    expect(() => generateSampleData({ now: 'yesterday' })).toThrow(
      expect.objectContaining({ code: 'VALIDATION' }),
    );
    try {
      generateSampleData({ deals: 1.5 });
    } catch (error) {
      expect(isKehuError(error, 'VALIDATION')).toBe(true);
    }
  });
});

describe('seedStore', () => {
  it('writes every collection into a store', async () => {
    const store = createMemoryStore();
    await seedStore(store, data);
    for (const name of sampleCollections) {
      expect(await store.count(name), name).toBe(data[name].length);
    }
    const deal = data.deals[0]!;
    expect((await store.get('deals', deal.id))?.position).toBe(deal.position);
    await store.close();
  });

  it('writes in dependency order, in chunks of at most 10,000', async () => {
    const calls: { collection: CollectionName; size: number }[] = [];
    const recorder = {
      bulkPut: async (collection: CollectionName, records: readonly unknown[]) => {
        calls.push({ collection, size: records.length });
      },
    } as unknown as Store;
    const sizes = { deals: 25_000 } as unknown as Record<CollectionName, number>;
    const fake = Object.fromEntries(
      sampleCollections.map((name) => [
        name,
        Array.from({ length: sizes[name] ?? 3 }, (_, i) => ({ id: `${i}` })),
      ]),
    ) as unknown as SampleData;
    await seedStore(recorder, fake);
    expect(calls.every((call) => call.size <= 10_000)).toBe(true);
    expect(calls.filter((call) => call.collection === 'deals').map((call) => call.size)).toEqual([
      10_000, 10_000, 5_000,
    ]);
    expect([...new Set(calls.map((call) => call.collection))]).toEqual([...sampleCollections]);
  });
});

function expectValidRecords(set: SampleData) {
  for (const name of sampleCollections) {
    const records = set[name] as readonly Record<string, unknown>[];
    const failures = records
      .map((record) => ({ id: record.id, result: collections[name].schema.safeParse(record) }))
      .filter(({ result }) => !result.success)
      .slice(0, 3)
      .map(({ id, result }) => `${name}/${String(id)}: ${JSON.stringify(result.error?.issues)}`);
    expect(failures).toEqual([]);
    expect(records.every((record) => record.version === 0)).toBe(true);
    expect(new Set(records.map((record) => record.id)).size, `${name} ids are unique`).toBe(records.length);
  }
}

function expectIntactReferences(data: SampleData) {
  const users = byId(data.users);
  const teams = byId(data.teams);
  const territories = byId(data.territories);
  const accounts = byId(data.accounts);
  const contacts = byId(data.contacts);
  const leads = byId(data.leads);
  const deals = byId(data.deals);
  const campaigns = byId(data.campaigns);
  const orders = byId(data.orders);
  const members = byId(data.members);
  const pipelines = byId(data.pipelines);
  const has = (map: Map<string, unknown>, id: string | undefined, what: string) => {
    if (id !== undefined) expect(map.has(id), `${what} ${id}`).toBe(true);
  };

  for (const user of data.users) {
    has(teams, user.teamId, 'user.teamId');
    has(users, user.managerId, 'user.managerId');
    for (const id of user.territoryIds ?? []) has(territories, id, 'user.territoryIds');
  }
  for (const team of data.teams) {
    has(users, team.leaderId, 'team.leaderId');
    has(teams, team.parentId, 'team.parentId');
    has(territories, team.territoryId, 'team.territoryId');
  }
  const regions = new Map(data.territories.flatMap((t) => (t.regions ?? []).map((r) => [r, t.id] as const)));
  for (const account of data.accounts) {
    has(users, account.ownerId, 'account.ownerId');
    has(teams, account.teamId, 'account.teamId');
    has(territories, account.territoryId, 'account.territoryId');
    // The region is one the account's territory covers.
    expect(regions.get(account.region!)).toBe(account.territoryId);
  }
  for (const contact of data.contacts) {
    has(accounts, contact.accountId, 'contact.accountId');
    has(users, contact.ownerId, 'contact.ownerId');
  }
  for (const deal of data.deals) {
    has(accounts, deal.accountId, 'deal.accountId');
    has(contacts, deal.contactId, 'deal.contactId');
    if (deal.contactId) expect(contacts.get(deal.contactId)!.accountId).toBe(deal.accountId);
    has(pipelines, deal.pipelineId, 'deal.pipelineId');
    expect(stageById.has(deal.stageId)).toBe(true);
    has(users, deal.ownerId, 'deal.ownerId');
    has(teams, deal.teamId, 'deal.teamId');
    has(territories, deal.territoryId, 'deal.territoryId');
    has(campaigns, deal.campaignId, 'deal.campaignId');
    has(leads, deal.leadId, 'deal.leadId');
    if (deal.leadId) expect(leads.get(deal.leadId)!.converted?.dealId).toBe(deal.id);
  }
  for (const lead of data.leads) {
    has(campaigns, lead.campaignId, 'lead.campaignId');
    has(users, lead.ownerId, 'lead.ownerId');
    has(teams, lead.teamId, 'lead.teamId');
    has(accounts, lead.accountId, 'lead.accountId');
    if (lead.converted) {
      has(accounts, lead.converted.accountId, 'lead.converted.accountId');
      has(contacts, lead.converted.contactId, 'lead.converted.contactId');
      has(deals, lead.converted.dealId, 'lead.converted.dealId');
      expect(deals.get(lead.converted.dealId!)!.leadId).toBe(lead.id);
    }
    const targets = { contacts, accounts, leads } as const;
    for (const link of lead.duplicates ?? []) has(targets[link.collection], link.id, 'lead.duplicates');
  }
  for (const activity of data.activities) {
    has(accounts, activity.accountId, 'activity.accountId');
    has(contacts, activity.contactId, 'activity.contactId');
    has(deals, activity.dealId, 'activity.dealId');
    has(leads, activity.leadId, 'activity.leadId');
    has(users, activity.ownerId, 'activity.ownerId');
    expect(activity.dealId ?? activity.leadId).toBeDefined();
  }
  for (const order of data.orders) {
    has(accounts, order.accountId, 'order.accountId');
    has(contacts, order.contactId, 'order.contactId');
    has(members, order.memberId, 'order.memberId');
    has(deals, order.dealId, 'order.dealId');
  }
  for (const member of data.members) {
    has(accounts, member.accountId, 'member.accountId');
    has(contacts, member.contactId, 'member.contactId');
  }
  for (const entry of data.loyaltyEntries) {
    has(members, entry.memberId, 'loyaltyEntry.memberId');
    if (entry.kind === 'earn') has(orders, entry.sourceId, 'loyaltyEntry.sourceId');
  }
}

function expectConsistentDeals(data: SampleData, nowMs: number) {
  for (const deal of data.deals) {
    expect(deal.pipelineId).toBe(KEY_ACCOUNT_PIPELINE_ID);
    const history = deal.history!;
    const stage = stageById.get(deal.stageId)!;
    expect(history[0]).toMatchObject({ from: null, to: stages[0]!.id });
    expect(deal.createdAt).toBe(history[0]!.at);
    for (let k = 1; k < history.length; k++) {
      const entry = history[k]!;
      expect(entry.from).toBe(history[k - 1]!.to);
      // Forward only: closing stages come after every open one in the pipeline.
      expect(stageIndex.get(entry.to)!).toBeGreaterThan(stageIndex.get(entry.from!)!);
      expect(Date.parse(entry.at)).toBeGreaterThan(Date.parse(history[k - 1]!.at));
    }
    const last = history[history.length - 1]!;
    expect(last.to).toBe(deal.stageId);
    expect(deal.stageEnteredAt).toBe(last.at);
    expect(Date.parse(last.at)).toBeLessThan(nowMs);
    expect(deal.status).toBe(stage.outcome ?? 'open');
    if (stage.outcome === 'open' || stage.outcome === undefined) {
      expect(deal.expectedCloseDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(deal.closedAt).toBeUndefined();
    } else {
      expect(deal.closedAt).toBe(last.at);
      expect(stage.outcome === 'won' ? deal.wonReason : deal.lostReason).toBeTruthy();
    }
    // Every stage the deal entered had its required fields filled.
    for (const entry of history) {
      for (const field of stageById.get(entry.to)!.requiredFields ?? []) {
        expect(deal[field as keyof typeof deal], `${deal.id} ${entry.to} requires ${field}`).toBeDefined();
      }
    }
  }
}

function expectOrderedColumns(data: SampleData) {
  const columns = new Map<string, typeof data.deals>();
  for (const deal of data.deals) {
    const key = `${deal.pipelineId}/${deal.stageId}`;
    columns.set(key, [...(columns.get(key) ?? []), deal]);
  }
  for (const column of columns.values()) {
    const byPosition = [...column].sort((a, b) =>
      a.position < b.position ? -1 : a.position > b.position ? 1 : 0,
    );
    const intended = [...column].sort(
      (a, b) => Date.parse(b.stageEnteredAt) - Date.parse(a.stageEnteredAt) || (a.id < b.id ? -1 : 1),
    );
    expect(byPosition.map((d) => d.id)).toEqual(intended.map((d) => d.id));
    expect(new Set(column.map((d) => d.position)).size).toBe(column.length);
  }
}

function expectConsistentOrders(data: SampleData, nowMs: number) {
  const orders = byId(data.orders);
  const deals = byId(data.deals);
  for (const order of data.orders) {
    const sum = order.items!.reduce((total, item) => total + item.quantity * item.unitPrice.amount, 0);
    expect(sum).toBe(order.amount.amount);
    if (order.dealId) {
      const deal = deals.get(order.dealId)!;
      expect(deal.status).toBe('won');
      expect(order.amount).toEqual(deal.amount);
      expect(Date.parse(order.orderedAt)).toBeGreaterThan(Date.parse(deal.closedAt!));
    }
    expect(Date.parse(order.orderedAt)).toBeLessThan(nowMs);
  }
  const earnedFor = new Set<string>();
  const balance = new Map<string, number>();
  for (const entry of data.loyaltyEntries) {
    balance.set(entry.memberId, (balance.get(entry.memberId) ?? 0) + entry.points);
    expect(balance.get(entry.memberId)!, `${entry.memberId} never goes negative`).toBeGreaterThanOrEqual(0);
    if (entry.kind !== 'earn') continue;
    const order = orders.get(entry.sourceId)!;
    expect(order.memberId).toBe(entry.memberId);
    expect(entry.points).toBe(Math.floor(order.amount.amount / 100));
    const expires = new Date(entry.at);
    expires.setUTCFullYear(expires.getUTCFullYear() + 1);
    expect(entry.expiresAt).toBe(expires.toISOString());
    expect(earnedFor.has(entry.sourceId), 'one earn per order').toBe(false);
    earnedFor.add(entry.sourceId);
  }
}
