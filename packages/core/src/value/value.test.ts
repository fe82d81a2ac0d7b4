/**
 * Customer value on known data: RFM quintiles and segments on a hand-ranked base of ten customers,
 * the 2/8 grade and its revenue report, the health score with its reasons, and the one-account
 * helper reading the store by index.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Activity,
  accountValue,
  analyzeCustomers,
  createCrm,
  createManualClock,
  healthScore,
  isKehuError,
  type Order,
  quintileBreakpoints,
  quintileOf,
  type RfmMetrics,
  rfmMetrics,
  scoreRfm,
  valueGrades,
} from '../index.ts';
import { createMemoryStore } from '../memory/index.ts';

const AS_OF = '2026-06-30T12:00:00.000Z';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.parse(AS_OF) - days * DAY).toISOString();

/** [customer, days since the last order, orders in the year, revenue in yuan]. */
const BASE: [string, number, number, number][] = [
  ['c01', 1, 10, 50_000],
  ['c02', 3, 9, 30_000],
  ['c03', 5, 2, 8_000],
  ['c04', 10, 7, 5_000],
  ['c05', 20, 6, 3_000],
  ['c06', 40, 5, 2_000],
  ['c07', 90, 8, 1_000],
  ['c08', 120, 1, 600],
  ['c09', 200, 3, 300],
  ['c10', 300, 4, 100],
];

function order(
  id: string,
  accountId: string,
  orderedAt: string,
  fen: number,
  status: Order['status'] = 'paid',
): Order {
  return {
    id,
    version: 1,
    createdAt: orderedAt,
    updatedAt: orderedAt,
    accountId,
    amount: { amount: fen, currency: 'CNY' },
    orderedAt,
    items: [],
    channel: 'store',
    status,
  };
}

/** Each customer's orders ten days apart, ending `recency` days ago, adding up to the revenue. */
function baseOrders(): Order[] {
  return BASE.flatMap(([customer, recency, count, yuan]) =>
    Array.from({ length: count }, (_, k) => {
      const share = Math.floor((yuan * 100) / count);
      const fen = k === 0 ? yuan * 100 - share * (count - 1) : share;
      return order(`${customer}-${k}`, customer, daysAgo(recency + k * 10), fen);
    }),
  );
}

describe('RFM', () => {
  it('scores a known base in quintiles and names its segments', () => {
    const orders = [
      ...baseOrders(),
      order('refund', 'c10', daysAgo(0), 999_999, 'refunded'),
      order('future', 'c10', '2027-01-01T00:00:00.000Z', 999_999),
    ];
    const scored = scoreRfm(rfmMetrics(orders, { asOf: AS_OF }));
    expect(scored.map((row) => [row.customerId, row.code, row.segment])).toEqual([
      ['c01', '555', 'champions'],
      ['c02', '555', 'champions'],
      ['c03', '414', 'potential'],
      ['c04', '444', 'champions'],
      ['c05', '333', 'loyal'],
      ['c06', '333', 'loyal'],
      ['c07', '242', 'at-risk'],
      ['c08', '212', 'hibernating'],
      ['c09', '121', 'lost'],
      ['c10', '121', 'lost'],
    ]);
    expect(scored[9]).toMatchObject({
      recencyDays: 300,
      frequency: 4,
      monetary: 10_000,
      lastOrderAt: daysAgo(300),
    });
  });

  it('counts frequency and revenue only inside their windows', () => {
    const [row] = rfmMetrics(
      [
        order('old', 'a', daysAgo(400), 100),
        order('mid', 'a', daysAgo(60), 200),
        order('new', 'a', daysAgo(5), 300),
      ],
      { asOf: AS_OF, frequencyDays: 90, monetaryDays: 30 },
    );
    expect(row).toEqual({
      customerId: 'a',
      lastOrderAt: daysAgo(5),
      recencyDays: 5,
      frequency: 2,
      monetary: 300,
    });
  });

  it('gives equal values equal scores, whatever order the customers come in', () => {
    expect(quintileBreakpoints([])).toEqual([]);
    expect([3, 3, 3].map((v) => quintileOf(v, quintileBreakpoints([3, 3, 3])))).toEqual([1, 1, 1]);
    fc.assert(
      fc.property(
        fc.array(fc.record({ recencyDays: fc.nat(30), frequency: fc.nat(6), monetary: fc.nat(5) }), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (rows, keys) => {
          const metrics: RfmMetrics[] = rows.map((row, i) => ({
            ...row,
            customerId: `c${i}`,
            lastOrderAt: AS_OF,
          }));
          const scored = scoreRfm(metrics);
          const shuffled = metrics
            .map((m) => ({ m, k: keys.next().value as number }))
            .sort((a, b) => a.k - b.k);
          const again = new Map(
            scoreRfm(shuffled.map(({ m }) => m)).map((row) => [row.customerId, row.code]),
          );
          for (const row of scored) expect(again.get(row.customerId)).toBe(row.code);
          for (const a of scored) {
            for (const b of scored) {
              if (a.frequency === b.frequency) expect(a.f).toBe(b.f);
              if (a.frequency < b.frequency) expect(a.f).toBeLessThanOrEqual(b.f);
            }
          }
        },
      ),
    );
  });
});

describe('the 2/8 value grade', () => {
  it('grades the base and reports the share of revenue each grade holds', () => {
    const { customers, model } = analyzeCustomers(baseOrders(), { asOf: AS_OF });
    expect(Object.fromEntries(customers.map((row) => [row.customerId, row.grade]))).toEqual({
      c01: 'A',
      c02: 'A',
      c03: 'B', // the 80 % line falls exactly after c02: A stops there
      c04: 'B',
      c05: 'B',
      c06: 'C',
      c07: 'C',
      c08: 'C',
      c09: 'C',
      c10: 'C',
    });
    expect(model.report.grades.map((g) => [g.grade, g.customers, g.revenue, g.revenueShare])).toEqual([
      ['A', 2, 8_000_000, 0.8],
      ['B', 3, 1_600_000, 0.16],
      ['C', 5, 400_000, 0.04],
      ['D', 0, 0, 0],
    ]);
    expect(model.report.summary).toBe('A: 20.0% of customers hold 80.0% of revenue');
    expect(model.segments).toEqual({
      champions: 3,
      loyal: 2,
      potential: 1,
      'at-risk': 1,
      hibernating: 1,
      lost: 2,
    });
  });

  it('puts the customer that crosses the line in A, ties together, and no revenue in D', () => {
    const graded = valueGrades([
      { customerId: 'big', monetary: 70 },
      { customerId: 'tie-1', monetary: 10 },
      { customerId: 'tie-2', monetary: 10 },
      { customerId: 'small', monetary: 6 },
      { customerId: 'tiny', monetary: 4 },
      { customerId: 'none', monetary: 0 },
    ]);
    expect(graded.customers.map((row) => row.grade)).toEqual(['A', 'A', 'A', 'B', 'C', 'D']);
    expect(graded.thresholds).toEqual({ A: 10, B: 6 });
    expect(graded.report.grades.map((g) => [g.grade, g.customerShare.toFixed(3), g.revenueShare])).toEqual([
      ['A', '0.500', 0.9],
      ['B', '0.167', 0.06],
      ['C', '0.167', 0.04],
      ['D', '0.167', 0],
    ]);
  });

  it('takes other cut-offs and refuses impossible ones, naming the option', () => {
    const { customers } = analyzeCustomers(baseOrders(), { asOf: AS_OF, cutoffs: { A: 0.5, B: 0.9 } });
    expect(customers.filter((row) => row.grade === 'A').map((row) => row.customerId)).toEqual(['c01']);
    try {
      analyzeCustomers([], { asOf: AS_OF, cutoffs: { A: 0.9, B: 0.5 } });
      expect.unreachable();
    } catch (error) {
      expect(isKehuError(error, 'VALIDATION') && error.fields).toEqual(['cutoffs.B']);
    }
  });
});

function activity(fields: Partial<Activity>): Pick<Activity, 'done' | 'doneAt' | 'dueAt' | 'updatedAt'> {
  return { done: false, updatedAt: daysAgo(400), ...fields };
}

describe('the health score', () => {
  it('gives a well-tended, growing account full marks and says why', () => {
    const health = healthScore(
      {
        activities: [activity({ done: true, doneAt: daysAgo(3) }), activity({ dueAt: daysAgo(-2) })],
        orders: [order('a', 'x', daysAgo(20), 120_000), order('b', 'x', daysAgo(120), 100_000)],
        deals: [{ status: 'open' }, { status: 'open' }, { status: 'won' }],
      },
      { now: AS_OF },
    );
    expect(health).toEqual({
      score: 100,
      status: 'healthy',
      components: [
        {
          component: 'activity',
          points: 30,
          max: 30,
          reason: 'Last activity done 3 days ago',
          fact: { kind: 'last-activity', days: 3 },
        },
        {
          component: 'tasks',
          points: 20,
          max: 20,
          reason: 'No overdue activities',
          fact: { kind: 'overdue', count: 0 },
        },
        {
          component: 'orders',
          points: 30,
          max: 30,
          reason: 'Growing: CNY 1200.00 in the last 90 days vs CNY 1000.00 in the 90 before',
          fact: {
            kind: 'revenue',
            trend: 'growing',
            current: 120_000,
            previous: 100_000,
            currency: 'CNY',
            days: 90,
          },
        },
        {
          component: 'deals',
          points: 20,
          max: 20,
          reason: '2 open deals',
          fact: { kind: 'open-deals', count: 2 },
        },
      ],
    });
  });

  it('marks a neglected, shrinking account at risk, component by component', () => {
    const health = healthScore(
      {
        activities: [
          activity({ done: true, doneAt: daysAgo(75) }),
          activity({ dueAt: daysAgo(1) }),
          activity({ dueAt: daysAgo(9) }),
          activity({ dueAt: daysAgo(30) }),
        ],
        orders: [order('a', 'x', daysAgo(10), 20_000), order('b', 'x', daysAgo(100), 100_000)],
        deals: [{ status: 'lost' }],
      },
      { now: AS_OF },
    );
    expect(health.score).toBe(5);
    expect(health.status).toBe('at-risk');
    expect(health.components.map((c) => `${c.component} ${c.points}: ${c.reason}`)).toEqual([
      'activity 5: Last activity done 75 days ago',
      'tasks 0: 3 overdue activities',
      'orders 0: Falling: CNY 200.00 in the last 90 days vs CNY 1000.00 in the 90 before',
      'deals 0: No open deals',
    ]);
  });

  it('reads a stable account with one deal and one overdue task as one to watch', () => {
    const health = healthScore(
      {
        activities: [activity({ done: true, doneAt: daysAgo(45) }), activity({ dueAt: daysAgo(2) })],
        orders: [order('a', 'x', daysAgo(30), 95_000), order('b', 'x', daysAgo(150), 100_000)],
        deals: [{ status: 'open' }],
      },
      { now: AS_OF },
    );
    expect(health.components.map((c) => c.points)).toEqual([10, 10, 22, 12]);
    expect(health).toMatchObject({ score: 54, status: 'watch' });
  });
});

describe('accountValue', () => {
  it('computes one account from the store, against a model of the whole base', async () => {
    const store = createMemoryStore();
    const crm = createCrm({ store, clock: createManualClock(AS_OF) });
    const orders = baseOrders();
    const { model } = analyzeCustomers(orders, { asOf: AS_OF });
    await crm.accounts.create({ id: 'c07', name: '老客户', kind: 'company' });
    await store.bulkPut('orders', orders);
    await store.put('members', {
      id: 'm-7',
      version: 0,
      createdAt: AS_OF,
      updatedAt: AS_OF,
      accountId: 'c07',
      cardNo: '7',
      joinedAt: AS_OF,
    });
    // A card order adds to the account's figures without naming the account.
    const cardOrder = { ...order('card', 'c07', daysAgo(2), 50_000), accountId: undefined, memberId: 'm-7' };
    await store.put('orders', cardOrder);
    await crm.activities.create({
      type: 'visit',
      subject: '回访',
      accountId: 'c07',
      done: true,
      doneAt: daysAgo(100),
    });
    await crm.activities.create({ type: 'task', subject: '报价', accountId: 'c07', dueAt: daysAgo(5) });
    const value = await accountValue(store, 'c07', { now: AS_OF, model });
    expect(value.metrics).toEqual({
      customerId: 'c07',
      lastOrderAt: daysAgo(2),
      recencyDays: 2,
      frequency: 9,
      monetary: 150_000,
    });
    // Nine orders beat all but one of the base (F 5); ¥1,500 sits mid-table (M 3), below B's ¥3,000.
    expect(value.rfm).toMatchObject({ code: '553', segment: 'champions' });
    expect(value.grade).toBe('C');
    expect(value.health.components.map((c) => c.points)).toEqual([0, 10, 10, 0]);
    const stranger = await accountValue(store, 'nobody', { now: AS_OF, model });
    expect(stranger).toMatchObject({ metrics: undefined, rfm: undefined, grade: 'D', health: { score: 20 } });
  });
});
