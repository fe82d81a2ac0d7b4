// Every code example of docs/rules/loyalty.md, run. The last test checks that each example in the
// document appears here verbatim (imports aside), so the two cannot drift apart.
import { describe, expect, it } from 'vitest';
import { docExamplesMissingFrom } from '../../../../scripts/doc-examples.ts';
import {
  addDays,
  analyzeCustomers,
  createCrm,
  createManualClock,
  defineLoyaltyProgram,
  evaluateTier,
  expiringWithin,
  healthScore,
  isKehuError,
  type LoyaltyEntry,
  ledgerState,
  loyaltyEngine,
  type Order,
  orderEarning,
  rfmMetrics,
  scoreRfm,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

const program = defineLoyaltyProgram({
  id: 'tea-club',
  label: { 'zh-CN': '茶友会', en: 'Tea club' },
  currency: 'CNY',
  earning: {
    spend: { points: 1, per: 100 }, // 1 point per ¥1 (100 分)
    order: { points: 10, minAmount: 5_000 }, // 10 more for an order of ¥50 or more
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
  ],
  tiers: [
    { id: 'silver', label: { 'zh-CN': '银卡', en: 'Silver' }, threshold: 0 },
    { id: 'gold', label: { 'zh-CN': '金卡', en: 'Gold' }, threshold: 1_000, retain: 800, multiplier: 1.5 },
    { id: 'platinum', label: { 'zh-CN': '白金卡', en: 'Platinum' }, threshold: 5_000, multiplier: 2 },
  ],
  qualification: { metric: 'points', windowDays: 365 },
  expiry: { days: 365 },
  rewards: [{ id: 'tea-set', label: '茶具一套', cost: 500 }],
});

const asOf = '2026-06-30T00:00:00.000Z';
const paid = (accountId: string, daysAgo: number, yuan: number): Order => {
  const at = addDays(asOf, -daysAgo);
  return {
    id: `${accountId}-${daysAgo}`,
    version: 1,
    createdAt: at,
    updatedAt: at,
    accountId,
    amount: { amount: yuan * 100, currency: 'CNY' },
    orderedAt: at,
    items: [],
    channel: 'store',
    status: 'paid',
  };
};
const orders = [
  ...[2, 30, 60, 90].map((days) => paid('西湖茶社', days, 10_000)),
  ...[10, 200].map((days) => paid('龙井茶庄', days, 1_500)),
  ...[45, 100, 150, 250, 300, 330].map((days) => paid('明前茶坊', days, 1_000)),
  paid('九曲茶馆', 180, 1_000),
  paid('老茶客', 400, 8_000),
];

describe('docs/rules/loyalty.md', () => {
  it('a programme on the facade: earn, redeem, expire, review', async () => {
    const clock = createManualClock('2026-11-11T10:00:00+08:00');
    const crm = createCrm({
      store: createMemoryStore(),
      clock,
      engines: { loyalty: loyaltyEngine(program) },
    });
    const loyalty = crm.loyalty!; // present because the engine carries a programme

    const joined = new Date(clock.now()).toISOString();
    await crm.store.put('members', {
      id: 'm-wang',
      version: 0,
      createdAt: joined,
      updatedAt: joined,
      contactId: 'c-wang',
      cardNo: 'VIP-0001',
      joinedAt: joined,
    });
    await crm.orders.record({
      memberId: 'm-wang',
      amount: { amount: 128_800, currency: 'CNY' },
      channel: 'online',
    });
    const status = await loyalty.status('m-wang');
    // ¥1,288 → 1,288 + 10 = 1,298 base points, ×2 on 双十一 → 2,596, and gold at once:
    // status.balance === 2596, status.tier.id === 'gold', status.next.id === 'platinum', status.needed === 2404

    expect(status).toMatchObject({
      balance: 2596,
      tier: { id: 'gold' },
      next: { id: 'platinum' },
      needed: 2404,
    });

    await loyalty.redeem('m-wang', { rewardId: 'tea-set', sourceId: 'voucher-0001' }); // balance 2,096
    const retry = await loyalty.redeem('m-wang', { rewardId: 'tea-set', sourceId: 'voucher-0001' });
    // retry.duplicate === true, retry.balance === 2096: the same voucher never redeems twice
    const refused = await loyalty
      .redeem('m-wang', { points: 5_000, sourceId: 'voucher-0002' })
      .catch((error: unknown) => error);
    // isKehuError(refused, 'INSUFFICIENT_POINTS'), refused.details.available === 2096; nothing written

    expect(isKehuError(refused, 'INSUFFICIENT_POINTS') && refused.details.available).toBe(2096);
    expect(retry).toMatchObject({ duplicate: true, balance: 2096 });
    expect(await crm.store.count('loyaltyEntries')).toBe(2);

    clock.set('2027-12-01T00:00:00+08:00'); // a year without a purchase
    const expired = await loyalty.expire(); // the nightly job: lapsed lots written off
    const review = await loyalty.reviewTiers(); // the tier review: one tier down at most
    // expired.points === 2096; review.changes[0].from === 'gold', review.changes[0].to === 'silver'

    expect(expired.points).toBe(2096);
    expect(review.changes).toMatchObject([
      { memberId: 'm-wang', from: 'gold', to: 'silver', direction: 'down' },
    ]);
  });

  it('earning explained, line by line', () => {
    const earning = orderEarning(
      program,
      {
        status: 'paid',
        amount: { amount: 128_800, currency: 'CNY' },
        orderedAt: '2026-11-11T02:00:00.000Z',
        channel: 'online',
      },
      'gold', // the tier the member holds when the order is recorded
    );
    // earning.points === 3894, earning.lines:
    //   spend            1288  CNY 1288.00 spent: 1288 × 1 per CNY 1.00
    //   order              10  10 per order
    //   tier:gold         649  Gold tier ×1.5 on 1298 base points
    //   promotion:double-11 1947  双十一 ×2

    expect(earning.points).toBe(3894);
    expect(earning.lines.map((line) => [line.rule, line.points, line.reason])).toEqual([
      ['spend', 1288, 'CNY 1288.00 spent: 1288 × 1 per CNY 1.00'],
      ['order', 10, '10 per order'],
      ['tier:gold', 649, 'Gold tier ×1.5 on 1298 base points'],
      ['promotion:double-11', 1947, '双十一 ×2'],
    ]);
  });

  it('lots, consumed oldest first', () => {
    const entry = (id: string, at: string, fields: Partial<LoyaltyEntry>): LoyaltyEntry => ({
      id,
      version: 1,
      createdAt: at,
      updatedAt: at,
      memberId: 'm-wang',
      kind: 'earn',
      points: 0,
      sourceId: id,
      at,
      ...fields,
    });
    const entries = [
      entry('spring', '2025-03-01T00:00:00.000Z', { points: 300, expiresAt: '2026-03-01T00:00:00.000Z' }),
      entry('autumn', '2025-09-01T00:00:00.000Z', { points: 500, expiresAt: '2026-09-01T00:00:00.000Z' }),
      entry('voucher', '2025-12-01T00:00:00.000Z', { kind: 'redeem', points: -400 }),
    ];
    const state = ledgerState(entries, '2026-03-15T00:00:00.000Z');
    // The redemption took all 300 of spring and 100 of autumn, so nothing lapsed with spring:
    // state.balance === 400, state.lapsed === 0, lots: spring 0 left, autumn 400 left
    const soon = expiringWithin(state, '2026-03-15T00:00:00.000Z', 180); // 400: autumn lapses 2026-09-01

    expect(state).toMatchObject({ balance: 400, available: 400, lapsed: 0, uncovered: 0 });
    expect(state.lots.map((lot) => [lot.id, lot.used, lot.remaining])).toEqual([
      ['spring', 300, 0],
      ['autumn', 100, 400],
    ]);
    expect(soon).toBe(400);
  });

  it('tiers: up at once, down one step at a review', () => {
    const onOrder = evaluateTier(program, 'platinum', 4_500, 'upgrade'); // a purchase never lowers a tier
    const atReview = evaluateTier(program, 'platinum', 4_500, 'review');
    const jump = evaluateTier(program, 'silver', 6_000, 'upgrade');
    // onOrder.direction === 'same'
    // atReview.to === 'gold': 'Down to Gold: 4500 points in 365 days is below the 5000 needed to keep Platinum'
    // jump.to === 'platinum': 'Up to Platinum: 6000 points in 365 days reaches its threshold of 5000'

    expect(onOrder.direction).toBe('same');
    expect(atReview).toMatchObject({
      to: 'gold',
      reason: 'Down to Gold: 4500 points in 365 days is below the 5000 needed to keep Platinum',
    });
    expect(jump).toMatchObject({
      to: 'platinum',
      reason: 'Up to Platinum: 6000 points in 365 days reaches its threshold of 5000',
    });
  });

  it('RFM scores and segments', () => {
    const scored = scoreRfm(rfmMetrics(orders, { asOf, frequencyDays: 365, monetaryDays: 365 }));
    // customer   R F M  segment
    // 九曲茶馆   2 2 2  hibernating
    // 明前茶坊   3 5 4  loyal
    // 老茶客     1 1 1  lost        (its only order is 400 days old: F and M count the last 365)
    // 西湖茶社   5 4 5  champions
    // 龙井茶庄   4 3 3  loyal

    expect(scored.map((row) => [row.customerId, row.code, row.segment])).toEqual([
      ['九曲茶馆', '222', 'hibernating'],
      ['明前茶坊', '354', 'loyal'],
      ['老茶客', '111', 'lost'],
      ['西湖茶社', '545', 'champions'],
      ['龙井茶庄', '433', 'loyal'],
    ]);
  });

  it('the 2/8 value grade and its report', () => {
    const { customers, model } = analyzeCustomers(orders, { asOf });
    // 西湖茶社 A; 明前茶坊, 龙井茶庄 B; 九曲茶馆 C; 老茶客 D (no revenue in the window)
    // model.report.summary === 'A: 20.0% of customers hold 80.0% of revenue'
    // model.report.grades: A 80 %, B 18 %, C 2 %, D 0 % of revenue

    expect(Object.fromEntries(customers.map((row) => [row.customerId, row.grade]))).toEqual({
      九曲茶馆: 'C',
      明前茶坊: 'B',
      老茶客: 'D',
      西湖茶社: 'A',
      龙井茶庄: 'B',
    });
    expect(model.report.summary).toBe('A: 20.0% of customers hold 80.0% of revenue');
    expect(model.report.grades.map((grade) => grade.revenueShare)).toEqual([0.8, 0.18, 0.02, 0]);
  });

  it('the health score with its reasons', () => {
    const health = healthScore(
      {
        activities: [
          { done: true, doneAt: '2026-06-20T00:00:00.000Z', updatedAt: '2026-06-20T00:00:00.000Z' },
          { done: false, dueAt: '2026-06-25T00:00:00.000Z', updatedAt: '2026-06-01T00:00:00.000Z' },
        ],
        orders: orders.filter((order) => order.accountId === '西湖茶社'),
        deals: [{ status: 'open' }],
      },
      { now: asOf },
    );
    // health.score === 82, health.status === 'healthy'; health.components:
    //   activity 30/30  Last activity done 10 days ago
    //   tasks    10/20  1 overdue activity
    //   orders   30/30  Growing: CNY 30000.00 in the last 90 days vs CNY 10000.00 in the 90 before
    //   deals    12/20  1 open deal

    expect(health).toMatchObject({ score: 82, status: 'healthy' });
    expect(health.components.map((c) => `${c.component} ${c.points}/${c.max} ${c.reason}`)).toEqual([
      'activity 30/30 Last activity done 10 days ago',
      'tasks 10/20 1 overdue activity',
      'orders 30/30 Growing: CNY 30000.00 in the last 90 days vs CNY 10000.00 in the 90 before',
      'deals 12/20 1 open deal',
    ]);
  });

  it('every example in the document is one of the tests above', () => {
    const { count, missing } = docExamplesMissingFrom(
      new URL('../../../../docs/rules/loyalty.md', import.meta.url),
      new URL(import.meta.url),
    );
    expect(count).toBeGreaterThanOrEqual(7);
    expect(missing).toEqual([]);
  });
});
