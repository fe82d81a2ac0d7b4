/**
 * Loyalty through the facade: orders earning and raising the tier in their own transaction,
 * promotions and multipliers, redemption that never overdraws, FIFO expiry runs, tier reviews,
 * status, and the engine's refusal of malformed programmes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  type AnyEvent,
  type Crm,
  type CrmEvents,
  createCrm,
  createManualClock,
  createSequentialIds,
  defineLoyaltyProgram,
  isKehuError,
  type LoyaltyProgramInput,
  type LoyaltyService,
  loyaltyEngine,
  type Member,
  type Store,
  type StoreTransaction,
} from '../index.ts';
import { createMemoryDatabase, createMemoryStore, type MemoryStore } from '../memory/index.ts';
import { kehuRejection } from '../testing/index.ts';

const START = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
const cny = (yuan: number) => ({ amount: Math.round(yuan * 100), currency: 'CNY' });

const teaHouseProgram: LoyaltyProgramInput = {
  id: 'tea-club',
  label: { 'zh-CN': '茶友会', en: 'Tea club' },
  currency: 'CNY',
  earning: {
    spend: { points: 1, per: 100 },
    order: { points: 10, minAmount: 5_000 },
    actions: { referral: { points: 200 }, review: { points: 20, tierMultiplier: true } },
  },
  promotions: [
    {
      id: 'double-11',
      label: '双十一',
      from: '2026-11-11T00:00:00+08:00',
      to: '2026-11-12T00:00:00+08:00',
      multiplier: 2,
      channels: ['online'],
    },
    { id: 'spring', label: '春茶节', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', bonus: 50 },
  ],
  tiers: [
    { id: 'silver', label: { 'zh-CN': '银卡', en: 'Silver' }, threshold: 0 },
    { id: 'gold', label: { 'zh-CN': '金卡', en: 'Gold' }, threshold: 1_000, retain: 800, multiplier: 1.5 },
    { id: 'platinum', label: { 'zh-CN': '白金卡', en: 'Platinum' }, threshold: 5_000, multiplier: 2 },
  ],
  qualification: { metric: 'points', windowDays: 365 },
  expiry: { days: 365 },
  rewards: [{ id: 'tea-set', label: '茶具一套', cost: 500 }],
};

let store: MemoryStore;
let clock: ReturnType<typeof createManualClock>;
let events: AnyEvent<CrmEvents>[];
let crm: Crm;
let loyalty: LoyaltyService;

function setup(program: LoyaltyProgramInput = teaHouseProgram, wrap?: (store: Store) => Store): Crm {
  store = createMemoryStore();
  clock = createManualClock(START);
  crm = createCrm({
    store: wrap ? wrap(store) : store,
    clock,
    ids: createSequentialIds('id'),
    engines: { loyalty: loyaltyEngine(program) },
  });
  loyalty = crm.loyalty!;
  events = [];
  crm.events.subscribeAll((event) => events.push(event));
  return crm;
}

async function addMember(id: string, fields: Partial<Member> = {}): Promise<Member> {
  return store.put(
    'members',
    {
      id,
      version: 0,
      createdAt: START,
      updatedAt: START,
      cardNo: `NO-${id}`,
      joinedAt: START,
      contactId: 'c-walk-in',
      ...fields,
    },
    { expectedVersion: 0 },
  );
}

const types = () => events.map((event) => event.type);
const entries = async () => (await store.query('loyaltyEntries', { orderBy: 'at' })).items;

describe('orders.record with the loyalty engine', () => {
  beforeEach(async () => {
    setup();
    await crm.accounts.create({ id: 'acc-1', name: '西湖茶社', kind: 'company', lifecycle: 'customer' });
    await addMember('m-1', { accountId: 'acc-1' });
    events.length = 0;
  });

  it('earns points and raises the tier in the order transaction, announcing both after commit', async () => {
    const order = await crm.orders.record({
      id: 'o-1',
      memberId: 'm-1',
      amount: cny(1_200),
      channel: 'store',
    });
    const [entry] = await entries();
    expect(entry).toMatchObject({
      id: 'earn:m-1:o-1',
      kind: 'earn',
      points: 1_200 + 10 + 50,
      sourceId: 'o-1',
      at: START,
      expiresAt: new Date(Date.parse(START) + 365 * DAY).toISOString(),
    });
    const member = await store.get('members', 'm-1');
    expect(member).toMatchObject({ tierId: 'gold', version: 2 });
    expect(types()).toEqual(['points.earned', 'tier.changed', 'order.recorded']);
    const earned = events[0]!.payload as CrmEvents['points.earned'];
    expect(earned).toMatchObject({ balance: 1_260, order });
    expect(earned.lines.map((line) => [line.rule, line.points])).toEqual([
      ['spend', 1_200],
      ['order', 10],
      ['promotion:spring', 50],
    ]);
    expect(events[1]!.payload).toMatchObject({
      from: undefined,
      to: 'gold',
      direction: 'up',
      qualifying: 1_260,
    });
  });

  it('starts a new member at the base tier and applies the tier multiplier from the next order', async () => {
    clock.set('2026-05-01T00:00:00Z');
    await crm.orders.record({ memberId: 'm-1', amount: cny(20) });
    expect((await store.get('members', 'm-1'))?.tierId).toBe('silver');
    await crm.orders.record({ memberId: 'm-1', amount: cny(990) });
    expect((await store.get('members', 'm-1'))?.tierId).toBe('gold');
    await crm.orders.record({ id: 'o-gold', memberId: 'm-1', amount: cny(100) });
    expect((await store.get('loyaltyEntries', 'earn:m-1:o-gold'))?.points).toBe(Math.floor((100 + 10) * 1.5));
  });

  it('shows each card’s standing and the account’s health in the 360 view', async () => {
    await crm.orders.record({ memberId: 'm-1', amount: cny(1_200) });
    const view = await crm.customers.view360('acc-1');
    expect(view.loyalty).toMatchObject([
      {
        member: { id: 'm-1', tierId: 'gold' },
        balance: 1_260,
        qualifying: 1_260,
        next: { id: 'platinum' },
        needed: 3_740,
      },
    ]);
    expect(view.health.components.map((component) => [component.component, component.points])).toEqual([
      ['activity', 0],
      ['tasks', 20],
      ['orders', 30],
      ['deals', 0],
    ]);
    expect(view.health.components[2]!.reason).toBe(
      'New revenue: CNY 1200.00 in the last 90 days vs CNY 0.00 in the 90 before',
    );
  });

  it('earns on the account member when the order names only the account', async () => {
    await addMember('m-2', { accountId: 'acc-1', joinedAt: '2026-03-03T00:00:00Z' });
    await crm.orders.record({ id: 'o-acc', accountId: 'acc-1', amount: cny(60) });
    expect(await store.get('loyaltyEntries', 'earn:m-1:o-acc')).toMatchObject({
      memberId: 'm-1',
      points: 120,
    });
  });

  it('earns nothing for refunded orders, foreign currencies and frozen cards', async () => {
    await addMember('m-frozen', { status: 'frozen' });
    await crm.orders.record({ memberId: 'm-1', amount: cny(500), status: 'refunded' });
    await crm.orders.record({ memberId: 'm-1', amount: { amount: 50_000, currency: 'USD' } });
    await crm.orders.record({ memberId: 'm-frozen', amount: cny(500) });
    expect(await entries()).toEqual([]);
    expect(types()).toEqual(['order.recorded', 'order.recorded', 'order.recorded']);
  });

  it('keeps nothing — order, points, tier — when the loyalty step fails', async () => {
    // A store whose transactions refuse to write member cards: the tier upgrade fails last.
    setup(teaHouseProgram, (base) => ({
      ...base,
      transaction: (scope, work) => base.transaction(scope, (tx) => work(refusing(tx, 'members'))),
    }));
    await crm.accounts.create({ id: 'acc-1', name: '西湖茶社', kind: 'company' });
    await addMember('m-1', { accountId: 'acc-1' });
    const account = await store.get('accounts', 'acc-1');
    events.length = 0;
    await expect(crm.orders.record({ memberId: 'm-1', amount: cny(2_000) })).rejects.toThrow('disk full');
    expect(await store.count('orders')).toBe(0);
    expect(await store.count('loyaltyEntries')).toBe(0);
    expect((await store.get('members', 'm-1'))?.tierId).toBeUndefined();
    expect(await store.get('accounts', 'acc-1')).toEqual(account);
    expect(events).toEqual([]);
  });
});

function refusing(tx: StoreTransaction, collection: string): StoreTransaction {
  return {
    get: (c, id) => tx.get(c, id),
    getMany: (c, ids) => tx.getMany(c, ids),
    query: (c, q) => tx.query(c, q),
    count: (c, w) => tx.count(c, w),
    put: (c, entity, options) =>
      c === collection ? Promise.reject(new Error('disk full')) : tx.put(c, entity, options),
    bulkPut: (c, entities) => tx.bulkPut(c, entities),
    delete: (c, id, options) => tx.delete(c, id, options),
  };
}

describe('promotions and multipliers', () => {
  beforeEach(async () => {
    setup();
    await addMember('m-1');
    clock.set('2026-11-11T10:00:00+08:00');
  });

  it('doubles online orders during 双十一 but not store orders the same day', async () => {
    await crm.orders.record({ id: 'web', memberId: 'm-1', amount: cny(100), channel: 'online' });
    await crm.orders.record({ id: 'shop', memberId: 'm-1', amount: cny(100), channel: 'store' });
    expect((await store.get('loyaltyEntries', 'earn:m-1:web'))?.points).toBe(220);
    expect((await store.get('loyaltyEntries', 'earn:m-1:shop'))?.points).toBe(110);
  });

  it('judges a promotion by when the order was placed, not when it was recorded', async () => {
    clock.set('2026-11-13T10:00:00+08:00');
    await crm.orders.record({
      id: 'late',
      memberId: 'm-1',
      amount: cny(100),
      channel: 'online',
      orderedAt: '2026-11-11T23:59:00+08:00',
    });
    expect((await store.get('loyaltyEntries', 'earn:m-1:late'))?.points).toBe(220);
  });

  it('multiplies reviews by the tier but not referrals, and explains both', async () => {
    await store.put('members', { ...(await store.get('members', 'm-1'))!, tierId: 'platinum' });
    const review = await loyalty.earnForAction('m-1', { action: 'review', sourceId: 'rev-1' });
    expect(review.earning).toEqual({
      points: 40,
      lines: [
        { rule: 'action:review', points: 20, reason: 'review' },
        { rule: 'tier:platinum', points: 20, reason: 'Platinum tier ×2 on 20 base points' },
      ],
    });
    const referral = await loyalty.earnForAction('m-1', { action: 'referral', sourceId: 'ref-1' });
    expect(referral.earning.points).toBe(200);
    expect(referral.balance).toBe(240);
  });

  it('refuses an action the programme does not reward, naming the field', async () => {
    const error = await kehuRejection(loyalty.earnForAction('m-1', { action: 'tweet', sourceId: 't-1' }));
    expect(error).toMatchObject({ code: 'VALIDATION', fields: ['action'] });
    expect(await entries()).toEqual([]);
  });
});

describe('crm.loyalty.earnForAction', () => {
  beforeEach(async () => {
    setup();
    await addMember('m-1');
  });

  it('earns once per source: a retry returns the first entry and writes nothing', async () => {
    const first = await loyalty.earnForAction('m-1', { action: 'referral', sourceId: 'ref-9' });
    events.length = 0;
    const again = await loyalty.earnForAction('m-1', { action: 'referral', sourceId: 'ref-9' });
    expect(again).toMatchObject({ duplicate: true, entry: first.entry, balance: 200 });
    expect(await store.count('loyaltyEntries')).toBe(1);
    expect(events).toEqual([]);
  });

  it('earns once when two tabs race on the same source', async () => {
    const database = createMemoryDatabase();
    const tab = () =>
      createCrm({
        store: createMemoryStore({ database }),
        clock,
        engines: { loyalty: loyaltyEngine(teaHouseProgram) },
      });
    const [a, b] = [tab(), tab()];
    await a.store.put('members', (await store.get('members', 'm-1'))!);
    const results = await Promise.all([
      a.loyalty!.earnForAction('m-1', { action: 'referral', sourceId: 'ref-race' }),
      b.loyalty!.earnForAction('m-1', { action: 'referral', sourceId: 'ref-race' }),
    ]);
    expect(results.map((result) => result.duplicate).sort()).toEqual([false, true]);
    expect(await a.store.count('loyaltyEntries')).toBe(1);
  });

  it('is NOT_FOUND for a missing card and GUARD_REJECTED for a closed one', async () => {
    await addMember('m-closed', { status: 'closed' });
    expect(
      (await kehuRejection(loyalty.earnForAction('nobody', { action: 'review', sourceId: 'x' }))).code,
    ).toBe('NOT_FOUND');
    expect(
      (await kehuRejection(loyalty.earnForAction('m-closed', { action: 'review', sourceId: 'x' }))).code,
    ).toBe('GUARD_REJECTED');
  });
});

describe('crm.loyalty.redeem', () => {
  beforeEach(async () => {
    setup();
    await addMember('m-1');
    await loyalty.adjust('m-1', { points: 800, sourceId: 'welcome', note: '开卡礼' });
    events.length = 0;
  });

  it('redeems a reward at its cost and announces it with the balance', async () => {
    const result = await loyalty.redeem('m-1', { rewardId: 'tea-set', sourceId: 'voucher-1' });
    expect(result).toMatchObject({ balance: 300, duplicate: false, reward: { id: 'tea-set' } });
    expect(result.entry).toMatchObject({
      id: 'redeem:m-1:voucher-1',
      kind: 'redeem',
      points: -500,
      note: 'tea-set',
    });
    // Version 1 when added, 2 when the welcome points made it silver, 3 after the redemption.
    expect(result.member).toMatchObject({ version: 3, tierId: 'silver' });
    expect(types()).toEqual(['points.redeemed']);
    expect(events[0]!.payload).toMatchObject({ balance: 300, reward: { id: 'tea-set', cost: 500 } });
  });

  it('refuses to overdraw with INSUFFICIENT_POINTS and writes nothing', async () => {
    const before = { entries: await entries(), member: await store.get('members', 'm-1') };
    const error = await kehuRejection(loyalty.redeem('m-1', { points: 801, sourceId: 'greedy' }));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_POINTS', details: { available: 800, requested: 801 } });
    expect(await entries()).toEqual(before.entries);
    expect(await store.get('members', 'm-1')).toEqual(before.member);
    expect(events).toEqual([]);
  });

  it('redeems a source once; the same source with other points is a CONFLICT', async () => {
    const first = await loyalty.redeem('m-1', { points: 100, sourceId: 'pos-7' });
    const retry = await loyalty.redeem('m-1', { points: 100, sourceId: 'pos-7', expectedVersion: 2 });
    expect(retry).toMatchObject({ duplicate: true, entry: first.entry, balance: 700 });
    expect((await kehuRejection(loyalty.redeem('m-1', { points: 200, sourceId: 'pos-7' }))).code).toBe(
      'CONFLICT',
    );
  });

  it('refuses a redemption made against a card version that has moved on', async () => {
    await loyalty.redeem('m-1', { points: 100, sourceId: 'a', expectedVersion: 2 });
    const stale = await kehuRejection(
      loyalty.redeem('m-1', { points: 100, sourceId: 'b', expectedVersion: 2 }),
    );
    expect(stale).toMatchObject({ code: 'CONFLICT', details: { expectedVersion: 2, actualVersion: 3 } });
  });

  it('validates its input, naming the fields', async () => {
    const both = await kehuRejection(
      loyalty.redeem('m-1', { points: 1, rewardId: 'tea-set', sourceId: 's' }),
    );
    expect(both).toMatchObject({ code: 'VALIDATION', fields: ['points'] });
    const unknown = await kehuRejection(loyalty.redeem('m-1', { rewardId: 'yacht', sourceId: 's' }));
    expect(unknown).toMatchObject({ code: 'VALIDATION', fields: ['rewardId'] });
    const extra = await kehuRejection(
      loyalty.redeem('m-1', { points: 1, sourceId: 's', coupon: 'x' } as never),
    );
    expect(extra.fields).toEqual(['coupon']);
  });

  it('takes negative adjustments like redemptions: never below zero', async () => {
    expect(
      (await kehuRejection(loyalty.adjust('m-1', { points: -900, sourceId: 'fix', note: '更正' }))).code,
    ).toBe('INSUFFICIENT_POINTS');
    const fixed = await loyalty.adjust('m-1', { points: -300, sourceId: 'fix', note: '更正' });
    expect(fixed.balance).toBe(500);
    expect(types()).toEqual(['points.adjusted']);
  });
});

describe('expiry', () => {
  beforeEach(async () => {
    setup({ ...teaHouseProgram, promotions: [] });
    await addMember('m-1');
    // Three lots: 100 on day 0, 200 on day 100, 300 on day 200; each lapses after 365 days.
    for (const [day, yuan] of [
      [0, 90],
      [100, 190],
      [200, 290],
    ] as const) {
      clock.set(Date.parse(START) + day * DAY);
      await crm.orders.record({ id: `o-${day}`, memberId: 'm-1', amount: cny(yuan) });
    }
  });

  it('reports points lapsing in the next 30 and 90 days and the lots oldest first', async () => {
    clock.set(Date.parse(START) + 340 * DAY);
    const status = await loyalty.status('m-1');
    expect(status).toMatchObject({
      balance: 600,
      available: 600,
      lapsed: 0,
      expiring: { in30Days: 100, in90Days: 100 },
    });
    clock.set(Date.parse(START) + 400 * DAY);
    const later = await loyalty.status('m-1');
    expect(later).toMatchObject({
      balance: 600,
      available: 500,
      lapsed: 100,
      expiring: { in30Days: 0, in90Days: 200 },
    });
    expect(later.lots.map((lot) => [lot.id, lot.remaining])).toEqual([
      ['earn:m-1:o-0', 100],
      ['earn:m-1:o-100', 200],
      ['earn:m-1:o-200', 300],
    ]);
  });

  it('writes off lapsed remainders once: redeemed points never expire', async () => {
    clock.set(Date.parse(START) + 300 * DAY);
    await loyalty.redeem('m-1', { points: 150, sourceId: 'r-1' }); // all of lot 1, half of lot 2
    clock.set(Date.parse(START) + 500 * DAY);
    const run = await loyalty.expire();
    expect(run.points).toBe(150);
    expect(run.entries.map((entry) => [entry.sourceId, entry.points, entry.at])).toEqual([
      ['earn:m-1:o-100', -150, new Date(Date.parse(START) + 465 * DAY).toISOString()],
    ]);
    expect((await loyalty.expire()).entries).toEqual([]);
    expect((await loyalty.status('m-1')).balance).toBe(300);
    expect(types().filter((type) => type === 'points.expired')).toHaveLength(1);
  });

  it('expires as of a past date and refuses a future one', async () => {
    clock.set(Date.parse(START) + 700 * DAY);
    const run = await loyalty.expire(new Date(Date.parse(START) + 400 * DAY).toISOString());
    expect(run).toMatchObject({ members: 1, points: 100 });
    const future = await kehuRejection(loyalty.expire(new Date(Date.parse(START) + 800 * DAY).toISOString()));
    expect(future).toMatchObject({ code: 'VALIDATION', fields: ['asOf'] });
  });

  it('settles lapsed lots before a redemption, so lapsed points cannot be spent', async () => {
    clock.set(Date.parse(START) + 400 * DAY);
    const error = await kehuRejection(loyalty.redeem('m-1', { points: 501, sourceId: 'r-late' }));
    expect(error).toMatchObject({ code: 'INSUFFICIENT_POINTS', details: { available: 500 } });
    events.length = 0;
    const result = await loyalty.redeem('m-1', { points: 500, sourceId: 'r-late' });
    expect(result.expired.map((entry) => entry.points)).toEqual([-100]);
    expect(result.balance).toBe(0);
    expect(types()).toEqual(['points.expired', 'points.redeemed']);
    expect(events[0]!.payload).toMatchObject({ points: 100, balance: 500 });
  });
});

describe('tier review', () => {
  beforeEach(async () => {
    setup({ ...teaHouseProgram, promotions: [], expiry: undefined });
    await addMember('m-1');
    await crm.orders.record({ memberId: 'm-1', amount: cny(5_990) }); // 6,000 points: platinum
    events.length = 0;
  });

  it('moves down one tier per review once the window no longer holds the tier', async () => {
    expect((await store.get('members', 'm-1'))?.tierId).toBe('platinum');
    clock.set(Date.parse(START) + 200 * DAY);
    expect((await loyalty.reviewTiers()).changes).toEqual([]);
    clock.set(Date.parse(START) + 366 * DAY);
    const first = await loyalty.reviewTiers();
    expect(first.changes).toMatchObject([
      { memberId: 'm-1', from: 'platinum', to: 'gold', direction: 'down' },
    ]);
    expect(first.changes[0]!.reason).toBe(
      'Down to Gold: 0 points in 365 days is below the 5000 needed to keep Platinum',
    );
    expect((await loyalty.reviewTiers()).changes).toMatchObject([{ from: 'gold', to: 'silver' }]);
    // Silver needs nothing to keep: the base tier is never lost.
    expect((await loyalty.reviewTiers()).changes).toEqual([]);
    expect(types()).toEqual(['tier.changed', 'tier.changed']);
  });

  it('keeps a tier while the qualifying amount stays above its retain level', async () => {
    await addMember('m-keeps', { tierId: 'gold' });
    await addMember('m-drops', { tierId: 'gold' });
    clock.set(Date.parse(START) + 300 * DAY);
    await crm.orders.record({ memberId: 'm-keeps', amount: cny(530) }); // (530 + 10) × 1.5 = 810
    await crm.orders.record({ memberId: 'm-drops', amount: cny(450) }); // (450 + 10) × 1.5 = 690
    clock.set(Date.parse(START) + 400 * DAY);
    const review = await loyalty.reviewTiers();
    expect(review.changes.map((change) => [change.memberId, change.to])).toEqual([
      ['m-1', 'gold'],
      ['m-drops', 'silver'],
    ]);
    expect(await loyalty.status('m-keeps')).toMatchObject({
      qualifying: 810,
      needed: 4_190,
      toKeep: 0,
      tier: { id: 'gold' },
      next: { id: 'platinum' },
    });
  });

  it('never lowers a tier on a purchase', async () => {
    clock.set(Date.parse(START) + 400 * DAY);
    await crm.orders.record({ memberId: 'm-1', amount: cny(10) });
    expect((await store.get('members', 'm-1'))?.tierId).toBe('platinum');
  });
});

describe('qualifying by spend', () => {
  it('counts paid spend over the window, including the account orders that earn on the card', async () => {
    setup({
      ...teaHouseProgram,
      qualification: { metric: 'spend', windowDays: 30 },
      tiers: [
        { id: 'regular', label: 'Regular', threshold: 0 },
        { id: 'vip', label: 'VIP', threshold: 100_000 },
      ],
    });
    await crm.accounts.create({ id: 'acc-1', name: '西湖茶社', kind: 'company' });
    await addMember('m-1', { accountId: 'acc-1' });
    await crm.orders.record({ accountId: 'acc-1', amount: cny(600) });
    await crm.orders.record({ memberId: 'm-1', amount: cny(300), status: 'refunded' });
    expect((await store.get('members', 'm-1'))?.tierId).toBe('regular');
    await crm.orders.record({ memberId: 'm-1', amount: cny(400) });
    expect((await store.get('members', 'm-1'))?.tierId).toBe('vip');
    clock.set(Date.parse(START) + 31 * DAY);
    expect(await loyalty.status('m-1')).toMatchObject({ qualifying: 0, toKeep: 100_000 });
    expect((await loyalty.reviewTiers()).changes).toMatchObject([{ to: 'regular' }]);
  });
});

describe('programmes', () => {
  it('refuses malformed programmes with VALIDATION naming the path', () => {
    const bad = (patch: Record<string, unknown>) => {
      try {
        loyaltyEngine({ ...teaHouseProgram, ...patch });
      } catch (error) {
        if (isKehuError(error, 'VALIDATION')) return error.fields;
        throw error;
      }
      throw new Error('Expected VALIDATION');
    };
    expect(bad({ currency: 'yuan' })).toEqual(['currency']);
    expect(
      bad({
        tiers: [
          { id: 'a', label: 'A', threshold: 10 },
          { id: 'b', label: 'B', threshold: 10 },
        ],
      }),
    ).toEqual(['tiers.1.threshold']);
    expect(bad({ tiers: [{ id: 'a', label: 'A', threshold: 10, retain: 20 }] })).toEqual(['tiers.0.retain']);
    expect(bad({ earning: { spend: { points: 1, per: 0 } } })).toEqual(['earning.spend.per']);
    expect(
      bad({ promotions: [{ id: 'p', from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z', bonus: 5 }] }),
    ).toEqual(['promotions.0.to']);
    expect(
      bad({ promotions: [{ id: 'p', from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }] }),
    ).toEqual(['promotions.0.multiplier']);
    expect(
      bad({
        rewards: [
          { id: 'r', label: 'R', cost: 1 },
          { id: 'r', label: 'R', cost: 2 },
        ],
      }),
    ).toEqual(['rewards.1.id']);
    expect(bad({ tiers: [{ id: 'a', label: 'A', threshold: 0, multiplier: 1.0001 }] })).toEqual([
      'tiers.0.multiplier',
    ]);
    expect(bad({ bonus: true })).toEqual(['bonus']);
  });

  it('fills defaults, so a minimal programme is a valid one', () => {
    const program = defineLoyaltyProgram({ id: 'p', label: 'P', currency: 'CNY' });
    expect(program).toMatchObject({
      earning: { actions: {} },
      tiers: [],
      promotions: [],
      rewards: [],
      qualification: { metric: 'points', windowDays: 365 },
    });
    expect(Object.isFrozen(program)).toBe(true);
  });

  it('leaves crm.loyalty out when no programme is configured', () => {
    const plain = createCrm({ store: createMemoryStore() });
    expect(plain.loyalty).toBeUndefined();
  });
});
