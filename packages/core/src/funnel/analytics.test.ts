import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Deal,
  forecast,
  funnelReport,
  isKehuError,
  KEY_ACCOUNT_PIPELINE_ID,
  keyAccountPipeline,
  type Pipeline,
  PipelineSchema,
} from '../index.ts';

const pipeline: Pipeline = PipelineSchema.parse({
  ...keyAccountPipeline,
  id: KEY_ACCOUNT_PIPELINE_ID,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const open = ['qualify', 'needs', 'proposal', 'negotiation', 'contract'];
const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);
const NOW = Date.UTC(2026, 11, 31);
const iso = (ms: number) => new Date(ms).toISOString();

/** A deal that walked `path` (stage ids) starting at `start`, `gaps` days between moves. */
function makeDeal(
  id: string,
  path: string[],
  start: number,
  gaps: number[],
  amount: number,
  currency = 'CNY',
): Deal {
  let at = start;
  const history = path.map((to, i) => {
    if (i > 0) at += (gaps[i - 1] ?? 1) * DAY;
    return { from: i === 0 ? null : path[i - 1]!, to, at: iso(at) };
  });
  const stageId = path[path.length - 1]!;
  const status = stageId === 'won' ? 'won' : stageId === 'lost' ? 'lost' : 'open';
  return {
    id,
    version: 1,
    createdAt: iso(start),
    updatedAt: iso(at),
    title: id,
    accountId: 'a1',
    pipelineId: KEY_ACCOUNT_PIPELINE_ID,
    stageId,
    status,
    amount: { amount, currency },
    expectedCloseDate: new Date(at + 30 * DAY).toISOString().slice(0, 10),
    position: 'a0',
    stageEnteredAt: iso(at),
    history,
    closedAt: status === 'open' ? undefined : iso(at),
    products: [],
    tags: [],
  };
}

const dealArb = fc.record({
  reach: fc.integer({ min: 0, max: 4 }),
  end: fc.constantFrom('open', 'won', 'lost'),
  startDay: fc.integer({ min: 0, max: 200 }),
  gaps: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 6, maxLength: 6 }),
  amount: fc.integer({ min: 0, max: 5_000_000 }),
  currency: fc.constantFrom('CNY', 'USD'),
  probability: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  owner: fc.constantFrom('u1', 'u2', undefined),
});

const dealsArb = fc.array(dealArb, { maxLength: 60 }).map((specs) =>
  specs.map((spec, n) => {
    const path = open.slice(0, spec.reach + 1);
    if (spec.end !== 'open') path.push(spec.end);
    const deal = makeDeal(`d${n}`, path, START + spec.startDay * DAY, spec.gaps, spec.amount, spec.currency);
    return { ...deal, probability: spec.probability, ownerId: spec.owner };
  }),
);

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('funnel report', () => {
  it('per-stage open totals add up to the open pipeline, weighted never above unweighted', () => {
    fc.assert(
      fc.property(dealsArb, (deals) => {
        const report = funnelReport(deals, { pipeline, now: NOW });
        const openStages = report.stages.filter((stage) => stage.outcome === 'open');
        expect(sum(openStages.map((stage) => stage.count))).toBe(report.open.count);
        for (const currency of ['CNY', 'USD']) {
          const stageSum = sum(openStages.map((stage) => stage.amount[currency] ?? 0));
          expect(stageSum).toBe(report.open.amount[currency] ?? 0);
          expect(report.open.weighted[currency] ?? 0).toBeLessThanOrEqual(report.open.amount[currency] ?? 0);
          for (const stage of report.stages) {
            expect(stage.weighted[currency] ?? 0).toBeLessThanOrEqual(stage.amount[currency] ?? 0);
          }
        }
        expect(report.open.count + report.winRate.won + report.winRate.lost).toBe(deals.length);
      }),
    );
  });

  it('the funnel as of now equals the current funnel; as of an earlier date it only counts deals that existed', () => {
    fc.assert(
      fc.property(dealsArb, fc.integer({ min: 0, max: 400 }), (deals, day) => {
        const current = funnelReport(deals, { pipeline, now: NOW });
        expect(funnelReport(deals, { pipeline, now: NOW, asOf: NOW })).toEqual(current);
        const asOf = START + day * DAY;
        const past = funnelReport(deals, { pipeline, now: NOW, asOf });
        const existed = deals.filter((deal) => Date.parse(deal.history[0]!.at) <= asOf).length;
        expect(past.open.count + past.winRate.won + past.winRate.lost).toBe(existed);
      }),
    );
  });

  it('groups partition the deals', () => {
    fc.assert(
      fc.property(dealsArb, (deals) => {
        const report = funnelReport(deals, { pipeline, now: NOW, groupBy: 'ownerId' });
        const groups = Object.values(report.groups ?? {});
        expect(sum(groups.map((group) => group.open.count))).toBe(report.open.count);
        expect(sum(groups.map((group) => group.winRate.won))).toBe(report.winRate.won);
      }),
    );
  });

  it('computes conversion, time in stage, win rate, cycle and velocity on a known history', () => {
    const deals = [
      makeDeal('w1', ['qualify', 'needs', 'proposal', 'won'], START, [10, 10, 10], 100_000),
      makeDeal('w2', ['qualify', 'proposal', 'won'], START, [20, 20], 300_000),
      makeDeal('l1', ['qualify', 'needs', 'lost'], START, [30, 5], 50_000),
      makeDeal('o1', ['qualify'], START, [], 80_000),
    ];
    const report = funnelReport(deals, { pipeline, now: START + 10 * DAY });
    const conversion = Object.fromEntries(report.conversion.map((c) => [c.from, [c.reached, c.advanced]]));
    expect(conversion).toMatchObject({ qualify: [4, 3], needs: [3, 2], proposal: [2, 2], contract: [2, 2] });
    const days = Object.fromEntries(report.timeInStage.map((t) => [t.stageId, t.averageDays]));
    expect(days.qualify).toBeCloseTo((10 + 20 + 30) / 3);
    expect(days.needs).toBeCloseTo((10 + 5) / 2);
    expect(report.winRate).toEqual({ won: 2, lost: 1, rate: 2 / 3 });
    expect(report.salesCycleDays).toBeCloseTo(35);
    // 1 open deal × average won 200,000 × 2/3 ÷ 35 days
    expect(report.velocity).toEqual({ CNY: Math.round((1 * 200_000 * (2 / 3)) / 35) });
    expect(report.open.weighted).toEqual({ CNY: 8_000 });
  });

  it('flags rotting deals by idle days against the stage limit', () => {
    const deals = [
      makeDeal('idle', ['qualify'], START, [], 1),
      makeDeal('fresh', ['qualify'], NOW - DAY, [], 1),
    ];
    const report = funnelReport(deals, { pipeline, now: NOW });
    expect(report.rotting.map((r) => r.dealId)).toEqual(['idle']);
    const touched = funnelReport(deals, { pipeline, now: NOW, lastTouched: () => NOW - 2 * DAY });
    expect(touched.rotting).toEqual([]);
  });

  it('never adds currencies silently: per currency, or converted through the host rate table', () => {
    const deals = [
      makeDeal('c', ['qualify'], START, [], 710_000, 'CNY'),
      makeDeal('u', ['qualify'], START, [], 100_000, 'USD'),
    ];
    expect(funnelReport(deals, { pipeline, now: NOW }).open.amount).toEqual({ CNY: 710_000, USD: 100_000 });
    const converted = funnelReport(deals, {
      pipeline,
      now: NOW,
      rates: { base: 'CNY', rates: { USD: 7.1 } },
    });
    expect(converted.open.amount).toEqual({ CNY: 1_420_000 });
    try {
      funnelReport(deals, { pipeline, now: NOW, rates: { base: 'CNY', rates: { EUR: 7.7 } } });
      expect.unreachable();
    } catch (error) {
      expect(isKehuError(error, 'VALIDATION')).toBe(true);
    }
  });
});

describe('forecast', () => {
  it('never counts lost deals or omitted stages, and weighted never exceeds unweighted', () => {
    fc.assert(
      fc.property(dealsArb, fc.constantFrom('month', 'quarter'), (deals, period) => {
        const withLost = forecast(deals, { pipelines: [pipeline], period });
        const withoutLost = forecast(
          deals.filter((deal) => deal.stageId !== 'lost'),
          { pipelines: [pipeline], period },
        );
        expect(withLost).toEqual(withoutLost);
        for (const row of withLost.rows) {
          for (const [currency, amount] of Object.entries(row.amount)) {
            expect(row.weighted[currency] ?? 0).toBeLessThanOrEqual(amount);
          }
        }
        const counted = sum(withLost.rows.map((row) => row.count)) + withLost.unscheduled.count;
        expect(counted).toBe(deals.filter((deal) => deal.stageId !== 'lost').length);
      }),
    );
  });

  it('places open deals by expected close date and won deals by close date, per category', () => {
    const won = makeDeal('w', ['qualify', 'won'], Date.UTC(2026, 2, 30), [3], 100);
    const commit = {
      ...makeDeal('n', ['qualify', 'negotiation'], START, [1], 200),
      expectedCloseDate: '2026-05-02',
    };
    const result = forecast([won, commit], { pipelines: [pipeline], period: 'quarter' });
    expect(result.rows).toEqual([
      { period: '2026-Q2', category: 'closed', count: 1, amount: { CNY: 100 }, weighted: { CNY: 100 } },
      { period: '2026-Q2', category: 'commit', count: 1, amount: { CNY: 200 }, weighted: { CNY: 150 } },
    ]);
    const shanghai = forecast([{ ...won, closedAt: '2026-03-31T20:00:00.000Z' }], {
      pipelines: [pipeline],
      period: 'month',
      timeZone: 'Asia/Shanghai',
    });
    expect(shanghai.rows[0]?.period).toBe('2026-04');
  });
});
