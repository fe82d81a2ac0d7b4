// The win-probability model: its arithmetic on hand-checked cases and its invariants on random histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type DealLike,
  explainWinProbability,
  isKehuError,
  keyAccountPipeline,
  MAX_PROBABILITY,
  MIN_PROBABILITY,
  predictWinProbability,
  retractWinProbability,
  trainWinProbability,
  updateWinProbability,
  type WinFeature,
  WinProbabilityModelSchema,
  winProbability,
} from '../index.ts';

const OPEN = ['qualify', 'needs', 'proposal', 'negotiation', 'contract'] as const;

/** A closed deal as the funnel leaves it: in the won or lost stage, with the move that closed it. */
function closed(won: boolean, from: (typeof OPEN)[number], fields: Partial<DealLike> = {}): DealLike {
  const to = won ? 'won' : 'lost';
  return {
    status: to,
    stageId: to,
    history: [
      { from: null, to: 'qualify', at: '2026-01-05T02:00:00.000Z' },
      { from, to, at: '2026-03-01T02:00:00.000Z' },
    ],
    ...fields,
  };
}

function validationPaths(run: () => unknown): (string | number)[][] {
  try {
    run();
  } catch (error) {
    if (isKehuError(error, 'VALIDATION')) return error.issues.map((issue) => issue.path);
    throw error;
  }
  throw new Error('Expected VALIDATION');
}

describe('trainWinProbability and predictWinProbability', () => {
  it('multiplies smoothed per-value frequencies, as naive Bayes does', () => {
    const deals = [
      ...[1, 2, 3].map(() => closed(true, 'contract', { territoryId: 'east' })),
      closed(true, 'contract', { territoryId: 'west' }),
      closed(false, 'needs', { territoryId: 'east' }),
      ...[1, 2, 3].map(() => closed(false, 'needs', { territoryId: 'west' })),
    ];
    const model = trainWinProbability(deals, { fields: ['territoryId'], minExamples: 1 });
    // Prior (4 + 0.1) / (4 + 0.1) = 1. East: P(east | won) = 3.1 / 4.2, P(east | lost) = 1.1 / 4.2.
    const odds = 3.1 / 1.1;
    expect(predictWinProbability(model, { territoryId: 'east' })).toBe(
      Math.round((10_000 * odds) / (1 + odds)) / 100,
    );
    expect(predictWinProbability(model, { territoryId: 'west' })).toBe(26.19);
    // An unseen or missing value is no evidence: the prior alone.
    expect(predictWinProbability(model, { territoryId: 'north' })).toBe(50);
    expect(predictWinProbability(model, {})).toBe(50);
  });

  it('ignores a value until it has minExamples closed deals', () => {
    const deals = [
      ...Array.from({ length: 6 }, () => closed(true, 'contract', { territoryId: 'east' })),
      ...Array.from({ length: 6 }, () => closed(false, 'needs', { territoryId: 'east' })),
      closed(true, 'contract', { territoryId: 'rare' }),
      closed(true, 'contract', { territoryId: 'rare' }),
    ];
    const model = trainWinProbability(deals, { fields: ['territoryId'], minExamples: 3 });
    const explanation = explainWinProbability(model, { territoryId: 'rare' });
    expect(explanation.contributions).toEqual([
      { field: 'territoryId', values: [], logOdds: 0, ignored: ['rare'] },
    ]);
    expect(explanation.probability).toBe(Math.round((10_000 * 8.1) / 14.2) / 100);
    const counted = trainWinProbability(deals, { fields: ['territoryId'], minExamples: 2 });
    expect(predictWinProbability(counted, { territoryId: 'rare' })).toBeGreaterThan(90);
  });

  it('treats the stage as ordered: won deals passed every stage, lost ones the stages up to their loss', () => {
    const deals: DealLike[] = [
      ...Array.from({ length: 10 }, () => closed(true, 'contract')),
      ...Array.from({ length: 4 }, () => closed(false, 'qualify')),
      ...Array.from({ length: 3 }, () => closed(false, 'needs')),
      ...Array.from({ length: 2 }, () => closed(false, 'proposal')),
      closed(false, 'negotiation'),
      // Lost where it stood, without moving to the lost stage.
      { status: 'lost', stageId: 'negotiation' },
    ];
    const model = trainWinProbability(deals, {
      fields: ['stageId'],
      pipeline: keyAccountPipeline,
      minExamples: 1,
    });
    expect(model.global.stages).toEqual({
      qualify: { won: 10, lost: 11 },
      needs: { won: 10, lost: 7 },
      proposal: { won: 10, lost: 4 },
      negotiation: { won: 10, lost: 2 },
      contract: { won: 10, lost: 0 },
    });
    const byStage = OPEN.map((stageId) => predictWinProbability(model, { stageId, status: 'open' }));
    expect(byStage).toEqual([...byStage].sort((a, b) => a - b));
    expect(new Set(byStage).size).toBe(OPEN.length);
    // Qualify is reached by every deal, so it says nothing beyond the prior (10.1 : 11.1).
    expect(byStage[0]).toBe(Math.round((10_000 * 10.1) / 21.2) / 100);
  });

  it('uses a team’s own table once it has enough history, the global one before', () => {
    const team = (won: boolean) => closed(won, won ? 'contract' : 'needs', { teamId: 'team-east' });
    const others = Array.from({ length: 20 }, (_, i) =>
      closed(i < 5, i < 5 ? 'contract' : 'needs', { teamId: 'team-b' }),
    );
    const few = trainWinProbability([...others, team(true), team(true), team(false)], {
      fields: ['territoryId'],
      minTeamExamples: 10,
    });
    expect(explainWinProbability(few, { teamId: 'team-east' })).toMatchObject({ scope: 'global' });
    const many = trainWinProbability([...others, ...Array.from({ length: 10 }, (_, i) => team(i < 8))], {
      fields: ['territoryId'],
      minTeamExamples: 10,
    });
    const explained = explainWinProbability(many, { teamId: 'team-east' });
    expect(explained).toMatchObject({ scope: 'team', teamId: 'team-east' });
    expect(explained.probability).toBe(Math.round((10_000 * 8.1) / 10.2) / 100);
  });

  it('explains which fields moved the probability most', () => {
    const deals = [
      ...Array.from({ length: 12 }, (_, i) =>
        closed(true, 'contract', { territoryId: i < 9 ? 'east' : 'west', products: ['PUR-C1000'] }),
      ),
      ...Array.from({ length: 12 }, (_, i) =>
        closed(false, 'needs', { territoryId: i < 3 ? 'east' : 'west', products: ['PUR-C1000'] }),
      ),
    ];
    const model = trainWinProbability(deals, {
      fields: ['products', 'territoryId', 'stageId'],
      pipeline: keyAccountPipeline,
    });
    const explanation = explainWinProbability(model, {
      territoryId: 'east',
      products: ['PUR-C1000'],
      stageId: 'proposal',
    });
    expect(explanation.contributions.map((c) => c.field)).toEqual(['stageId', 'territoryId', 'products']);
    expect(explanation.contributions[2]?.logOdds).toBeCloseTo(0, 12);
    const sum = explanation.prior + explanation.contributions.reduce((total, c) => total + c.logOdds, 0);
    expect(sum).toBeCloseTo(explanation.logOdds, 12);
    expect(explanation.probability).toBe(
      predictWinProbability(model, { territoryId: 'east', products: ['PUR-C1000'], stageId: 'proposal' }),
    );
  });

  it('bins numeric fields', () => {
    const amount = (yuan: number) => ({ amount: { amount: yuan * 100, currency: 'CNY' } });
    const deals = [
      ...Array.from({ length: 12 }, () => closed(true, 'contract', amount(80_000))),
      ...Array.from({ length: 12 }, () => closed(false, 'needs', amount(3_000_000))),
    ];
    const feature: WinFeature = { field: 'amount.amount', bins: [10_000_000, 100_000_000] };
    const model = trainWinProbability(deals, { fields: [feature] });
    expect(Object.keys(model.global.values['amount.amount#10000000,100000000']!)).toEqual([
      '<10000000',
      '≥100000000',
    ]);
    expect(predictWinProbability(model, amount(50_000))).toBeGreaterThan(95);
    expect(predictWinProbability(model, amount(2_000_000))).toBeLessThan(5);
    expect(predictWinProbability(model, amount(500_000))).toBe(50);
  });

  it('refuses unknown fields, a stage without its pipeline, and updates with open deals', () => {
    expect(validationPaths(() => trainWinProbability([], { fields: ['stageId', 'teritoryId'] }))).toEqual([
      ['fields', 1],
      ['pipeline'],
    ]);
    expect(
      validationPaths(() => trainWinProbability([], { fields: [{ field: 'amount.amont', bins: [1] }] })),
    ).toEqual([['fields', 0, 'field']]);
    const model = trainWinProbability([], { fields: ['territoryId'] });
    expect(validationPaths(() => updateWinProbability(model, { status: 'open' }))).toEqual([['status']]);
    expect(validationPaths(() => retractWinProbability(model, closed(true, 'contract')))).toEqual([]);
  });

  it('offers the same functions under short names', () => {
    expect(winProbability.train).toBe(trainWinProbability);
    expect(winProbability.predict).toBe(predictWinProbability);
  });
});

// ── Invariants ──────────────────────────────────────────────────────────────────────────────────

const FEATURES: WinFeature[] = [
  'stageId',
  'territoryId',
  'products',
  'amount.currency',
  { field: 'amount.amount', bins: [1_000_000, 10_000_000] },
];

const dealArbitrary: fc.Arbitrary<DealLike> = fc
  .record({
    status: fc.constantFrom('won', 'lost', 'lost', 'open'),
    stage: fc.integer({ min: 0, max: 4 }),
    lostInPlace: fc.boolean(),
    teamId: fc.option(fc.constantFrom('t1', 't2', '__proto__'), { nil: undefined }),
    territoryId: fc.option(fc.constantFrom('east', 'south', 'north', 'constructor'), { nil: undefined }),
    products: fc.subarray(['A', 'B', 'C', 'D']),
    amount: fc.integer({ min: 0, max: 20_000_000 }),
    currency: fc.constantFrom('CNY', 'USD'),
  })
  .map(({ status, stage, lostInPlace, teamId, territoryId, products, amount, currency }): DealLike => {
    const from = OPEN[stage]!;
    const base: DealLike = {
      products,
      amount: { amount, currency },
      ...(teamId === undefined ? {} : { teamId }),
      ...(territoryId === undefined ? {} : { territoryId }),
    };
    if (status === 'open') return { ...base, status, stageId: from };
    if (status === 'lost' && lostInPlace) return { ...base, status, stageId: from };
    return { ...closed(status === 'won', from), ...base };
  });

const options = fc.record({
  minExamples: fc.integer({ min: 1, max: 4 }),
  minTeamExamples: fc.integer({ min: 1, max: 8 }),
});

describe('win-probability invariants', () => {
  it('updating deal by deal equals training from scratch', () => {
    fc.assert(
      fc.property(fc.array(dealArbitrary, { maxLength: 40 }), fc.nat(), options, (deals, cut, limits) => {
        const settings = { fields: FEATURES, pipeline: keyAccountPipeline, ...limits };
        const split = deals.length === 0 ? 0 : cut % (deals.length + 1);
        let model = trainWinProbability(deals.slice(0, split), settings);
        for (const deal of deals.slice(split)) {
          if (deal.status === 'won' || deal.status === 'lost') model = updateWinProbability(model, deal);
        }
        const retrained = trainWinProbability(deals, settings);
        expect(model).toEqual(retrained);
        for (const deal of deals)
          expect(predictWinProbability(model, deal)).toBe(predictWinProbability(retrained, deal));
      }),
      { numRuns: 200 },
    );
  });

  it('retracting a counted deal equals training without it', () => {
    fc.assert(
      fc.property(
        fc.array(dealArbitrary, { minLength: 1, maxLength: 30 }),
        fc.nat(),
        options,
        (deals, pick, limits) => {
          const settings = { fields: FEATURES, pipeline: keyAccountPipeline, ...limits };
          const index = pick % deals.length;
          const deal = deals[index]!;
          fc.pre(deal.status !== 'open');
          const without = deals.filter((_, i) => i !== index);
          expect(retractWinProbability(trainWinProbability(deals, settings), deal)).toEqual(
            trainWinProbability(without, settings),
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a probability is always within 0.01–99.99 %, with two decimals', () => {
    fc.assert(
      fc.property(
        fc.array(dealArbitrary, { maxLength: 60 }),
        dealArbitrary,
        options,
        (deals, deal, limits) => {
          const model = trainWinProbability(deals, {
            fields: FEATURES,
            pipeline: keyAccountPipeline,
            ...limits,
          });
          const probability = predictWinProbability(model, deal);
          expect(probability).toBeGreaterThanOrEqual(MIN_PROBABILITY);
          expect(probability).toBeLessThanOrEqual(MAX_PROBABILITY);
          expect(Number(probability.toFixed(2))).toBe(probability);
          expect(explainWinProbability(model, deal).probability).toBe(probability);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stays within bounds on an overwhelming history', () => {
    const wins = Array.from({ length: 2000 }, () =>
      closed(true, 'contract', { territoryId: 'east', products: ['A', 'B', 'C'] }),
    );
    const model = trainWinProbability([...wins, closed(false, 'qualify')], {
      fields: FEATURES,
      pipeline: keyAccountPipeline,
    });
    expect(
      predictWinProbability(model, { territoryId: 'east', products: ['A', 'B', 'C'], stageId: 'contract' }),
    ).toBe(MAX_PROBABILITY);
  });

  it('a later stage never lowers the probability', () => {
    fc.assert(
      fc.property(
        fc.array(dealArbitrary, { maxLength: 60 }),
        dealArbitrary,
        options,
        (deals, deal, limits) => {
          const model = trainWinProbability(deals, {
            fields: FEATURES,
            pipeline: keyAccountPipeline,
            ...limits,
          });
          const byStage = OPEN.map((stageId) =>
            predictWinProbability(model, { ...deal, stageId, status: 'open' }),
          );
          for (let k = 1; k < byStage.length; k++) expect(byStage[k]).toBeGreaterThanOrEqual(byStage[k - 1]!);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is plain JSON: a stored model parses back and predicts the same', () => {
    // zod drops a record key named "__proto__" when parsing, so a team of that name is left out here.
    const ordinary = dealArbitrary.filter((deal) => deal.teamId !== '__proto__');
    fc.assert(
      fc.property(fc.array(ordinary, { maxLength: 40 }), ordinary, (deals, deal) => {
        const model = trainWinProbability(deals, {
          fields: FEATURES,
          pipeline: keyAccountPipeline,
          minExamples: 1,
        });
        const stored = WinProbabilityModelSchema.parse(JSON.parse(JSON.stringify(model)));
        expect(stored).toEqual(model);
        expect(predictWinProbability(stored, deal)).toBe(predictWinProbability(model, deal));
      }),
      { numRuns: 100 },
    );
  });
});
